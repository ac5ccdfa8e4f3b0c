package dev.settle.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

import org.HdrHistogram.Histogram;

/**
 * The events API as the archive grows: each query timed over HTTP against Settle and as raw SQL
 * (the same statements over JDBC on the same PostgreSQL, {@link EventQueries}) in the same run, at
 * each size of one account, then with a thousand other accounts beside it.
 *
 * <pre>
 * java -cp ... dev.settle.bench.EventsBench BASE_URL SECRET_KEY ACCOUNT PG_PORT REQUESTS SIZES SPREAD_ACCOUNTS SPREAD_EVENTS
 * </pre>
 *
 * The first size is made through the API (payments and refunds; the relay and the archiver store
 * their events); the larger ones, and the other accounts, straight into the store with SQL.
 * Requests are sent one at a time (closed loop): latency here is what one request costs, not
 * queueing. Settle is warmed up with every query for {@code -Dbench.warmupSeconds} (90) before the
 * first size, and each query before each measurement ({@code -Dbench.warmup}, 300 requests).
 */
public final class EventsBench {

    private static final int WARMUP = Integer.getInteger("bench.warmup", 300);
    /** Before the first size is measured: every query in turn for this long, so the JIT has compiled Settle's read path. */
    private static final long WARMUP_SECONDS = Long.getLong("bench.warmupSeconds", 90);
    private static boolean warm;

    private EventsBench() {
    }

    /** One query: its name, the request it makes of Settle, and the same work as raw SQL. */
    private record Query(String name, Request settle, Request raw) {
    }

    @FunctionalInterface
    private interface Request {
        int run(int i) throws Exception;
    }

    private record Row(String step, long accountEvents, long totalEvents, String query, Histogram settle, Histogram raw,
            CpuUse.Step settleCpu, CpuUse.Step rawCpu) {
    }

    public static void main(String[] args) throws Exception {
        String baseUrl = args[0];
        String key = args[1];
        String account = args[2];
        int pgPort = Integer.parseInt(args[3]);
        int requests = Integer.parseInt(args[4]);
        long[] sizes = java.util.Arrays.stream(args[5].split(",")).mapToLong(Long::parseLong).toArray();
        int spreadAccounts = Integer.parseInt(args[6]);
        int spreadEvents = Integer.parseInt(args[7]);

        Http http = new Http(baseUrl, key);
        try (Connection db = DriverManager.getConnection("jdbc:postgresql://localhost:" + pgPort + "/postgres", "postgres", "")) {
            EventSeeder seeder = new EventSeeder(db, http);
            EventQueries raw = new EventQueries(db);
            CpuUse cpu = new CpuUse(Long.getLong("bench.serverPid", -1), System.getProperty("bench.serverDataDir"));
            List<Row> rows = new ArrayList<>();
            List<String> plans = new ArrayList<>();
            for (int step = 0; step < sizes.length; step++) {
                long started = System.nanoTime();
                if (step == 0) {
                    seeder.throughApi(account, (int) sizes[0]);
                } else {
                    seeder.straight(List.of(account), seeder.archived(account) + 1, sizes[step]);
                }
                System.out.printf(Locale.ROOT, "%,d events in the account (%,d in all), made in %.0f s%n", seeder.archived(account),
                        seeder.total(), (System.nanoTime() - started) / 1e9);
                rows.addAll(measure("one account", account, http, raw, seeder, db, cpu, requests, plans, step == sizes.length - 1));
            }
            if (spreadAccounts > 0) {
                // One of the thousand is a real account with a key of its own, so the API serves it too.
                String created = http.operator("/v1/accounts", "{\"name\":\"bench spread\"}");
                String one = field(created, "acct_[0-9A-Za-z]+");
                Http oneHttp = new Http(baseUrl, field(created, "sk_test_[0-9A-Za-z]{32}"));
                List<String> others = new ArrayList<>(IntStream.range(1, spreadAccounts).mapToObj(i -> String.format("acct_spread%05d", i)).toList());
                others.add(spreadAccounts / 2, one);
                long started = System.nanoTime();
                seeder.straight(others, 1, spreadEvents);
                System.out.printf(Locale.ROOT, "%,d more events in %,d accounts (%,d in all), made in %.0f s%n",
                        (long) spreadAccounts * spreadEvents, spreadAccounts, seeder.total(), (System.nanoTime() - started) / 1e9);
                rows.addAll(measure("1 of " + spreadAccounts + " accounts", one, oneHttp, raw, seeder, db, cpu, requests, plans, true));
                rows.addAll(measure("beside them", account, http, raw, seeder, db, cpu, requests, plans, false));
            }
            print(rows);
            System.out.println();
            System.out.println(plans.stream().anyMatch(plan -> plan.contains("Seq Scan"))
                    ? "PLANS: a statement used a Seq Scan (see below)" : "PLANS: no statement used a Seq Scan at any size");
            System.out.println();
            plans.forEach(System.out::println);
        }
    }

