package dev.settle.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills the event archive: through Settle's API (payments, whose events the relay numbers and the
 * archiver stores, as in production), or straight into the store with SQL, many events at a time,
 * shaped like those (a payment's four events, a refund's {@code charge.refunded} one in a thousand,
 * a payment intent's snapshot of about a kilobyte as {@code data.object}).
 */
final class EventSeeder {

    private static final Pattern INTENT = Pattern.compile("\"id\":\"(pi_[0-9A-Za-z]+)\"");

    /** About the size of the payment intent snapshot Settle stores with each event ({@code OBJECT_ID} replaced). */
    static final String SNAPSHOT = "{\"id\":\"OBJECT_ID\",\"object\":\"payment_intent\",\"livemode\":false,\"amount\":1000,"
            + "\"currency\":\"usd\",\"status\":\"succeeded\",\"customer\":null,\"payment_method\":\"pm_bench\","
            + "\"capture_method\":\"automatic\",\"amount_capturable\":0,\"amount_received\":1000,\"description\":null,"
            + "\"metadata\":{},\"last_payment_error\":null,\"next_action\":null,\"latest_charge\":\"ch_x\",\"charges\":{"
            + "\"object\":\"list\",\"data\":[{\"id\":\"ch_x\",\"object\":\"charge\",\"livemode\":false,\"amount\":1000,"
            + "\"currency\":\"usd\",\"payment_intent\":\"OBJECT_ID\",\"payment_method\":\"pm_bench\",\"status\":\"succeeded\","
            + "\"captured\":true,\"amount_captured\":1000,\"amount_refunded\":0,\"fee\":59,\"failure_code\":null,"
            + "\"decline_code\":null,\"failure_message\":null,\"processor\":\"simulator\",\"processor_reference\":\"sch_x\","
            + "\"needs_review\":false,\"created\":1795288400}],\"has_more\":false,\"url\":\"/v1/charges?payment_intent=OBJECT_ID\"},"
            + "\"cancellation_reason\":null,\"canceled_at\":null,\"created\":1795288400}";

    private final Connection db;
    private final Http http;

    EventSeeder(Connection db, Http http) {
        this.db = db;
        this.http = http;
    }

    /** Payments (four events each) and a few refunds through the API, until the archive holds {@code count} events. */
    void throughApi(String account, int count) throws Exception {
        String method = field(http.post("/v1/payment_methods",
                "{\"type\":\"card\",\"card\":{\"number\":\"4242424242424242\",\"exp_month\":12,\"exp_year\":2034,\"cvc\":\"123\"}}"),
                Pattern.compile("\"id\":\"(pm_[0-9A-Za-z]+)\""));
        int refunds = Math.max(1, count / 300);
        int payments = (count - 2 * refunds) / 4;
        List<String> intents = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<Future<String>> paid = new ArrayList<>();
            for (int i = 0; i < payments; i++) {
                paid.add(pool.submit(() -> field(http.post("/v1/payment_intents", "{\"amount\":1000,\"currency\":\"usd\","
                        + "\"payment_method\":\"" + method + "\",\"confirm\":true}"), INTENT)));
            }
            for (Future<String> intent : paid) {
                intents.add(intent.get());
            }
        }
        for (int i = 0; i < refunds; i++) {
            http.post("/v1/refunds", "{\"payment_intent\":\"" + intents.get(i * 7 % intents.size()) + "\",\"amount\":100}");
        }
        long archived = 0;
        for (int wait = 0; wait < 600 && (archived = archived(account)) < count; wait++) {
            Thread.sleep(100);
        }
        if (archived < count) {
            throw new IllegalStateException("The archive holds " + archived + " of " + count + " events after a minute");
        }
    }

    private static final String SEED = """
            INSERT INTO events_archive (account_id, livemode, sequence, event_id, type, object_id, created, payload)
            SELECT account_id, false, s, id, type, object_id, created,
                   format('{"id":"%s","object":"event","type":"%s","created":%s,"livemode":false,"sequence":%s,"data":{"object":%s}}',
                          id, type, extract(epoch FROM created)::bigint, s, replace(?, 'OBJECT_ID', object_id))::json
            FROM (
                SELECT a.account_id, s,
                       'evt_' || a.tag || lpad(s::text, 12, '0') AS id,
                       CASE WHEN s % 1000 = 500 THEN 'charge.refunded'
                            ELSE (ARRAY['payment_intent.created', 'payment_intent.processing', 'charge.succeeded',
                                        'payment_intent.succeeded'])[s % 4 + 1] END AS type,
                       CASE WHEN s % 4 = 2 OR s % 1000 = 500 THEN 'ch_' ELSE 'pi_' END || a.tag || lpad((s / 4)::text, 10, '0') AS object_id,
                       now() - interval '20 days' + s * interval '1 second' AS created
                FROM unnest(CAST(? AS text[]), CAST(? AS text[])) AS a (account_id, tag)
                CROSS JOIN generate_series(CAST(? AS bigint), CAST(? AS bigint)) AS s
            ) AS seeded
            """;

    private static final String SEQUENCES = """
            INSERT INTO events_sequences (account_id, livemode, last)
            SELECT account_id, false, max(sequence)
            FROM events_archive
            WHERE account_id = ANY (CAST(? AS text[]))
            GROUP BY account_id
            ON CONFLICT (account_id, livemode) DO UPDATE
            SET last = greatest(events_sequences.last, excluded.last)
            """;

    /**
     * Events {@code from}..{@code to} (sequence numbers) of each account, straight into the store,
     * in statements of at most 50,000 rows; the accounts' sequences move past them, so events Settle
     * makes later do not collide. Then VACUUM ANALYZE, as autovacuum would leave the table, and a
     * checkpoint, so that writing the new rows out is not what the next measurement times.
     */
    void straight(List<String> accounts, long from, long to) throws SQLException {
        long perStatement = Math.max(1, 50_000 / accounts.size());
        List<String> tags = accounts.stream().map(account -> account.substring("acct_".length())).toList();
        for (long start = from; start <= to; start += perStatement) {
            try (PreparedStatement seed = db.prepareStatement(SEED)) {
                seed.setString(1, SNAPSHOT);
                seed.setArray(2, db.createArrayOf("text", accounts.toArray()));
                seed.setArray(3, db.createArrayOf("text", tags.toArray()));
                seed.setLong(4, start);
                seed.setLong(5, Math.min(to, start + perStatement - 1));
                seed.executeUpdate();
            }
        }
        try (PreparedStatement sequences = db.prepareStatement(SEQUENCES)) {
            sequences.setArray(1, db.createArrayOf("text", accounts.toArray()));
            sequences.executeUpdate();
        }
        try (Statement vacuum = db.createStatement()) {
            vacuum.execute("VACUUM (ANALYZE) events_archive");
            vacuum.execute("CHECKPOINT");
        }
    }

    long archived(String account) throws SQLException {
        try (PreparedStatement count = db.prepareStatement("SELECT count(*) FROM events_archive WHERE account_id = ?")) {
            count.setString(1, account);
            try (var rs = count.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    long total() throws SQLException {
        try (Statement count = db.createStatement(); var rs = count.executeQuery("SELECT count(*) FROM events_archive")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String field(String json, Pattern pattern) {
        Matcher matcher = pattern.matcher(json);
        if (!matcher.find()) {
            throw new IllegalStateException("unexpected answer: " + json.substring(0, Math.min(300, json.length())));
        }
        return matcher.group(1);
    }
}
