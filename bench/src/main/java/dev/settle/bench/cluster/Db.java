package dev.settle.bench.cluster;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bed's database, read (and, for the purge check, seeded) by the check: what the nodes wrote,
 * counted from the outside. The simulator's tables are in it too (schema {@code simulator}).
 */
final class Db implements AutoCloseable {

    /** Things that must never be: each query returns one row per violation. */
    static final Map<String, String> MONEY = new LinkedHashMap<>();

    static {
        MONEY.put("unbalanced ledger transaction", """
                SELECT t.id
                FROM ledger_transactions t
                LEFT JOIN ledger_entries e ON e.transaction_id = t.id
                GROUP BY t.id
                HAVING coalesce(sum(e.amount), 0) <> 0 OR count(e.id) < 2
                """);
        MONEY.put("charge not posted exactly once (or for the wrong amount)", """
                SELECT c.id
                FROM payments_charges c
                LEFT JOIN ledger_transactions t
                       ON t.type = 'charge' AND t.source_id = c.id AND t.account_id = c.account_id AND t.livemode = c.livemode
                GROUP BY c.id
                HAVING count(t.id) <> CASE WHEN c.status = 'succeeded' AND c.captured THEN 1 ELSE 0 END
                    OR max(t.amount) <> c.amount_captured
                """);
        MONEY.put("payment charged twice at the processor", """
                SELECT c.payment_intent_id
                FROM payments_charges c
                JOIN simulator.charges s ON s.idempotency_key = 'settle_' || c.id
                WHERE s.status = 'succeeded'
                GROUP BY c.payment_intent_id
                HAVING count(*) > 1
                """);
        MONEY.put("card charged twice at the processor", """
                SELECT s.token_id
                FROM simulator.charges s
                WHERE s.status = 'succeeded'
                GROUP BY s.token_id
                HAVING count(*) > 1
                """);
        MONEY.put("Settle and the processor disagree on a charge", """
                SELECT coalesce(c.id, s.idempotency_key)
                FROM payments_charges c
                FULL JOIN simulator.charges s ON s.idempotency_key = 'settle_' || c.id
                WHERE (coalesce(c.status, '') = 'succeeded') <> (coalesce(s.status, '') = 'succeeded')
                   OR c.amount_captured <> s.amount_captured
                """);
        MONEY.put("intent disagrees with its charges", """
                SELECT i.id
                FROM payments_intents i
                LEFT JOIN payments_charges c ON c.payment_intent_id = i.id
                GROUP BY i.id
                HAVING count(c.id) FILTER (WHERE c.status = 'succeeded') <> CASE WHEN i.status = 'succeeded' THEN 1 ELSE 0 END
                    OR i.amount_received <> coalesce(sum(c.amount_captured), 0)
                """);
        MONEY.put("one request (Idempotency-Key) made two intents", """
                SELECT metadata ->> 'request'
                FROM payments_intents
                WHERE metadata ->> 'request' IS NOT NULL
                GROUP BY 1
                HAVING count(*) > 1
                """);
        MONEY.put("refund not posted as its status requires", """
                SELECT r.id
                FROM refunds r
                LEFT JOIN ledger_transactions t ON t.source_id = r.id AND t.account_id = r.account_id AND t.livemode = r.livemode
                GROUP BY r.id
                HAVING count(t.id) FILTER (WHERE t.type = 'refund') <> 1
                    OR count(t.id) FILTER (WHERE t.type = 'refund_settlement') <> CASE WHEN r.status = 'succeeded' THEN 1 ELSE 0 END
                    OR count(t.id) FILTER (WHERE t.type = 'refund_failure') <> CASE WHEN r.status IN ('failed', 'canceled') THEN 1 ELSE 0 END
                """);
        MONEY.put("event sequence with a gap or a repeat", """
                SELECT account_id || ' ' || livemode
                FROM events_outbox
                WHERE sequence IS NOT NULL
                GROUP BY account_id, livemode
                HAVING count(*) <> max(sequence) OR count(DISTINCT sequence) <> count(*) OR min(sequence) <> 1
                """);
        MONEY.put("succeeded object without exactly one event saying so", """
                SELECT s.id
                FROM (SELECT id, account_id, 'payment_intent.succeeded' AS event FROM payments_intents WHERE status = 'succeeded'
                      UNION ALL
                      SELECT id, account_id, 'charge.succeeded' FROM payments_charges WHERE status = 'succeeded'
                      UNION ALL
                      SELECT id, account_id, 'refund.created' FROM refunds) AS s
                LEFT JOIN events_outbox o ON o.object_id = s.id AND o.type = s.event AND o.account_id = s.account_id
                GROUP BY s.id
                HAVING count(o.position) <> 1
                """);
    }

    /** Work still to do; all zero once the cluster has settled. */
    static final String UNSETTLED = """
            SELECT (SELECT count(*) FROM payments_intents WHERE status = 'processing'),
                   (SELECT count(*) FROM refunds WHERE status = 'pending'),
                   (SELECT count(*) FROM events_outbox WHERE sequence IS NULL),
                   (SELECT count(*) FROM events_outbox
                    WHERE relay_order > (SELECT coalesce(max(relay_order), 0) FROM events_archive_marks)),
                   (SELECT count(*) FROM webhooks_deliveries WHERE status = 'pending')
            """;

    private final Connection connection;

    Db(String url) throws SQLException {
        connection = DriverManager.getConnection(url);
        connection.setAutoCommit(true);
    }

    synchronized List<List<Object>> rows(String sql, Object... args) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                statement.setObject(i + 1, args[i]);
            }
            if (!statement.execute()) {
                return List.of();
            }
            try (ResultSet rows = statement.getResultSet()) {
                List<List<Object>> result = new ArrayList<>();
                int columns = rows.getMetaData().getColumnCount();
                while (rows.next()) {
                    List<Object> row = new ArrayList<>();
                    for (int c = 1; c <= columns; c++) {
                        row.add(rows.getObject(c));
                    }
                    result.add(row);
                }
                return result;
            }
        }
    }

    long number(String sql, Object... args) throws SQLException {
        List<List<Object>> rows = rows(sql, args);
        return rows.isEmpty() || rows.getFirst().getFirst() == null ? 0 : ((Number) rows.getFirst().getFirst()).longValue();
    }

    synchronized int update(String sql, Object... args) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                statement.setObject(i + 1, args[i]);
            }
            return statement.executeUpdate();
        }
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