    private static List<Row> measure(String step, String account, Http http, EventQueries raw, EventSeeder seeder, Connection db,
            CpuUse cpu, int requests, List<String> plans, boolean keepPlans) throws Exception {
        Sample sample = Sample.of(db, account, 500);
        List<Query> queries = queries(account, http, raw, sample);
        long accountEvents = seeder.archived(account);
        long total = seeder.total();
        List<Row> rows = new ArrayList<>();
        if (!warm) {
            long until = System.nanoTime() + WARMUP_SECONDS * 1_000_000_000L;
            for (int i = 0; System.nanoTime() < until; i++) {
                queries.get(i % queries.size()).settle().run(i);
            }
            warm = true;
        }
        for (Query query : queries) {
            Timed settle = time(query.settle(), requests, cpu);
            Timed baseline = time(query.raw(), requests, cpu);
            rows.add(new Row(step, accountEvents, total, query.name(), settle.latencies(), baseline.latencies(), settle.cpu(),
                    baseline.cpu()));
            System.out.println(row(rows.getLast()));
        }
        explain(raw, account, sample, "%s, %,d events in the account, %,d in all".formatted(step, accountEvents, total), plans,
                keepPlans);
        return rows;
    }

    private static List<Query> queries(String account, Http http, EventQueries raw, Sample sample) {
        return List.of(
                new Query("list", i -> count(http.get("/v1/events?limit=10")), i -> raw.list(account).size()),
                new Query("by type", i -> count(http.get("/v1/events?limit=10&type=payment_intent.succeeded")),
                        i -> raw.byTypes(account, List.of("payment_intent.succeeded")).size()),
                new Query("by type, rare (1 in 1,000)", i -> count(http.get("/v1/events?limit=10&type=charge.refunded")),
                        i -> raw.byTypes(account, List.of("charge.refunded")).size()),
                new Query("by type pattern (charge.*)", i -> count(http.get("/v1/events?limit=10&type=charge.*")),
                        i -> raw.byPrefix(account, "charge.").size()),
                new Query("by object", i -> count(http.get("/v1/events?limit=10&object=" + sample.object(i))),
                        i -> raw.byObject(account, sample.object(i)).size()),
                new Query("after a cursor", i -> count(http.get("/v1/events?limit=10&starting_after=" + sample.event(i))),
                        i -> raw.after(account, sample.event(i)).size()),
                new Query("one by id", i -> http.get("/v1/events/" + sample.event(i)).length() > 0 ? 1 : 0,
                        i -> raw.byId(account, sample.event(i)).size()));
    }

    private static void explain(EventQueries raw, String account, Sample sample, String title, List<String> plans, boolean keep)
            throws Exception {
        List<String> explained = List.of(
                "list:\n" + raw.explain(EventQueries.LIST, account, 0L, Long.MAX_VALUE, EventQueries.LIMIT),
                "by type:\n" + raw.explain(EventQueries.BY_TYPES, raw.array(List.of("payment_intent.succeeded")), account, 0L,
                        Long.MAX_VALUE, EventQueries.LIMIT, EventQueries.LIMIT, account),
                "by type, rare:\n" + raw.explain(EventQueries.BY_TYPES, raw.array(List.of("charge.refunded")), account, 0L,
                        Long.MAX_VALUE, EventQueries.LIMIT, EventQueries.LIMIT, account),
                "the types of a pattern:\n" + raw.explain(EventQueries.TYPES, account, account),
                "by object:\n" + raw.explain(EventQueries.BY_OBJECT, account, sample.object(0), 0L, Long.MAX_VALUE, EventQueries.LIMIT),
                "a cursor's sequence, and one by id:\n" + raw.explain(EventQueries.BY_ID, sample.event(0), account),
                "after a cursor:\n" + raw.explain(EventQueries.LIST, account, 0L, sample.sequence(0), EventQueries.LIMIT));
        boolean seqScan = explained.stream().anyMatch(plan -> plan.contains("Seq Scan"));
        System.out.println("  plans (" + title + "): " + (seqScan ? "SEQ SCAN FOUND" : "index scans only, no Seq Scan"));
        if (keep || seqScan) {
            plans.add("### Plans: " + title + "\n\n```\n" + String.join("\n\n", explained) + "\n```\n");
        }
    }

    private record Timed(Histogram latencies, CpuUse.Step cpu) {
    }

