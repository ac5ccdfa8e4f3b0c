package dev.settle.bench;

import java.io.BufferedWriter;
import java.io.Reader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.postgresql.PGConnection;

/**
 * Reconciliation at scale: N internal charges seeded straight into Settle's books (the
 * reconciliation module's own table of captured charges), a report of about N lines in Stripe's
 * itemized layout with 0.5 % of every class (missing in the report past its SLA, expected, amount,
 * currency and fee mismatches, duplicates, lines Settle does not know), uploaded through the API
 * and reconciled; wall time for ingest + match + classify, lines per second, Settle's peak heap
 * (jcmd GC.heap_info about every 300 ms). Beside it, in the same run on the same
 * database, the raw-SQL baseline: COPY of the same file into a staging table, one hash join, the
 * same classes; both must find the same counts.
 *
 *   ReconcileBench baseUrl key account pgPort count
 */
public final class ReconcileBench {

    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    public static void main(String[] args) throws Exception {
        String baseUrl = args[0];
        String key = args[1];
        String account = args[2];
        int pgPort = Integer.parseInt(args[3]);
        int count = Integer.parseInt(args[4]);
        Path file = Files.createTempFile("reconcile-", ".csv");
        try (Connection db = DriverManager.getConnection("jdbc:postgresql://localhost:" + pgPort + "/postgres", "postgres", "")) {
            Instant now = Instant.now();
            long seeded = seed(db, account, count, now);
            long lines = writeReport(file, count, now);
            System.out.printf("Seeded %,d charges into the books; report of %,d lines (%,d MB) in Stripe's itemized layout.%n%n", seeded,
                    lines, Files.size(file) / 1_000_000);
            try (Statement statement = db.createStatement()) {
                statement.execute("CHECKPOINT");
            }

            HttpClient http = HttpClient.newHttpClient();
            AtomicLong peakHeap = new AtomicLong();
            long serverPid = Long.parseLong(System.getProperty("bench.serverPid"));
            Thread sampler = Thread.ofPlatform().daemon().start(() -> sampleHeap(serverPid, peakHeap));
            long started = System.nanoTime();
            HttpResponse<String> uploaded = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/v1/reconciliation/reports"))
                    .header("Authorization", "Bearer " + key).header("Content-Type", "text/csv")
                    .timeout(Duration.ofMinutes(30)).POST(HttpRequest.BodyPublishers.ofFile(file)).build(),
                    HttpResponse.BodyHandlers.ofString());
            long ingested = System.nanoTime();
            if (uploaded.statusCode() != 200) {
                throw new IllegalStateException("upload answered " + uploaded.statusCode() + ": " + uploaded.body());
            }
            String run = field(uploaded.body(), "run");
            String body;
            do {
                Thread.sleep(100);
                body = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/v1/reconciliation/runs/" + run))
                        .header("Authorization", "Bearer " + key).build(), HttpResponse.BodyHandlers.ofString()).body();
            } while (!body.contains("\"status\":\"completed\""));
            long completed = System.nanoTime();
            sampler.interrupt();
            double settleSeconds = (completed - started) / 1e9;
            Map<String, Long> settleCounts = counts(body);

            long baselineStarted = System.nanoTime();
            Map<String, Long> baselineCounts = baseline(db, account, file, now);
            double baselineSeconds = (System.nanoTime() - baselineStarted) / 1e9;

