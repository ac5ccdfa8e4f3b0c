package dev.settle.simulator.internal;

import java.time.Duration;

/**
 * A JSON answer to an API call, as idempotency stores and replays it.
 *
 * @param delay    how long to hold the answer back before writing it (the timeout card)
 * @param replayed whether it is a stored answer to an earlier request with the same key
 */
record Reply(int status, String body, Duration delay, boolean replayed) {

    static Reply ok(String body) {
        return new Reply(200, body, Duration.ZERO, false);
    }

    Reply late(Duration by) {
        return new Reply(status, body, by, replayed);
    }
}
