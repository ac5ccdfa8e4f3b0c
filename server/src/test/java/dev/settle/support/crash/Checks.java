package dev.settle.support.crash;

import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import dev.settle.support.Api;

/**
 * Waits for Settle to settle what a crash left in flight (janitors, relay, archive, retries),
 * then checks every invariant against the database, the API and the receiver.
 */
final class Checks {

    private final SettleNode node;
    private final String key;
    private final String accountId;
    private final String endpointId;
    private final Receiver receiver;
    private final Acknowledged acknowledged;

    Checks(SettleNode node, String key, String accountId, String endpointId, Receiver receiver, Acknowledged acknowledged) {
        this.node = node;
        this.key = key;
        this.accountId = accountId;
        this.endpointId = endpointId;
        this.receiver = receiver;
        this.acknowledged = acknowledged;
    }

    /**
     * A job execution (janitor, relay, dispatch) still claimed by a Settle that is gone: its last
     * heartbeat is older than the running Settle's launch. The job does not run until db-scheduler
     * declares that claim dead.
     */
    private static final String JOBS_HELD_BY_DEAD_NODES = """
            SELECT task_name || ' since ' || last_heartbeat AS job, picked_by, last_heartbeat
            FROM scheduled_tasks
            WHERE picked
              AND last_heartbeat < ?
            """;

    private static final String IN_FLIGHT = """
            SELECT (SELECT count(*) FROM payments_intents WHERE status = 'processing') AS processing_intents,
                   (SELECT count(*) FROM refunds WHERE status = 'pending') AS pending_refunds,
                   (SELECT count(*) FROM events_outbox WHERE sequence IS NULL) AS unrelayed_events,
                   (SELECT count(*) FROM events_outbox
                    WHERE relay_order > (SELECT coalesce(max(relay_order), 0) FROM events_archive_marks)) AS unarchived_events,
                   (SELECT count(*) FROM webhooks_deliveries WHERE status = 'pending') AS pending_deliveries,
                   (SELECT count(*) FROM simulator.charges WHERE status = 'processing') AS processor_processing,
                   (SELECT count(*) FROM simulator.events WHERE delivery_status = 'pending') AS processor_webhooks_pending,
                   (SELECT count(*) FROM scheduled_tasks WHERE picked AND last_heartbeat < ?) AS jobs_held_by_dead_nodes
            """;

    /**
     * Polls until nothing is in flight and the receiver has every deliverable event. Returns how
     * long that took, or empty if something was still in flight after {@code within} (the checks
     * then say what).
     */
    Optional<Duration> awaitSettled(Duration within) throws InterruptedException {
        Instant begun = Instant.now();
        while (Duration.between(begun, Instant.now()).compareTo(within) < 0) {
            try (Sql sql = Sql.connect(node.jdbcUrl())) {
                Object[] counts = sql.rows(IN_FLIGHT, launched()).getFirst();
                boolean quiet = java.util.Arrays.stream(counts).allMatch(count -> ((Number) count).longValue() == 0);
                if (quiet && receiver.ids().containsAll(sql.strings(EventChecks.DELIVERABLE, endpointId))) {
                    return Optional.of(Duration.between(begun, Instant.now()));
                }
            } catch (SQLException notNow) {
                // the database is not answering yet
            }
            Thread.sleep(1000);
        }
        return Optional.empty();
    }

    List<Violation> run() throws SQLException {
        Api api = node.api();
        try (Sql sql = Sql.connect(node.jdbcUrl())) {
            List<Violation> found = new ArrayList<>(MoneyChecks.run(sql, acknowledged));
            found.addAll(EventChecks.run(sql, api, key, accountId, endpointId, receiver));
            found.addAll(sql.violations("scheduled job held by a Settle that is gone", JOBS_HELD_BY_DEAD_NODES, launched()));
            return found;
        }
    }

    private Timestamp launched() {
        return Timestamp.from(node.launched());
    }

    /** For the round's report: how many events the receiver has, and how many deliveries it took. */
    String receiverSummary() {
        Set<String> ids = receiver.ids();
        return ids.size() + " distinct webhooks received in " + receiver.deliveries() + " deliveries";
    }
}
