package dev.settle.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HexFormat;

import org.flywaydb.core.Flyway;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The baseline: the rows one Settle payment writes, in the same transactions, with the same
 * locks, on the same tables (Settle's own migrations, ledger triggers included), straight over
 * JDBC on an identical embedded PostgreSQL 17 — no HTTP, no JSON mapping, no framework. The
 * ratio of Settle's rate to this one is what Settle's layers cost. Like the Settle run, one
 * payment is one idempotent request that creates and confirms.
 */
final class RawPostgresPayments implements OpenLoop.Operation, AutoCloseable {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ACCOUNT = "acct_bench";
    private static final String METHOD = "pm_bench";
    private static final String TOKEN = "tok_bench";
    /** About the size of the intent snapshot Settle stores with each event. */
    private static final String SNAPSHOT = "{\"id\":\"pi_x\",\"object\":\"payment_intent\",\"livemode\":false,\"amount\":1000,"
            + "\"currency\":\"usd\",\"status\":\"succeeded\",\"customer\":null,\"payment_method\":\"pm_bench\","
            + "\"capture_method\":\"automatic\",\"amount_capturable\":0,\"amount_received\":1000,\"description\":null,"
            + "\"metadata\":{},\"last_payment_error\":null,\"next_action\":null,\"latest_charge\":\"ch_x\",\"charges\":{"
            + "\"object\":\"list\",\"data\":[{\"id\":\"ch_x\",\"object\":\"charge\",\"livemode\":false,\"amount\":1000,"
            + "\"currency\":\"usd\",\"payment_intent\":\"pi_x\",\"payment_method\":\"pm_bench\",\"status\":\"succeeded\","
            + "\"captured\":true,\"amount_captured\":1000,\"amount_refunded\":0,\"fee\":59,\"failure_code\":null,"
            + "\"decline_code\":null,\"failure_message\":null,\"processor\":\"simulator\",\"processor_reference\":\"sch_x\","
            + "\"needs_review\":false,\"created\":1795288400}],\"has_more\":false,\"url\":\"/v1/charges?payment_intent=pi_x\"},"
            + "\"cancellation_reason\":null,\"canceled_at\":null,\"created\":1795288400}";

    private final EmbeddedPostgres postgres;
    private final HikariDataSource pool;

    private RawPostgresPayments(EmbeddedPostgres postgres, HikariDataSource pool) {
        this.postgres = postgres;
        this.pool = pool;
    }

    static RawPostgresPayments start() throws Exception {
        Path dataDir = Files.createTempDirectory("settle-baseline-");
        // The same durability as Settle's embedded database: every commit synced before it is acknowledged.
        EmbeddedPostgres postgres = EmbeddedPostgres.builder().setDataDirectory(dataDir).setCleanDataDirectory(true)
                .setServerConfig("max_connections", "200").setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on").setServerConfig("full_page_writes", "on").start();
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
        config.setMaximumPoolSize(20);
        HikariDataSource pool = new HikariDataSource(config);
        Path migrations = Path.of(System.getProperty("settle.migrations", "server/src/main/resources"));
        Flyway.configure().dataSource(pool).locations("filesystem:" + migrations.resolve("db/migration")).load().migrate();
        Flyway.configure().dataSource(pool).schemas("simulator").createSchemas(true).table("simulator_schema_history")
                .locations("filesystem:" + migrations.resolve("db/simulator")).load().migrate();
        try (Connection c = pool.getConnection()) {
            c.createStatement().execute("INSERT INTO simulator.tokens (id, scenario, brand, last4, fingerprint, exp_month, exp_year, created_at)"
                    + " VALUES ('" + TOKEN + "', 'success', 'visa', '4242', 'f', 12, 2034, now())");
            c.createStatement().execute("INSERT INTO payments_methods (id, account_id, livemode, type, brand, last4, exp_month, exp_year,"
                    + " fingerprint, processor, processor_token, created_at) VALUES ('" + METHOD + "', '" + ACCOUNT
                    + "', false, 'card', 'visa', '4242', 12, 2034, 'f', 'simulator', '" + TOKEN + "', now())");
        }
        return new RawPostgresPayments(postgres, pool);
    }

    @Override
    public void run(long sequence) throws Exception {
        long amount = 1000 + sequence % 9000;
        long fee = Math.round(amount * 0.029) + 30;
        String intent = id("pi");
        String charge = id("ch");
        String simCharge = id("sch");

        String createKey = claim();
        inTransaction(c -> {
            update(c, "INSERT INTO payments_intents (id, account_id, livemode, amount, currency, payment_method_id, capture_method,"
                    + " status, metadata, created_at, updated_at) VALUES (?, ?, false, ?, 'usd', ?, 'automatic',"
                    + " 'requires_confirmation', '{}', now(), now())", intent, ACCOUNT, amount, METHOD);
            event(c, intent, "payment_intent.created");
        });
        inTransaction(c -> {
            query(c, "SELECT status FROM payments_intents WHERE id = ? AND account_id = ? AND livemode = false FOR UPDATE", intent, ACCOUNT);
            query(c, "SELECT processor_token FROM payments_methods WHERE id = ? AND account_id = ?", METHOD, ACCOUNT);
            update(c, "INSERT INTO payments_charges (id, payment_intent_id, account_id, livemode, amount, currency, payment_method_id,"
                    + " processor, status, processor_state, next_check_at, created_at, updated_at) VALUES (?, ?, ?, false, ?, 'usd', ?,"
                    + " 'simulator', 'pending', 'pending', now() + interval '60 seconds', now(), now())",
                    charge, intent, ACCOUNT, amount, METHOD);
            update(c, "UPDATE payments_intents SET status = 'processing', latest_charge_id = ?, updated_at = now() WHERE id = ?", charge, intent);
            event(c, intent, "payment_intent.processing");
        });
        inTransaction(c -> {
            update(c, "INSERT INTO simulator.idempotency_keys (idempotency_key, request_hash, created_at) VALUES (?, ?, now())",
                    "settle_" + charge, sha256(charge));
            query(c, "SELECT scenario FROM simulator.tokens WHERE id = ?", TOKEN);
            update(c, "INSERT INTO simulator.charges (id, token_id, scenario, status, amount, currency, capture, amount_captured,"
                    + " amount_refunded, fee, idempotency_key, created_at) VALUES (?, ?, 'success', 'succeeded', ?, 'usd', true, ?, 0, ?, ?, now())",
                    simCharge, TOKEN, amount, amount, fee, "settle_" + charge);
            update(c, "UPDATE simulator.idempotency_keys SET response_status = 200, response_body = ? WHERE idempotency_key = ?",
                    SNAPSHOT.substring(0, 500), "settle_" + charge);
        });
        inTransaction(c -> {
            query(c, "SELECT status FROM payments_intents WHERE id = ? AND account_id = ? AND livemode = false FOR UPDATE", intent, ACCOUNT);
            query(c, "SELECT status FROM payments_charges WHERE id = ?", charge);
            update(c, "UPDATE payments_charges SET processor_reference = ?, status = 'succeeded', processor_state = 'succeeded',"
                    + " captured = true, amount_captured = ?, fee = ?, next_check_at = NULL, updated_at = now() WHERE id = ?",
                    simCharge, amount, fee, charge);
            event(c, charge, "charge.succeeded");
            String txn = id("txn");
            update(c, "INSERT INTO ledger_transactions (id, account_id, livemode, currency, type, source_id, amount, fee, net,"
                    + " available_on, created_at) VALUES (?, ?, false, 'usd', 'charge', ?, ?, ?, ?, now() + interval '2 days', now())"
                    + " ON CONFLICT (account_id, livemode, type, source_id) DO NOTHING", txn, ACCOUNT, charge, amount, fee, amount - fee);
            entry(c, txn, "receivable_pending", amount - fee);
            entry(c, txn, "processor_fees", fee);
            entry(c, txn, "gross_volume", -amount);
            update(c, "UPDATE payments_intents SET status = 'succeeded', amount_received = ?, updated_at = now() WHERE id = ?", amount, intent);
            query(c, "SELECT id FROM payments_charges WHERE payment_intent_id = ?", intent);
            event(c, intent, "payment_intent.succeeded");
        });
        complete(createKey);
    }

    /** What the idempotency filter does before a request: claim the key in its own statement. */
    private String claim() throws SQLException {
        String key = id("idem");
        try (Connection c = pool.getConnection()) {
            update(c, "INSERT INTO idempotency_keys (account_id, livemode, idempotency_key, request_method, request_path, request_hash,"
                    + " state, locked_until, created_at) VALUES (?, false, ?, 'POST', '/v1/payment_intents', ?, 'in_flight',"
                    + " now() + interval '60 seconds', now()) ON CONFLICT DO NOTHING", ACCOUNT, key, sha256(key));
        }
        return key;
    }

    private void complete(String key) throws SQLException {
        inTransaction(c -> update(c, "UPDATE idempotency_keys SET state = 'completed', locked_until = NULL, response_status = 200,"
                + " response_content_type = 'application/json', response_body = ?, completed_at = now()"
                + " WHERE account_id = ? AND livemode = false AND idempotency_key = ? AND state = 'in_flight'",
                SNAPSHOT.getBytes(), ACCOUNT, key));
    }

    private static void event(Connection c, String objectId, String type) throws SQLException {
        update(c, "INSERT INTO events_outbox (id, account_id, livemode, type, object_id, data, created_at)"
                + " VALUES (?, ?, false, ?, ?, CAST(? AS json), now())", id("evt"), ACCOUNT, type, objectId, SNAPSHOT);
    }

    private static void entry(Connection c, String txn, String account, long amount) throws SQLException {
        update(c, "INSERT INTO ledger_entries (transaction_id, account_id, livemode, currency, ledger_account, amount, created_at)"
                + " VALUES (?, ?, false, 'usd', ?, ?, now())", txn, ACCOUNT, account, amount);
    }

    private interface Work {
        void run(Connection connection) throws SQLException;
    }

    private void inTransaction(Work work) throws SQLException {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try {
                work.run(c);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    private static void update(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement statement = c.prepareStatement(sql)) {
            bind(statement, params);
            statement.executeUpdate();
        }
    }

    private static void query(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement statement = c.prepareStatement(sql)) {
            bind(statement, params);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    rs.getObject(1);
                }
            }
        }
    }

    private static void bind(PreparedStatement statement, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            statement.setObject(i + 1, params[i] instanceof Instant instant ? Timestamp.from(instant) : params[i]);
        }
    }

    private static String id(String prefix) {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return prefix + "_" + HexFormat.of().formatHex(bytes);
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws Exception {
        pool.close();
        postgres.close();
    }
}