    private static Timed time(Request request, int requests, CpuUse cpu) throws Exception {
        for (int i = 0; i < WARMUP; i++) {
            request.run(i + requests);
        }
        Histogram latencies = new Histogram(60_000_000L, 3);
        cpu.begin();
        for (int i = 0; i < requests; i++) {
            long start = System.nanoTime();
            if (request.run(i) < 0) {
                throw new IllegalStateException("no answer");
            }
            latencies.recordValue(Math.max(1, (System.nanoTime() - start) / 1000));
        }
        return new Timed(latencies, cpu.end(requests));
    }

    private static String field(String json, String regex) {
        java.util.regex.Matcher matcher = java.util.regex.Pattern.compile(regex).matcher(json);
        if (!matcher.find()) {
            throw new IllegalStateException("unexpected answer: " + json);
        }
        return matcher.group();
    }

    /** The number of events in a list answer; a list of none fails (every query here has results). */
    private static int count(String list) {
        int events = list.split("\"object\":\"event\"", -1).length - 1;
        if (events == 0) {
            throw new IllegalStateException("an empty page: " + list.substring(0, Math.min(200, list.length())));
        }
        return events;
    }

    /** Events and payment intents of the account picked at random over its whole history. */
    private record Sample(List<String> events, List<Long> sequences, List<String> objects) {

        static Sample of(Connection db, String account, int size) throws Exception {
            long max;
            try (PreparedStatement top = db.prepareStatement("SELECT max(sequence) FROM events_archive WHERE account_id = ? AND livemode = false")) {
                top.setString(1, account);
                try (ResultSet rs = top.executeQuery()) {
                    rs.next();
                    max = rs.getLong(1);
                }
            }
            SplittableRandom random = new SplittableRandom(42);
            Long[] wanted = random.longs(size * 2L, 1, max + 1).boxed().toArray(Long[]::new);
            List<String> events = new ArrayList<>();
            List<Long> sequences = new ArrayList<>();
            List<String> objects = new ArrayList<>();
            try (PreparedStatement pick = db.prepareStatement("SELECT event_id, sequence, object_id FROM events_archive "
                    + "WHERE account_id = ? AND livemode = false AND sequence = ANY (?) ORDER BY random()")) {
                pick.setString(1, account);
                pick.setArray(2, db.createArrayOf("bigint", wanted));
                try (ResultSet rs = pick.executeQuery()) {
                    while (rs.next()) {
                        if (rs.getLong("sequence") > 1 && events.size() < size) {
                            events.add(rs.getString("event_id"));
                            sequences.add(rs.getLong("sequence"));
                        }
                        if (rs.getString("object_id").startsWith("pi_") && objects.size() < size) {
                            objects.add(rs.getString("object_id"));
                        }
                    }
                }
            }
            return new Sample(events, sequences, objects);
        }

        String event(int i) {
            return events.get(i % events.size());
        }

        long sequence(int i) {
            return sequences.get(i % sequences.size());
        }

        String object(int i) {
            return objects.get(i % objects.size());
        }
    }

    private static String row(Row row) {
        String settle = ms(row.settle(), 50) + " | " + ms(row.settle(), 99);
        String ratio = String.format(Locale.ROOT, "%.1f", row.settle().getValueAtPercentile(50) / (double) row.raw().getValueAtPercentile(50));
        String cpu = String.format(Locale.ROOT, "%.2f", row.settleCpu().serverMsPerPayment());
        return String.format(Locale.ROOT, "| %s | %,d | %,d | %s | %s | %s | %s | %s | %s | %.2f | %s |", row.step(), row.accountEvents(),
                row.totalEvents(), row.query(), settle, ms(row.raw(), 50), ms(row.raw(), 99), ratio, cpu,
                row.rawCpu().serverMsPerPayment(), others(row.settleCpu()));
    }

    /** What the rest of the machine took while Settle was timed, in % of a core, with the busiest named. */
    private static String others(CpuUse.Step cpu) {
        return Double.isNaN(cpu.othersPercent()) ? "?" : String.format(Locale.ROOT, "%.0f%% %s", cpu.othersPercent(), cpu.busiestOthers()).trim();
    }

    private static String ms(Histogram histogram, double percentile) {
        return String.format(Locale.ROOT, "%.2f", histogram.getValueAtPercentile(percentile) / 1000.0);
    }

    private static void print(List<Row> rows) {
        System.out.println();
        System.out.println("| step | events in the account | events in all | query | Settle p50 ms | Settle p99 ms | raw SQL p50 ms"
                + " | raw SQL p99 ms | Settle / raw p50 | Settle server CPU ms/request | raw SQL server CPU ms/request"
                + " | other processes while Settle was timed, % of a core |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|");
        rows.forEach(row -> System.out.println(row(row)));
    }
}