            System.out.println("| | wall time | lines/s | peak heap |");
            System.out.println("|---|---|---|---|");
            System.out.printf("| Settle: upload + ingest | %.1f s | | |%n", (ingested - started) / 1e9);
            System.out.printf("| Settle: ingest + match + classify (upload to run completed) | %.1f s | %,.0f | %,d MB |%n", settleSeconds,
                    lines / settleSeconds, peakHeap.get() / 1_000_000);
            System.out.printf("| raw SQL: COPY into staging + one hash join + classes | %.1f s | %,.0f | |%n", baselineSeconds,
                    lines / baselineSeconds);
            System.out.printf("%nSettle's speed is %.2f of the raw-SQL baseline's.%n%n", baselineSeconds / settleSeconds);
            System.out.println("| class | Settle | raw SQL |");
            System.out.println("|---|---|---|");
            for (String name : settleCounts.keySet()) {
                System.out.printf("| %s | %,d | %,d |%n", name, settleCounts.get(name), baselineCounts.getOrDefault(name, 0L));
            }
            boolean same = settleCounts.entrySet().stream()
                    .allMatch(entry -> entry.getValue().equals(baselineCounts.getOrDefault(entry.getKey(), 0L)));
            System.out.println();
            System.out.println(same ? "Both find the same counts of every class." : "THE COUNTS DIFFER.");
            if (!same) {
                System.exit(1);
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** Book entries 1..count: captured 5 days ago (past the 3-day SLA), two in 200 an hour ago (not yet due). */
    private static long seed(Connection db, String account, int count, Instant now) throws Exception {
        try (Statement statement = db.createStatement()) {
            return statement.executeUpdate("""
                    INSERT INTO reconciliation_books (account_id, livemode, reference, processor, kind, object_id, amount, fee, currency,
                                                      occurred_at)
                    SELECT '%s', false, 'sch_' || i, 'simulator', 'charge', 'ch_' || i, 1000 + i %% 1000, 59 + i %% 7, 'usd',
                           CASE WHEN i %% 200 IN (6, 7) THEN timestamptz '%s' - interval '1 hour' ELSE timestamptz '%s' - interval '5 days' END
                    FROM generate_series(1, %d) AS i
                    """.formatted(account, now, now, count));
        }
    }

    /** The report: every book entry but the breaks' own, with 0.5 % of each class. */
    private static long writeReport(Path file, int count, Instant now) throws Exception {
        long lines = 0;
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("balance_transaction_id,created_utc,available_on_utc,currency,gross,fee,net,reporting_category,source_id,charge_id,"
                    + "payment_intent_id,automatic_payout_id,description\n");
            for (int i = 1; i <= count; i++) {
                int slot = i % 200;
                if (slot == 0 || slot == 6) {
                    continue; // missing_in_report (past its SLA) and expected (not yet due)
                }
                // Slot 7 is reported an hour after it happened, so the report's period reaches today and slot 6 is expected.
                Instant created = slot == 7 ? now.minusSeconds(3600) : now.minus(Duration.ofDays(5));
                long gross = 1000 + i % 1000 + (slot == 1 ? 100 : 0);
                long fee = 59 + i % 7 + (slot == 4 ? 10 : 0);
                String currency = slot == 2 ? "eur" : "usd";
                String line = line("txn_" + i, created, currency, gross, fee, "sch_" + i);
                out.write(line);
                lines++;
                if (slot == 3) {
                    out.write(line.replaceFirst("^txn_", "txn_dup"));
                    lines++;
                }
                if (slot == 5) {
                    out.write(line("txn_u" + i, created, "usd", 700, 50, "sch_unknown_" + i));
                    lines++;
                }
            }
        }
        return lines;
    }

    private static String line(String id, Instant created, String currency, long gross, long fee, String source) {
        return id + "," + UTC.format(created) + "," + UTC.format(created.plus(Duration.ofDays(2))) + "," + currency + ","
                + decimal(gross) + "," + decimal(fee) + "," + decimal(gross - fee) + ",charge," + source + "," + source + ",,,Charge\n";
    }

    private static String decimal(long minor) {
        return java.math.BigDecimal.valueOf(minor, 2).toPlainString();
    }

