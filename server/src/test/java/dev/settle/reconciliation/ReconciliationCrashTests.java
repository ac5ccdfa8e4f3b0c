package dev.settle.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import dev.settle.support.Api;
import dev.settle.support.SettleProcess;

/**
 * A run killed with kill -9 (Settle and its PostgreSQL) in the middle finishes after the restart
 * with exactly what an uninterrupted run of the same report over the same books finds.
 */
class ReconciliationCrashTests {

    private static final int BOOKS = 150_000;

    @Test
    void aRunKilledMidwayFinishesAfterTheRestartAsAnUninterruptedRunDoes() throws Exception {
        Path dataDir = Files.createTempDirectory(Path.of("target"), "reconciliation-crash-");
        int postgresPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            postgresPort = socket.getLocalPort();
        }
        String url = "jdbc:postgresql://localhost:" + postgresPort + "/postgres?user=postgres";
        try (SettleProcess settle = new SettleProcess(dataDir, "--settle.database.embedded-port=" + postgresPort,
                "--settle.reconciliation.pull.enabled=false").start()) {
            Api api = settle.api();
            Api.Account interrupted = api.newAccount();
            Api.Account uninterrupted = api.newAccount();
            try (Connection db = DriverManager.getConnection(url)) {
                seedBooks(db, interrupted.id());
                seedBooks(db, uninterrupted.id());
            }
            byte[] report = report();

            Api.Response first = api.upload("/v1/reconciliation/reports", interrupted.testKey(), report, "text/csv");
            assertThat(first.status()).as(first.toString()).isEqualTo(200);
            String run = first.text("run");
            awaitLog(dataDir, "Reconciliation run " + run + " started");
            settle.kill();

            settle.start();
            assertThat(api.get("/v1/reconciliation/runs/" + run, interrupted.testKey()).text("status"))
                    .as("the kill came before the run committed").isEqualTo("pending");
            Api.Response second = api.upload("/v1/reconciliation/reports", uninterrupted.testKey(), report, "text/csv");
            String otherRun = second.text("run");
            Api.Response done = awaitRun(api, interrupted.testKey(), run, Duration.ofSeconds(150));
            Api.Response reference = awaitRun(api, uninterrupted.testKey(), otherRun, Duration.ofSeconds(150));

            assertThat(done.json().path("counts")).isEqualTo(reference.json().path("counts"));
            assertThat(done.json().path("counts").path("matched").asLong()).isPositive();
            try (Connection db = DriverManager.getConnection(url)) {
                List<String> a = items(db, run);
                List<String> b = items(db, otherRun);
                assertThat(a).hasSize(b.size()).isEqualTo(b);
                try (PreparedStatement statement = db.prepareStatement("SELECT count(*) FROM reconciliation_items WHERE run_id = ?")) {
                    statement.setString(1, run);
                    try (ResultSet rs = statement.executeQuery()) {
                        rs.next();
                        assertThat(rs.getLong(1)).as("each item once").isEqualTo(a.size());
                    }
                }
            }
        }
    }

    /** Every item of the run as "line reference class amounts", sorted. */
    private static List<String> items(Connection db, String run) throws Exception {
        try (PreparedStatement statement = db.prepareStatement("""
                SELECT coalesce(report_line, 0) || ' ' || reference || ' ' || class || ' ' || coalesce(expected_amount, 0) || ' '
                       || coalesce(reported_amount, 0) || ' ' || coalesce(reported_currency, '-')
                FROM reconciliation_items WHERE run_id = ? ORDER BY 1""")) {
            statement.setString(1, run);
            List<String> rows = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    rows.add(rs.getString(1));
                }
            }
            return rows;
        }
    }

    private static void seedBooks(Connection db, String account) throws Exception {
        try (PreparedStatement statement = db.prepareStatement("""
                INSERT INTO reconciliation_books (account_id, livemode, reference, processor, kind, object_id, amount, fee, currency, occurred_at)
                SELECT ?, false, 'sch_' || i, 'simulator', 'charge', 'ch_' || i, 1000 + i % 100, 59, 'usd', now() - interval '1 hour'
                FROM generate_series(1, ?) AS i""")) {
            statement.setString(1, account);
            statement.setInt(2, BOOKS);
            statement.executeUpdate();
        }
    }

    /** The books' charges with a break every few lines: missing, amount, fee, currency, duplicate, unknown. */
    private static byte[] report() {
        StringBuilder csv = new StringBuilder("id,type,reference,amount,fee,net,currency,created\n");
        long created = Instant.now().getEpochSecond();
        for (int i = 1; i <= BOOKS; i++) {
            if (i % 101 == 0) {
                continue;
            }
            long amount = 1000 + i % 100 + (i % 103 == 0 ? 7 : 0);
            long fee = 59 + (i % 107 == 0 ? 3 : 0);
            String currency = i % 109 == 0 ? "eur" : "usd";
            String line = "stx_" + i + ",charge,sch_" + i + "," + amount + "," + fee + "," + (amount - fee) + "," + currency + "," + created + "\n";
            csv.append(line);
            if (i % 113 == 0) {
                csv.append(line.replace("stx_", "stx_dup"));
            }
            if (i % 127 == 0) {
                csv.append("stx_u").append(i).append(",charge,sch_unknown_").append(i).append(",500,20,480,usd,").append(created).append('\n');
            }
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void awaitLog(Path dataDir, String text) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            try (Stream<Path> logs = Files.list(dataDir)) {
                for (Path log : logs.filter(p -> p.getFileName().toString().endsWith(".log")).toList()) {
                    if (Files.readString(log).contains(text)) {
                        return;
                    }
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("No log line '" + text + "' within 60 s");
    }

    private static Api.Response awaitRun(Api api, String key, String run, Duration within) throws InterruptedException {
        Instant deadline = Instant.now().plus(within);
        Api.Response current = api.get("/v1/reconciliation/runs/" + run, key);
        while (!"completed".equals(current.text("status")) && Instant.now().isBefore(deadline)) {
            Thread.sleep(250);
            current = api.get("/v1/reconciliation/runs/" + run, key);
        }
        assertThat(current.text("status")).as(current.toString()).isEqualTo("completed");
        return current;
    }
}
