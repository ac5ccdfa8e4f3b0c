package dev.settle.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;

import org.flywaydb.core.Flyway;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The baseline: the rows one Settle payment writes, in the same transactions, with the same
 * locks, on the same tables (Settle's own migrations, ledger triggers included), straight over
 * JDBC on an identical embedded PostgreSQL 17 — no HTTP, no JSON mapping, no framework. The
 * ratio of Settle's rate to this one is what Settle's layers cost. Like the Settle run, one
 * payment is one idempotent request that creates and confirms, and like Settle it sends the
 * writes that end a transaction together with its COMMIT, in one round trip ({@link Tail}).
 */
final class RawPostgresPayments implements OpenLoop.Operation, AutoCloseable {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ACCOUNT = "acct_bench";
    private static final String METHOD = "pm_bench";
    private static final String TOKEN = "tok_bench";
    private static final byte[] KEY_HASH = sha256("sk_test_bench");
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
    private final Path dataDir;

    private RawPostgresPayments(EmbeddedPostgres postgres, HikariDataSource pool, Path dataDir) {
        this.dataDir = dataDir;
        this.postgres = postgres;
        this.pool = pool;
    }

    static RawPostgresPayments start() throws Exception {
        Path dataDir = Files.createTempDirectory("settle-baseline-");
        // The same durability as Settle's embedded database: every commit synced before it is acknowledged.
        EmbeddedPostgres postgres = EmbeddedPostgres.builder().setDataDirectory(dataDir).setCleanDataDirectory(true)
                .setServerConfig("max_connections", "200").setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on").setServerConfig("full_page_writes", "on")
                .setServerConfig("min_wal_size", "1024MB").setServerConfig("max_wal_size", "2048MB").start();
        HikariConfig config = new HikariConfig();
        // TCP on loopback, as Settle talks to its embedded PostgreSQL.
        config.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
        config.setMaximumPoolSize(20);
        HikariDataSource pool = new HikariDataSource(config);
        Path migrations = Path.of(System.getProperty("settle.migrations", "server/src/main/resources"));
        Flyway.configure().dataSource(pool).locations("filesystem:" + migrations.resolve("db/migration")).load().migrate();
        Flyway.configure().dataSource(pool).schemas("simulator").createSchemas(true).table("simulator_schema_history")
                .locations("filesystem:" + migrations.resolve("db/simulator")).load().migrate();
        try (Connection c = pool.getConnection()) {
            // The write-ahead log Settle's embedded database makes in advance, with the same settings
            // (WalReserve): 1 GB of segment files recycled ahead, so that no commit waits while one is created.
            try (Statement wal = c.createStatement()) {
                for (int segment = 0; segment < 64; segment++) {
                    wal.execute("SELECT pg_logical_emit_message(false, 'bench', 'wal reserve')");
                    wal.execute("SELECT pg_switch_wal()");
                }
                wal.execute("CHECKPOINT");
            }
            c.createStatement().execute("INSERT INTO simulator.tokens (id, scenario, brand, last4, fingerprint, exp_month, exp_year, created_at)"
                    + " VALUES ('" + TOKEN + "', 'success', 'visa', '4242', 'f', 12, 2034, now())");
            c.createStatement().execute("INSERT INTO tenancy_accounts (id, name, created_at) VALUES ('" + ACCOUNT + "', 'bench', now())");
            try (PreparedStatement key = c.prepareStatement("INSERT INTO tenancy_api_keys (id, account_id, livemode, type, name,"
                    + " redacted, key_hash, scopes, created_at) VALUES ('key_bench', '" + ACCOUNT + "', false, 'secret', 'bench',"
                    + " 'sk_test_...bench', ?, '{}', now())")) {
                key.setBytes(1, KEY_HASH);
                key.executeUpdate();
            }
            c.createStatement().execute("INSERT INTO payments_methods (id, account_id, livemode, type, brand, last4, exp_month, exp_year,"
                    + " fingerprint, processor, processor_token, created_at) VALUES ('" + METHOD + "', '" + ACCOUNT
                    + "', false, 'card', 'visa', '4242', 12, 2034, 'f', 'simulator', '" + TOKEN + "', now())");
        }
        return new RawPostgresPayments(postgres, pool, dataDir);
    }

    /** The folder the baseline's PostgreSQL runs in (named on its postmaster's command line). */
    String dataDir() {
        return dataDir.toString();
    }

    @Override
    public void run(long sequence) throws Exception {
        long amount = 1000 + sequence % 9000;
        long fee = Math.round(amount * 0.029) + 30;
        String intent = id("pi");
        String charge = id("ch");
        String simCharge = id("sch");
        String key = id("idem");

        // Authentication reads nothing: Settle keeps the API key it looked up (1 s per node).
        // Record: read the payment method; the intent, its first attempt, their two events (one
        // statement) and the request's idempotency key, bound to the intent, go with the COMMIT.
        inTransaction(c -> {
            query(c, "SELECT processor_token FROM payments_methods WHERE id = ? AND account_id = ? AND livemode = false", METHOD, ACCOUNT);
            Tail tail = new Tail();
            tail.add("INSERT INTO payments_intents (id, account_id, livemode, amount, currency, payment_method_id, capture_method,"
                    + " status, metadata, latest_charge_id, created_at, updated_at) VALUES (?, ?, false, ?, 'usd', ?, 'automatic',"
                    + " 'processing', '{}', ?, now(), now())", intent, ACCOUNT, amount, METHOD, charge);
            tail.add("INSERT INTO payments_charges (id, payment_intent_id, account_id, livemode, amount, currency, payment_method_id,"
                    + " processor, status, processor_state, next_check_at, created_at, updated_at) VALUES (?, ?, ?, false, ?, 'usd', ?,"
                    + " 'simulator', 'pending', 'pending', now() + interval '60 seconds', now(), now())",
                    charge, intent, ACCOUNT, amount, METHOD);
            events(tail, intent, "payment_intent.created", intent, "payment_intent.processing");
            tail.add("INSERT INTO idempotency_keys (account_id, livemode, idempotency_key, request_method, request_path, request_hash,"
                    + " state, locked_until, resource_type, resource_id, created_at) VALUES (?, false, ?, 'POST', '/v1/payment_intents', ?,"
                    + " 'in_flight', now() + interval '60 seconds', 'payment_intent', ?, now())", ACCOUNT, key, sha256(key), intent);
            tail.commit(c);
        });
        // Call: the processor's charge and its idempotency record, one implicit transaction in one round trip.
        try (Connection c = pool.getConnection()) {
            Tail tail = new Tail();
            tail.add("INSERT INTO simulator.charges (id, token_id, scenario, status, amount, currency, capture, amount_captured,"
                    + " amount_refunded, fee, idempotency_key, created_at) VALUES (?, ?, 'success', 'succeeded', ?, 'usd', true, ?, 0, ?, ?,"
                    + " now())", simCharge, TOKEN, amount, amount, fee, "settle_" + charge);
            tail.add("INSERT INTO simulator.idempotency_keys (idempotency_key, request_hash, response_status, response_body, created_at)"
                    + " VALUES (?, ?, 200, ?, now())", "settle_" + charge, sha256(charge), SNAPSHOT.substring(0, 500));
            tail.send(c);
        }
        // Settle: the capture applied to the intent and charge as the record left them (no lock, no
        // read): each update names the version it assumes; the ledger posting, two events and the
        // stored answer go with the COMMIT.
        inTransaction(c -> {
            Tail tail = new Tail();
            tail.add("WITH changed AS (UPDATE payments_charges SET processor_reference = ?, status = 'succeeded',"
                    + " processor_state = 'succeeded', captured = true, amount_captured = ?, fee = ?, next_check_at = NULL,"
                    + " updated_at = now(), version = version + 1 WHERE id = ? AND version = 0 RETURNING 1)"
                    + " SELECT platform_expect_rows(count(*), 1, 'charge') FROM changed", simCharge, amount, fee, charge);
            tail.add("WITH txn AS (INSERT INTO ledger_transactions (id, account_id, livemode, currency, type, source_id, amount, fee,"
                    + " net, available_on, created_at) VALUES (?, ?, false, 'usd', 'charge', ?, ?, ?, ?, now() + interval '2 days', now())"
                    + " ON CONFLICT (account_id, livemode, type, source_id) DO NOTHING RETURNING id)"
                    + " INSERT INTO ledger_entries (transaction_id, account_id, livemode, currency, ledger_account, amount, created_at)"
                    + " SELECT txn.id, ?, false, 'usd', e.a, e.m, now() FROM txn CROSS JOIN (VALUES (CAST(? AS text), CAST(? AS bigint)),"
                    + " (?, ?), (?, ?)) AS e (a, m)", id("txn"), ACCOUNT, charge, amount, fee, amount - fee, ACCOUNT,
                    "receivable_pending", amount - fee, "processor_fees", fee, "gross_volume", -amount);
            tail.add("WITH changed AS (UPDATE payments_intents SET status = 'succeeded', amount_received = ?, updated_at = now(),"
                    + " version = version + 1 WHERE id = ? AND version = 0 RETURNING 1)"
                    + " SELECT platform_expect_rows(count(*), 1, 'payment intent') FROM changed", amount, intent);
            events(tail, charge, "charge.succeeded", intent, "payment_intent.succeeded");
            complete(tail, key);
            tail.commit(c);
        });
    }

    /** The stored answer, written in the settle transaction as Settle writes it. */
    private static void complete(Tail tail, String key) {
        tail.add("UPDATE idempotency_keys SET state = 'completed', locked_until = NULL, response_status = 200,"
                + " response_content_type = 'application/json', response_body = ?, completed_at = now()"
                + " WHERE account_id = ? AND livemode = false AND idempotency_key = ? AND state = 'in_flight'",
                SNAPSHOT.getBytes(), ACCOUNT, key);
    }

    /** Two events of one transaction, written with its tail as Settle writes them: one statement. */
    private static void events(Tail tail, String firstObject, String firstType, String secondObject, String secondType) {
        tail.add("INSERT INTO events_outbox (id, account_id, livemode, type, object_id, data, created_at)"
                + " VALUES (?, ?, false, ?, ?, CAST(? AS json), now()), (?, ?, false, ?, ?, CAST(? AS json), now())",
                timeOrderedId("evt"), ACCOUNT, firstType, firstObject, SNAPSHOT,
                timeOrderedId("evt"), ACCOUNT, secondType, secondObject, SNAPSHOT);
    }

    /**
     * The writes that end a transaction, sent with its COMMIT as one multi-statement prepared
     * statement: the driver sends each statement's parse, bind and execute and waits once, as
     * Settle's deferred writes do (platform.WriteBehind).
     */
    private static final class Tail {

        private final List<String> statements = new ArrayList<>();
        private final List<Object> params = new ArrayList<>();

        void add(String sql, Object... values) {
            statements.add(sql);
            Collections.addAll(params, values);
        }

        void commit(Connection c) throws SQLException {
            execute(c, String.join(";\n", statements) + ";\nCOMMIT");
        }

        /** Outside a transaction: the statements form one implicit transaction, in one round trip. */
        void send(Connection c) throws SQLException {
            execute(c, String.join(";\n", statements));
        }

        private void execute(Connection c, String sql) throws SQLException {
            try (PreparedStatement statement = c.prepareStatement(sql)) {
                bind(statement, params.toArray());
                statement.execute();
            }
        }
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

    /** Like Settle's event ids: the time first, so they sort by creation. */
    private static String timeOrderedId(String prefix) {
        byte[] bytes = new byte[10];
        RANDOM.nextBytes(bytes);
        return prefix + "_" + String.format("%012x", System.currentTimeMillis()) + HexFormat.of().formatHex(bytes);
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
