package dev.settle.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renewals in bulk: {@code count} active monthly subscriptions (10.00, success card) on one test
 * clock, all due at the same instant; one advance past the renewal and the auto-finalize hour
 * renews, finalizes and charges every one. Reports the time until the clock is ready (every
 * subscription renewed, invoiced, charged), renewals per second, Settle's CPU per renewal, and
 * checks exactly one cycle invoice and one successful charge per subscription.
 *
 * <p>The subscriptions are seeded with SQL (customers, a copy of one tokenized card each, the
 * subscription rows as a create would leave them a month earlier), so the setup takes seconds;
 * everything measured runs through Settle.
 *
 * <p>Arguments: base URL, secret key, account id, embedded PostgreSQL port, server pid, server
 * data folder, count.
 */
public final class RenewalsBench {

    private static final Instant START = Instant.parse("2027-01-01T00:00:00Z");
    private static final Instant DUE = Instant.parse("2027-02-01T00:00:00Z");

    private RenewalsBench() {
    }

    public static void main(String[] args) throws Exception {
        String baseUrl = args[0];
        String key = args[1];
        String account = args[2];
        int pgPort = Integer.parseInt(args[3]);
        long serverPid = Long.parseLong(args[4]);
        String dataDir = args[5];
        int count = Integer.parseInt(args[6]);
        Http http = new Http(baseUrl, key);
        try (Connection db = DriverManager.getConnection("jdbc:postgresql://localhost:" + pgPort + "/postgres", "postgres", "")) {
            String clock = id(http.post("/v1/test_helpers/test_clocks", "{\"frozen_time\":" + START.getEpochSecond() + "}"), "clock");
            String product = id(http.post("/v1/products", "{\"name\":\"Bench plan\"}"), "prod");
            String price = id(http.post("/v1/prices", "{\"product\":\"" + product
                    + "\",\"currency\":\"usd\",\"unit_amount\":1000,\"recurring\":{\"interval\":\"month\"}}"), "price");
            String card = id(http.post("/v1/payment_methods", "{\"type\":\"card\",\"card\":{\"number\":\"4242424242424242\","
                    + "\"exp_month\":12,\"exp_year\":2034,\"cvc\":\"123\"}}"), "pm");
            long seeded = System.nanoTime();
            seed(db, account, clock, price, card, count);
            System.out.printf(Locale.ROOT, "Seeded %,d subscriptions due at %s in %.1f s%n", count, DUE, (System.nanoTime() - seeded) / 1e9);

            CpuUse cpu = new CpuUse(serverPid, dataDir);
            cpu.begin();
            long started = System.nanoTime();
            // The renewal at Feb 1 00:00 (drafts), their finalization and charge at 01:00.
            Instant target = DUE.plusSeconds(3600 + 60);
            http.post("/v1/test_helpers/test_clocks/" + clock + "/advance", "{\"frozen_time\":" + target.getEpochSecond() + "}");
            while (!http.get("/v1/test_helpers/test_clocks/" + clock).contains("\"status\":\"ready\"")) {
                Thread.sleep(200);
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            CpuUse.Step step = cpu.end(count);
            System.out.printf(Locale.ROOT, "Drained %,d renewals in %.1f s: %.0f renewals/s%n", count, seconds, count / seconds);
            System.out.printf(Locale.ROOT, "RESULT renewals: server CPU per renewal %.2f ms (generator %.2f ms, others %.0f%%)%n",
                    step.serverMsPerPayment(), step.generatorMsPerPayment(), step.othersPercent());
            check(db, account, count);
        }
    }

    private static void seed(Connection db, String account, String clock, String price, String card, int count) throws Exception {
        db.setAutoCommit(false);
        try (Statement sql = db.createStatement()) {
            sql.execute("CREATE TEMP TABLE bench_ids AS SELECT n, 'cus_bench' || n AS customer, 'pm_bench' || n AS method, "
                    + "'sub_bench' || n AS sub FROM generate_series(1, " + count + ") n");
        }
        Timestamp start = Timestamp.from(START);
        Timestamp due = Timestamp.from(DUE);
        try (PreparedStatement customers = db.prepareStatement("""
                INSERT INTO customers (id, account_id, livemode, name, metadata, test_clock_id, created_at)
                SELECT customer, ?, false, 'Bench ' || n, '{}', ?, ? FROM bench_ids""");
             PreparedStatement methods = db.prepareStatement("""
                INSERT INTO payments_methods (id, account_id, livemode, customer_id, default_for_customer, type, brand, last4, exp_month,
                    exp_year, fingerprint, processor, processor_token, metadata, created_at)
                SELECT b.method, m.account_id, false, b.customer, true, m.type, m.brand, m.last4, m.exp_month, m.exp_year, m.fingerprint,
                    m.processor, m.processor_token, '{}', m.created_at
                FROM bench_ids b CROSS JOIN payments_methods m WHERE m.id = ?""");
             PreparedStatement subs = db.prepareStatement("""
                INSERT INTO billing_subscriptions (id, account_id, livemode, customer_id, test_clock_id, status, currency, recur_interval,
                    interval_count, billing_cycle_anchor, period_index, current_period_start, current_period_end, collection_method,
                    metadata, next_action_at, created_at)
                SELECT sub, ?, false, customer, ?, 'active', 'usd', 'month', 1, ?, 0, ?, ?, 'charge_automatically', '{}', ?, ?
                FROM bench_ids""");
             PreparedStatement items = db.prepareStatement("""
                INSERT INTO billing_subscription_items (id, subscription_id, price_id, quantity, position, created_at)
                SELECT 'si_bench' || n, sub, ?, 1, 0, ? FROM bench_ids""")) {
            customers.setString(1, account);
            customers.setString(2, clock);
            customers.setTimestamp(3, start);
            customers.executeUpdate();
            methods.setString(1, card);
            methods.executeUpdate();
            subs.setString(1, account);
            subs.setString(2, clock);
            subs.setTimestamp(3, start);
            subs.setTimestamp(4, start);
            subs.setTimestamp(5, due);
            subs.setTimestamp(6, due);
            subs.setTimestamp(7, start);
            subs.executeUpdate();
            items.setString(1, price);
            items.setTimestamp(2, start);
            items.executeUpdate();
        }
        db.commit();
        db.setAutoCommit(true);
    }

    /** Exactly one paid cycle invoice and one successful charge per subscription, or the run fails. */
    private static void check(Connection db, String account, int count) throws Exception {
        try (PreparedStatement check = db.prepareStatement("""
                SELECT
                  (SELECT count(*) FROM billing_subscriptions s WHERE s.account_id = ?
                     AND (SELECT count(*) FROM billing_invoices i WHERE i.subscription_id = s.id AND i.billing_reason = 'subscription_cycle'
                          AND i.status = 'paid' AND i.amount_paid = 1000) = 1),
                  (SELECT count(*) FROM billing_invoices WHERE account_id = ? AND billing_reason = 'subscription_cycle'),
                  (SELECT count(*) FROM payments_charges c JOIN payments_intents p ON p.id = c.payment_intent_id
                     WHERE p.account_id = ? AND c.status = 'succeeded'),
                  (SELECT count(DISTINCT p.customer_id) FROM payments_charges c JOIN payments_intents p ON p.id = c.payment_intent_id
                     WHERE p.account_id = ? AND c.status = 'succeeded')
                """)) {
            for (int i = 1; i <= 4; i++) {
                check.setString(i, account);
            }
            try (ResultSet rs = check.executeQuery()) {
                rs.next();
                long oneEach = rs.getLong(1);
                long invoices = rs.getLong(2);
                long charges = rs.getLong(3);
                long charged = rs.getLong(4);
                System.out.printf(Locale.ROOT, "Check: %,d of %,d subscriptions have exactly one paid invoice; %,d cycle invoices, "
                        + "%,d successful charges for %,d customers%n", oneEach, count, invoices, charges, charged);
                boolean ok = oneEach == count && invoices == count && charges == count && charged == count;
                System.out.println("CHECK " + (ok ? "OK" : "FAILED"));
                if (!ok) {
                    System.exit(1);
                }
            }
        }
    }

    private static String id(String json, String prefix) {
        Matcher m = Pattern.compile("\"id\":\"(" + prefix + "_[0-9A-Za-z]+)\"").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("No " + prefix + " id in " + json);
        }
        return m.group(1);
    }
}