    /** The same work in raw SQL: COPY into a staging table, one hash join with the books, the same classes. */
    private static Map<String, Long> baseline(Connection db, String account, Path file, Instant now) throws Exception {
        db.setAutoCommit(false);
        try (Statement statement = db.createStatement()) {
            statement.execute("SET LOCAL statement_timeout = 0");
            statement.execute("SET LOCAL work_mem = '64MB'"); // as Settle's run has
            statement.execute("""
                    CREATE TABLE bench_staging (balance_transaction_id text, created_utc text, available_on_utc text, currency text,
                        gross text, fee text, net text, reporting_category text, source_id text, charge_id text, payment_intent_id text,
                        automatic_payout_id text, description text, line bigserial)""");
            statement.execute("CREATE TABLE bench_items (line bigint, reference text, class text)");
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                db.unwrap(PGConnection.class).getCopyAPI().copyIn("""
                        COPY bench_staging (balance_transaction_id, created_utc, available_on_utc, currency, gross, fee, net,
                            reporting_category, source_id, charge_id, payment_intent_id, automatic_payout_id, description)
                        FROM STDIN WITH (FORMAT csv, HEADER true)""", reader);
            }
            statement.execute("""
                    INSERT INTO bench_items
                    SELECT s.line, s.source_id,
                           CASE WHEN s.nth > 1 THEN 'duplicate'
                                WHEN b.reference IS NULL THEN 'missing_internally'
                                WHEN b.currency <> s.currency THEN 'currency_mismatch'
                                WHEN b.amount <> s.gross THEN 'amount_mismatch'
                                WHEN b.fee <> s.fee THEN 'fee_mismatch'
                                ELSE 'matched' END
                    FROM (SELECT line, source_id, currency, (gross::numeric * 100)::bigint AS gross, (fee::numeric * 100)::bigint AS fee,
                                 row_number() OVER (PARTITION BY source_id ORDER BY line) AS nth
                          FROM bench_staging) s
                    LEFT JOIN reconciliation_books b ON b.account_id = '%s' AND b.livemode = false AND b.reference = s.source_id
                    """.formatted(account));
            statement.execute("""
                    INSERT INTO bench_items
                    SELECT NULL, b.reference,
                           CASE WHEN b.occurred_at + interval '3 days' <= timestamptz '%s' THEN 'missing_in_report' ELSE 'expected' END
                    FROM reconciliation_books b
                    WHERE b.account_id = '%s' AND b.livemode = false
                      AND b.occurred_at < (SELECT date_trunc('day', max(created_utc::timestamp)) + interval '1 day' FROM bench_staging)
                                          AT TIME ZONE 'UTC'
                      AND NOT EXISTS (SELECT 1 FROM bench_staging s WHERE s.source_id = b.reference)
                    """.formatted(now, account));
            Map<String, Long> counts = new TreeMap<>();
            try (ResultSet rs = statement.executeQuery("SELECT class, count(*) FROM bench_items GROUP BY class")) {
                while (rs.next()) {
                    counts.put(rs.getString(1), rs.getLong(2));
                }
            }
            db.commit();
            statement.execute("DROP TABLE bench_staging");
            statement.execute("DROP TABLE bench_items");
            db.commit();
            return counts;
        } finally {
            db.setAutoCommit(true);
        }
    }

    /** The server's heap in use (jcmd GC.heap_info; ZGC says "used 123M"), its highest sample, in bytes. */
    private static void sampleHeap(long pid, AtomicLong peak) {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        Pattern used = Pattern.compile("used (\\d+)([KMG])");
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Process info = new ProcessBuilder(jcmd, Long.toString(pid), "GC.heap_info").redirectErrorStream(true).start();
                String heap = new String(info.getInputStream().readAllBytes());
                info.waitFor();
                Matcher matcher = used.matcher(heap);
                if (matcher.find()) {
                    long bytes = Long.parseLong(matcher.group(1)) * switch (matcher.group(2)) {
                        case "G" -> 1L << 30;
                        case "M" -> 1L << 20;
                        default -> 1L << 10;
                    };
                    peak.accumulateAndGet(bytes, Math::max);
                }
                Thread.sleep(200);
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                // a sample missed
            }
        }
    }

    private static Map<String, Long> counts(String run) {
        Map<String, Long> counts = new TreeMap<>();
        Matcher matcher = Pattern.compile("\"([a-z_]+)\":([0-9]+)").matcher(run.substring(run.indexOf("\"counts\"")));
        while (matcher.find() && !matcher.group(1).equals("created")) {
            counts.put(matcher.group(1), Long.parseLong(matcher.group(2)));
        }
        counts.keySet().removeIf(name -> !Set.of("matched", "amount_mismatch", "fee_mismatch", "currency_mismatch", "missing_in_report",
                "missing_internally", "duplicate", "expected").contains(name));
        return counts;
    }

    private static String field(String json, String name) {
        Matcher matcher = Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(json);
        if (!matcher.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return matcher.group(1);
    }

    private ReconcileBench() {
    }
}
