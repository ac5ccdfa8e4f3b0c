package dev.settle.platform.internal;

import java.time.Duration;
import java.util.Map;

/**
 * The limits PostgreSQL enforces on every session of one pool, sent as startup options so they
 * cost no round trip: a statement running longer than {@code statement}, a wait for a lock
 * longer than {@code lock}, or a transaction left idle longer than {@code idleInTransaction} is
 * ended by the server (the last one ends the session, releasing its locks). The driver's own
 * socket timeout is a last guard on the client's side, for a reply that never arrives.
 */
record SessionTimeouts(Duration statement, Duration lock, Duration idleInTransaction) {

    /** How long past the longest server-side limit the driver waits on a read before giving up. */
    static final Duration SOCKET_MARGIN = Duration.ofSeconds(15);

    Map<String, String> driverProperties() {
        String options = "-c statement_timeout=" + statement.toMillis()
                + " -c lock_timeout=" + lock.toMillis()
                + " -c idle_in_transaction_session_timeout=" + idleInTransaction.toMillis();
        long socketSeconds = statement.plus(SOCKET_MARGIN).toSeconds();
        return Map.of("options", options, "socketTimeout", Long.toString(socketSeconds));
    }
}
