package dev.settle.support.crash;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.settle.support.Api;
import tools.jackson.databind.JsonNode;

/**
 * The outbox's promises, once everything has settled: every committed event relayed, archived
 * (the outbox's marks, and the events API, which reads the archive) and delivered to the endpoint
 * at least once; every state change with its event; no delivery left claimed or overdue.
 */
final class EventChecks {

    /** How far past its due time a pending delivery may be (the dispatcher polls every second). */
    private static final String SLACK = "10 seconds";

    private EventChecks() {
    }

    private static final String UNRELAYED = """
            SELECT id, type, created_at
            FROM events_outbox
            WHERE sequence IS NULL
            """;

    private static final String UNARCHIVED = """
            SELECT id, type, relay_order
            FROM events_outbox
            WHERE relay_order > (SELECT coalesce(max(relay_order), 0) FROM events_archive_marks)
            """;

    private static final String SEQUENCE_GAPS = """
            SELECT account_id || (CASE WHEN livemode THEN ' live' ELSE ' test' END), count(*) AS events,
                   min(sequence) AS first, max(sequence) AS last
            FROM events_outbox
            WHERE sequence IS NOT NULL
            GROUP BY account_id, livemode
            HAVING count(*) <> max(sequence) - min(sequence) + 1
            """;

    /** Each state that is reached once has exactly one event saying so. */
    private static final String WITHOUT_ITS_EVENT = """
            SELECT s.id, s.event, count(o.position) AS events
            FROM (SELECT id, account_id, 'payment_intent.succeeded' AS event FROM payments_intents WHERE status = 'succeeded'
                  UNION ALL
                  SELECT id, account_id, 'charge.succeeded' FROM payments_charges WHERE status = 'succeeded'
                  UNION ALL
                  SELECT id, account_id, 'refund.created' FROM refunds) AS s
            LEFT JOIN events_outbox o ON o.object_id = s.id AND o.type = s.event AND o.account_id = s.account_id
            GROUP BY s.id, s.event
            HAVING count(o.position) <> 1
            """;

    /** Events of the account from after its endpoint existed: each must reach the receiver. */
    static final String DELIVERABLE = """
            SELECT o.id
            FROM events_outbox o
            JOIN webhooks_endpoints e ON e.id = ?
            WHERE o.account_id = e.account_id
              AND o.livemode = e.livemode
              AND o.created_at > e.created_at
            """;

    private static final String CLAIMS_PAST_LEASE = """
            SELECT event_id, attempts, next_attempt_at AS lease_until, updated_at
            FROM webhooks_deliveries
            WHERE status = 'pending'
              AND claim IS NOT NULL
              AND next_attempt_at < now() - interval '%s'
            """.formatted(SLACK);

    private static final String OVERDUE = """
            SELECT event_id, attempts, failures, next_attempt_at, last_error
            FROM webhooks_deliveries
            WHERE status = 'pending'
              AND claim IS NULL
              AND next_attempt_at < now() - interval '%s'
            """.formatted(SLACK);

    private static final String FAILED = """
            SELECT event_id, attempts, failures, last_error
            FROM webhooks_deliveries
            WHERE status = 'failed'
            """;

    private static final String ACCOUNT_EVENTS = """
            SELECT id
            FROM events_outbox
            WHERE account_id = ?
              AND NOT livemode
              AND sequence IS NOT NULL
            """;

    static List<Violation> run(Sql sql, Api api, String key, String accountId, String endpointId, Receiver receiver)
            throws SQLException {
        List<Violation> found = new ArrayList<>();
        found.addAll(sql.violations("committed event never relayed", UNRELAYED));
        found.addAll(sql.violations("relayed event not archived (outbox mark)", UNARCHIVED));
        found.addAll(sql.violations("gap in an account's event sequence", SEQUENCE_GAPS));
        found.addAll(sql.violations("state change without exactly one event", WITHOUT_ITS_EVENT));
        found.addAll(sql.violations("delivery claim held past its lease", CLAIMS_PAST_LEASE));
        found.addAll(sql.violations("pending delivery overdue", OVERDUE));
        found.addAll(sql.violations("delivery failed to an endpoint that always answers 2xx", FAILED));

        Set<String> archived = archivedEvents(api, key);
        for (String id : sql.strings(ACCOUNT_EVENTS, accountId)) {
            if (!archived.contains(id)) {
                found.add(new Violation("relayed event missing from the events API (archive)", id, ""));
            }
        }
        Set<String> received = receiver.ids();
        for (String id : sql.strings(DELIVERABLE, endpointId)) {
            if (!received.contains(id)) {
                found.add(new Violation("committed event never delivered to the endpoint", id, ""));
            }
        }
        return found;
    }

    /** Every event id the events API lists for the account, page by page. */
    private static Set<String> archivedEvents(Api api, String key) {
        Set<String> ids = new HashSet<>();
        String cursor = null;
        do {
            Api.Response page = api.get("/v1/events?limit=100" + (cursor == null ? "" : "&starting_after=" + cursor), key);
            if (page.status() != 200) {
                throw new IllegalStateException("GET /v1/events answered " + page);
            }
            String last = null;
            for (JsonNode event : page.json().path("data")) {
                last = event.path("id").asString();
                ids.add(last);
            }
            cursor = page.json().path("has_more").asBoolean() ? last : null;
        } while (cursor != null);
        return ids;
    }
}
