package dev.settle.bench.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.settle.bench.cluster.Client.Answer;
import tools.jackson.databind.JsonNode;

/**
 * Drives the three-node bed of bench/cluster.sh as an outside client would (HTTP and WebSocket,
 * through the balancer unless a check is about one node) and prints counted evidence for each of
 * issue 20's "What it must show"; exits 1 when any check fails.
 *
 * <pre>ClusterCheck bed.properties [--short]</pre>
 */
public final class ClusterCheck {

    private static final Pattern CARD = Pattern.compile("^\\| (\\d{4} \\d{4} \\d{4} \\d{4})");

    private final Properties bed = new Properties();
    private final boolean quick;
    private final String balancer;
    private final Map<String, String> nodes = new LinkedHashMap<>();
    private final String operator;
    private final Client client = new Client();
    private final Db db;
    private final Path bedDir;
    private final List<String> cards;
    private final List<String> failed = new ArrayList<>();
    private final long started = System.nanoTime();
    /** Idempotency keys (and the intents' metadata) are unique per run, so a run on a bed already used is checked alone. */
    private static final String RUN = Long.toString(System.currentTimeMillis(), 36);
    private final List<CompletableFuture<Void>> restarts = new ArrayList<>();

    record Account(String id, String key) {
    }

    private ClusterCheck(Path properties, boolean quick) throws IOException, SQLException {
        try (var in = Files.newBufferedReader(properties)) {
            bed.load(in);
        }
        this.quick = quick;
        balancer = bed.getProperty("balancer");
        for (String node : List.of("node-a", "node-b", "node-c")) {
            nodes.put(node, bed.getProperty(node));
        }
        operator = bed.getProperty("operator.token");
        bedDir = Path.of(bed.getProperty("bed.dir"));
        db = new Db(bed.getProperty("database"));
        cards = testCards();
    }

    /** {@code --phases=6,7} runs only those (to look into one); all by default. */
    private Set<Integer> phases = Set.of(1, 2, 3, 4, 5, 6, 7);

    private boolean phase(int n) {
        return phases.contains(n);
    }

    public static void main(String[] args) throws Exception {
        ClusterCheck check = new ClusterCheck(Path.of(args[0]), List.of(args).contains("--short"));
        for (String arg : args) {
            if (arg.startsWith("--phases=")) {
                check.phases = new HashSet<>(java.util.Arrays.stream(arg.substring(9).split(",")).map(Integer::valueOf).toList());
            }
        }
        int status = check.run();
        System.exit(status);
    }

    private int run() throws Exception {
        say("# Three-node bed check %s (%s)", java.time.Instant.now(), quick ? "short" : "full");
        say("balancer %s; nodes %s; %d test cards read from docs/simulator.md: %s", balancer, nodes.values(), cards.size(), cards);
        try (Receiver receiver = new Receiver()) {
            if (phase(1)) {
                paymentsAcrossNodes(receiver);
            }
            if (phase(2)) {
                streamOnAFromB();
            }
            if (phase(3)) {
                revokeOnA();
            }
            if (phase(4)) {
                rateLimitAcrossNodes();
            }
            if (phase(5)) {
                brokerRestartUnderLoad();
            }
            if (phase(6)) {
                killOneNodeUnderLoad();
            }
            if (phase(7)) {
                gracefulShutdown();
            }
            section("Whole run");
            restarts.forEach(CompletableFuture::join);
            awaitSettled(Duration.ofSeconds(120));
            moneyChecks();
        } catch (Exception | AssertionError e) {
            failed.add("the check stopped: " + e);
            e.printStackTrace(System.out);
        }
        say("");
        say("Took %.0f s. %s", (System.nanoTime() - started) / 1e9,
                failed.isEmpty() ? "ALL CHECKS PASSED" : failed.size() + " CHECK(S) FAILED:");
        failed.forEach(f -> say("  - %s", f));
        return failed.isEmpty() ? 0 : 1;
    }

    // 1. Payments spread across the nodes: relayed once, gap-free, delivered once, janitor and purge once.
    private void paymentsAcrossNodes(Receiver receiver) throws Exception {
        int count = quick ? 300 : 2000;
        section("1. " + count + " payments through the balancer");
        Account account = newAccount("bed payments", 100000);
        Answer endpoint = client.post(balancer, "/v1/webhook_endpoints", account.key(),
                "{\"url\":\"" + receiver.url() + "\",\"enabled_events\":[\"*\"]}", "bed-endpoint");
        require(endpoint.ok(), "webhook endpoint created: " + endpoint.status() + " " + endpoint.raw().body());
        receiver.secret(endpoint.text("secret"));
        Map<String, Long> relayedBefore = relayedByNode();
        Map<String, Long> cpuBefore = cpuByProcess();
        Map<String, Long> dbBefore = databaseCounters();
        client.takeNodeCounts();
        long t0 = System.nanoTime();
        Load load = new Load(client, balancer, account.key(), cards, "p1-" + RUN);
        try (Stream onA = new Stream("stream on node-a", client.http(), nodes.get("node-a"), account.key(), 0, false).open()) {
            load.run(16, count, () -> true);
            double loadSeconds = (System.nanoTime() - t0) / 1e9;
            Map<String, Long> spread = client.takeNodeCounts();
            say("%d payments in %.1f s (%.0f/s) with 16 clients: %s", count, loadSeconds, count / loadSeconds, load.tally());
            say("API answers per node (Settle-Node header): %s", spread);
            check(spread.keySet().containsAll(nodes.keySet()), "every node served requests");
            check(load.failures().isEmpty(), "every payment answered (" + load.failures().size() + " not: "
                    + load.failures().stream().limit(3).toList() + ")");
            double settled = awaitSettled(Duration.ofSeconds(quick ? 90 : 180));
            say("settled %.1f s after the load (janitor, async outcomes, relay, archive, webhooks)", settled);
            double totalSeconds = (System.nanoTime() - t0) / 1e9;
            Map<String, Long> cpuAfter = cpuByProcess();
            Map<String, Long> dbAfter = databaseCounters();
            Map<String, Long> relayedAfter = relayedByNode();

            List<JsonNode> events = allEvents(account.key());
            long outbox = db.number("SELECT count(*) FROM events_outbox WHERE account_id = ? AND NOT livemode", account.id());
            say("events of the account: %d in the events API, %d in the outbox", events.size(), outbox);
            check(gapFree(events), "events API: sequences 1.." + events.size() + " without gap or repeat, ids unique");
            check(events.size() == outbox, "every committed event is in the events API");
            Map<String, Long> relayed = new TreeMap<>();
            long relayedSum = 0;
            for (String node : relayedAfter.keySet()) {
                long n = relayedAfter.get(node) - relayedBefore.getOrDefault(node, 0L);
                relayed.put(node, n);
                relayedSum += n;
            }
            say("events relayed per node (settle_events_relayed_total): %s, sum %d", relayed, relayedSum);
            check(relayedSum == outbox, "every event relayed once across the nodes (" + relayedSum + " relayed, " + outbox + " events)");

            awaitDelivered(receiver, events, Duration.ofSeconds(30));
            long missing = events.stream().filter(e -> !receiver.received().containsKey(e.path("id").asString())).count();
            long twice = receiver.received().values().stream().filter(n -> n.get() > 1).count();
            say("webhooks: %d events received by the endpoint, %d missing, %d received more than once, %d bad signatures",
                    receiver.received().size(), missing, twice, receiver.badSignatures());
            check(missing == 0 && twice == 0 && receiver.badSignatures() == 0, "every event delivered once, signed");

            check(onA.awaitSequence(events.size(), Duration.ofSeconds(20)) && onA.problems().isEmpty()
                    && onA.received() == events.size(), "a stream on node-a got all " + events.size()
                    + " events of payments made through every node, in order (got " + onA.received() + ", problems " + onA.problems() + ")");

            // The janitor: payments whose processor answer never came (card 0038) are settled by it, each once.
            List<List<Object>> janitor = db.rows("""
                    SELECT i.status, count(*),
                           count(*) FILTER (WHERE (SELECT count(*) FROM events_outbox o
                                                   WHERE o.object_id = i.id AND o.type = 'payment_intent.succeeded') = 1),
                           count(*) FILTER (WHERE (SELECT count(*) FROM ledger_transactions t
                                                   WHERE t.type = 'charge' AND t.source_id = i.latest_charge_id) = 1)
                    FROM payments_intents i
                    WHERE i.account_id = ? AND i.metadata ->> 'card' = '4000099000000038'
                    GROUP BY i.status
                    """, account.id());
            say("janitor (card 4000 0990 0000 0038, answer never arrives): status, payments, with one succeeded event, posted once: %s", janitor);
            check(janitor.size() == 1 && "succeeded".equals(janitor.getFirst().get(0))
                    && janitor.getFirst().get(1).equals(janitor.getFirst().get(2))
                    && janitor.getFirst().get(1).equals(janitor.getFirst().get(3)),
                    "every payment left unknown was settled by the janitor, once");
            purgeOnce(account);

            // What it cost (docs/scaling.md).
            say("");
            say("Cost of the %d payments (%.1f s from the first request to settled):", count, totalSeconds);
            long nodeCpu = 0;
            for (String process : cpuAfter.keySet()) {
                long ms = cpuAfter.get(process) - cpuBefore.getOrDefault(process, 0L);
                if (process.startsWith("node-")) {
                    nodeCpu += ms;
                }
                say("  CPU %s: %d ms, %.2f ms per payment", process, ms, ms / (double) count);
            }
            say("  CPU of the three nodes together: %.2f ms per payment", nodeCpu / (double) count);
            for (String counter : dbAfter.keySet()) {
                long n = dbAfter.get(counter) - dbBefore.getOrDefault(counter, 0L);
                say("  PostgreSQL %s: %d, %.1f per payment", counter, n, n / (double) count);
            }
            say("  events per payment: %.2f", events.size() / (double) count);
        }
    }

    // 2. A stream on node A gets the payments made through node B.
    private void streamOnAFromB() throws Exception {
        section("2. A stream on node-a, payments through node-b");
        Account account = newAccount("bed a-from-b", 100000);
        int payments = 20;
        try (Stream onA = new Stream("node-a", client.http(), nodes.get("node-a"), account.key(), 0, false).open()) {
            Load load = new Load(client, nodes.get("node-b"), account.key(), List.of("4242424242424242"), "p2-" + RUN);
            client.takeNodeCounts();
            load.run(4, payments, () -> true);
            say("payments straight to node-b: %s, answered by %s", load.tally(), client.takeNodeCounts());
            awaitSettled(Duration.ofSeconds(60));
            List<JsonNode> events = allEvents(account.key());
            boolean all = onA.awaitSequence(events.size(), Duration.ofSeconds(10));
            say("node-a's stream: %d events, last sequence %d, of %d; problems %s", onA.received(), onA.last(), events.size(), onA.problems());
            check(all && onA.problems().isEmpty() && onA.received() == events.size() && gapFree(events),
                    "node-a's stream got node-b's " + events.size() + " events in sequence order, no gap, none twice");
        }
    }

    // 3. A key revoked on node A is refused on B and C within 1 s.
    private void revokeOnA() throws Exception {
        section("3. Revoke a key on node-a");
        Account account = newAccount("bed revoke", null);
        Answer key = client.post(nodes.get("node-a"), "/v1/accounts/" + account.id() + "/keys", operator, "{\"type\":\"secret\"}", null);
        require(key.ok(), "key minted: " + key.raw().body());
        String secret = key.text("secret");
        for (String node : List.of("node-b", "node-c")) {
            require(client.get(nodes.get(node), "/v1/customers?limit=1", secret).ok(), node + " knows the key");
        }
        Answer revoked = client.post(nodes.get("node-a"), "/v1/accounts/" + account.id() + "/keys/" + key.text("id") + "/revoke",
                operator, "{}", null);
        long at = System.nanoTime();
        require(revoked.ok(), "revoked: " + revoked.raw().body());
        List<CompletableFuture<Double>> refused = new ArrayList<>();
        for (String node : List.of("node-b", "node-c")) {
            refused.add(CompletableFuture.supplyAsync(() -> {
                while (System.nanoTime() - at < Duration.ofSeconds(5).toNanos()) {
                    try {
                        Answer answer = client.get(nodes.get(node), "/v1/customers?limit=1", secret);
                        if (answer.status() == 401) {
                            return (System.nanoTime() - at) / 1e6;
                        }
                    } catch (IOException ignored) {
                        // try again
                    }
                }
                return Double.MAX_VALUE;
            }));
        }
        double b = refused.get(0).join();
        double c = refused.get(1).join();
        say("refused (401) after the revoke's answer: node-b %.0f ms, node-c %.0f ms", b, c);
        check(b < 1000 && c < 1000, "the revoked key is refused on node-b and node-c within 1 s");
    }

    // 4. A key limited to 25/s spread over three nodes; then Redis stopped.
    private void rateLimitAcrossNodes() throws Exception {
        section("4. Rate limit of 25 requests/s across the nodes, then Redis stopped");
        Account account = newAccount("bed rate limit", null);
        int seconds = quick ? 5 : 10;
        Map<Long, int[]> perSecond = new TreeMap<>();
        Map<String, AtomicInteger> acceptedByNode = new TreeMap<>();
        double[] took = new double[1];
        int[] statuses = hammer(account.key(), 100, seconds, perSecond, acceptedByNode, took);
        List<String> lines = new ArrayList<>();
        int worst = 0;
        long first = perSecond.keySet().stream().findFirst().orElse(0L);
        long lastSecond = perSecond.keySet().stream().reduce((a, b) -> b).orElse(0L);
        for (Map.Entry<Long, int[]> second : perSecond.entrySet()) {
            lines.add(second.getValue()[0] + "/" + (second.getValue()[0] + second.getValue()[1]));
            if (second.getKey() > first && second.getKey() < lastSecond) {
                worst = Math.max(worst, second.getValue()[0]);
            }
        }
        say("offered 100 requests/s for %d s through the balancer; answered over %.1f s; accepted/answered per second of answer %s;"
                + " accepted by node %s; 2xx %d, 429 %d, 5xx %d, no answer %d",
                seconds, took[0], lines, acceptedByNode, statuses[0], statuses[1], statuses[2], statuses[3]);
        int accepted = statuses[0];
        double allowed = 25 * took[0] + 25;
        check(accepted <= allowed + 5 && worst <= 25 + 5 && acceptedByNode.size() == 3,
                "at most 25/s accepted after the first second's burst (worst whole second " + worst + "), " + accepted
                        + " in all against 25 x " + String.format(java.util.Locale.ROOT, "%.1f", took[0])
                        + " s + a burst of 25 = " + (int) allowed + ", spread over three nodes");
        check(statuses[2] == 0, "no 5xx");

        say("redis-cli shutdown nosave");
        run("redis-cli", "shutdown", "nosave");
        Thread.sleep(300);
        perSecond.clear();
        acceptedByNode.clear();
        int[] down = hammer(account.key(), 50, 3, perSecond, acceptedByNode, took);
        say("with Redis down, 50 requests/s for 3 s: 2xx %d, 429 %d, 5xx %d, no answer %d (by node %s)", down[0], down[1], down[2], down[3],
                acceptedByNode);
        check(down[2] == 0 && down[3] == 0 && down[0] > 0, "with Redis down requests are still served (fail open), no 5xx");
        run(bed.getProperty("script"), "start-redis");
        long back = System.nanoTime();
        while (!listening(6379) && System.nanoTime() - back < Duration.ofSeconds(20).toNanos()) {
            Thread.sleep(100);
        }
        say("Redis started again with .ci/run's command (%.1f s)", (System.nanoTime() - back) / 1e9);
        Thread.sleep(1500);
        perSecond.clear();
        acceptedByNode.clear();
        int[] again = hammer(account.key(), 100, 3, perSecond, acceptedByNode, took);
        say("Redis back, 100 requests/s for 3 s (answered over %.1f s): 2xx %d, 429 %d, 5xx %d", took[0], again[0], again[1], again[2]);
        check(again[1] > 0 && again[2] == 0, "limits hold again once Redis is back");
    }

    /**
     * Sends GETs at {@code rate}/s for {@code seconds}, each on its own virtual thread (open loop);
     * counts answers by the second they arrived in. Returns 2xx, 429, 5xx, no answer; {@code took[0]}
     * the seconds from the first request to the last answer.
     */
    private int[] hammer(String key, int rate, int seconds, Map<Long, int[]> perSecond, Map<String, AtomicInteger> acceptedByNode,
            double[] took) throws InterruptedException {
        int[] statuses = new int[4];
        List<Thread> sent = new ArrayList<>();
        long start = System.nanoTime();
        long interval = 1_000_000_000L / rate;
        for (int i = 0; i < rate * seconds; i++) {
            long wait = start + i * interval - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            sent.add(Thread.ofVirtual().start(() -> {
                Answer answer = null;
                try {
                    answer = client.get(balancer, "/v1/customers?limit=1", key);
                } catch (IOException e) {
                    // counted below
                }
                long second = (System.nanoTime() - start) / 1_000_000_000L;
                synchronized (statuses) {
                    int[] counts = perSecond.computeIfAbsent(second, s -> new int[2]);
                    if (answer != null && answer.status() == 200) {
                        statuses[0]++;
                        counts[0]++;
                        acceptedByNode.computeIfAbsent(answer.node(), n -> new AtomicInteger()).incrementAndGet();
                    } else {
                        counts[1]++;
                        statuses[answer == null ? 3 : answer.status() == 429 ? 1 : answer.status() >= 500 ? 2 : 3]++;
                    }
                }
            }));
        }
        for (Thread thread : sent) {
            thread.join();
        }
        took[0] = (System.nanoTime() - start) / 1e9;
        return statuses;
    }

    // 5. RabbitMQ stopped and started during a payment load, streams on every node.
    private void brokerRestartUnderLoad() throws Exception {
        section("5. RabbitMQ application stopped and started under load (rabbitmqctl stop_app / start_app)");
        Account account = newAccount("bed broker", 100000);
        List<Stream> streams = new ArrayList<>();
        for (String node : nodes.keySet()) {
            streams.add(new Stream("direct to " + node, client.http(), nodes.get(node), account.key(), 0, true).open());
        }
        streams.add(new Stream("through the balancer", client.http(), balancer, account.key(), 0, true).open());
        int seconds = quick ? 12 : 30;
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        Load load = new Load(client, balancer, account.key(), List.of("4242424242424242", "4000000000000002"), "p5-" + RUN);
        CompletableFuture<Void> broker = CompletableFuture.runAsync(() -> {
            try {
                Thread.sleep(3000);
                long stop = System.nanoTime();
                run("rabbitmqctl", "stop_app");
                say("  rabbitmqctl stop_app took %.1f s", (System.nanoTime() - stop) / 1e9);
                Thread.sleep(3000);
                long start = System.nanoTime();
                run("rabbitmqctl", "start_app");
                say("  rabbitmqctl start_app took %.1f s", (System.nanoTime() - start) / 1e9);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        load.run(6, Integer.MAX_VALUE, () -> System.nanoTime() < end);
        broker.join();
        say("load: %s", load.tally());
        awaitSettled(Duration.ofSeconds(60));
        List<JsonNode> events = allEvents(account.key());
        check(gapFree(events), "events API gap-free (" + events.size() + " events)");
        for (Stream stream : streams) {
            boolean all = stream.awaitSequence(events.size(), Duration.ofSeconds(30));
            say("stream %s: %d events, last %d of %d, connections %d, closes %s, problems %s", stream.name(), stream.received(),
                    stream.last(), events.size(), stream.connects(), stream.closes(), stream.problems());
            check(all && stream.problems().isEmpty() && stream.received() == events.size(),
                    "stream " + stream.name() + ": nothing lost, nothing out of order or twice");
            stream.close();
        }
        check(load.failures().isEmpty(), "every payment answered during the broker's restart");
    }

    // 6. kill -9 of node-c during a payment load.
    private void killOneNodeUnderLoad() throws Exception {
        section("6. kill -9 of node-c under a payment load");
        Account account = newAccount("bed kill", 100000);
        List<Stream> streams = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            streams.add(new Stream("balancer stream " + i, client.http(), balancer, account.key(), 0, true).open());
        }
        int seconds = quick ? 20 : 40;
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        Load load = new Load(client, balancer, account.key(), cards, "p6-" + RUN);
        CompletableFuture<Void> loadRun = CompletableFuture.runAsync(() -> {
            try {
                load.run(8, Integer.MAX_VALUE, () -> System.nanoTime() < end);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Thread.sleep(6000);
        long pid = Long.parseLong(Files.readString(bedDir.resolve("node-c.pid")).trim());
        // Kill it while it holds a job claim if it takes one within 6 s (the relay's and janitors' runs are short).
        List<List<Object>> claims = List.of();
        long watch = System.nanoTime();
        while (claims.isEmpty() && System.nanoTime() - watch < Duration.ofSeconds(6).toNanos()) {
            claims = db.rows("SELECT task_name, task_instance FROM scheduled_tasks WHERE picked AND picked_by = 'node-c'");
        }
        long inFlightKeys = db.number("SELECT count(*) FROM idempotency_keys WHERE state = 'in_flight'");
        run("kill", "-9", Long.toString(pid));
        long killed = System.nanoTime();
        say("kill -9 node-c (pid %d) %.1f s into the load; it held job claims %s; idempotency keys in flight on the cluster: %d",
                pid, 6 + (System.nanoTime() - watch) / 1e9, claims, inFlightKeys);
        // Its leases: the scheduler's claims are taken over once 6 heartbeats (5 s each) are missed.
        double takenOver = -1;
        while (System.nanoTime() - killed < Duration.ofSeconds(90).toNanos()) {
            if (db.number("SELECT count(*) FROM scheduled_tasks WHERE picked AND picked_by = 'node-c'") == 0) {
                takenOver = (System.nanoTime() - killed) / 1e9;
                break;
            }
            Thread.sleep(200);
        }
        say("job claims of node-c released or taken over %.1f s after the kill (documented bound: about 40 s)", takenOver);
        check(takenOver >= 0 && takenOver <= 45, "node-c's job claims taken over within the documented bound");
        loadRun.join();
        say("load: %s; longest wait of a request sent again: %.1f s (idempotency key lease 60 s)", load.tally(),
                load.longestRetryMillis() / 1000.0);
        check(load.failures().isEmpty(), "every payment answered in the end, retried with its key (" + load.failures().size()
                + " not: " + load.failures().stream().limit(3).toList() + ")");
        restarts.add(CompletableFuture.runAsync(() -> restartNode("node-c")));
        awaitSettled(Duration.ofSeconds(150));
        List<JsonNode> events = allEvents(account.key());
        check(gapFree(events), "events API gap-free (" + events.size() + " events)");
        List<String> acknowledged = load.acknowledged();
        long lost = db.number("SELECT count(*) FROM unnest(?::text[]) AS a (id) WHERE NOT EXISTS (SELECT 1 FROM payments_intents i WHERE i.id = a.id)",
                (Object) acknowledged.toArray(String[]::new));
        check(lost == 0, "every one of the " + acknowledged.size() + " payments acknowledged still exists");
        int reconnected = 0;
        for (Stream stream : streams) {
            boolean all = stream.awaitSequence(events.size(), Duration.ofSeconds(30));
            if (stream.connects() > 1) {
                reconnected++;
            }
            check(all && stream.problems().isEmpty() && stream.received() == events.size(), "stream " + stream.name() + " (connections "
                    + stream.connects() + ", closes " + stream.closes() + ", " + stream.timeline() + "): all " + events.size() + " events, in order, none twice (got "
                    + stream.received() + ", last " + stream.last() + ", problems " + stream.problems() + ")");
            stream.close();
        }
        say("%d of %d streams through the balancer were cut by the kill and resumed from their last sequence", reconnected, streams.size());
        check(reconnected > 0, "the streams on node-c reconnected through the balancer");
        moneyChecks();
    }

    // 7. SIGTERM: requests drained, streams closed with 1001 and the last sequence.
    private void gracefulShutdown() throws Exception {
        section("7. SIGTERM to node-b: requests drained, streams closed 1001 with the last sequence");
        Account account = newAccount("bed sigterm", 100000);
        Stream onB = new Stream("node-b", client.http(), nodes.get("node-b"), account.key(), 0, false).open();
        AtomicInteger answered = new AtomicInteger();
        AtomicInteger serverErrors = new AtomicInteger();
        AtomicInteger cutInFlight = new AtomicInteger();
        AtomicInteger refusedAfter = new AtomicInteger();
        long[] signal = {Long.MAX_VALUE};
        List<Thread> clients = new ArrayList<>();
        long end = System.nanoTime() + Duration.ofSeconds(8).toNanos();
        for (int w = 0; w < 6; w++) {
            int worker = w;
            clients.add(Thread.ofPlatform().start(() -> {
                int i = 0;
                while (System.nanoTime() < end) {
                    long start = System.nanoTime();
                    try {
                        String request = "p7-" + RUN + "-" + worker + "-" + i++;
                        Answer method = client.post(nodes.get("node-b"), "/v1/payment_methods", account.key(),
                                "{\"type\":\"card\",\"card\":{\"number\":\"4242424242424242\",\"exp_month\":12,\"exp_year\":2034,\"cvc\":\"123\"}}",
                                request + "-pm");
                        Answer answer = method.status() != 200 ? method : client.post(nodes.get("node-b"), "/v1/payment_intents", account.key(),
                                "{\"amount\":1000,\"currency\":\"usd\",\"payment_method\":\"" + method.text("id") + "\",\"confirm\":true}",
                                request);
                        if (answer.status() >= 500) {
                            serverErrors.incrementAndGet();
                        } else {
                            answered.incrementAndGet();
                        }
                    } catch (IOException e) {
                        if (start < signal[0]) {
                            cutInFlight.incrementAndGet();
                        } else {
                            refusedAfter.incrementAndGet();
                        }
                        try {
                            Thread.sleep(100);
                        } catch (InterruptedException ie) {
                            return;
                        }
                    }
                }
            }));
        }
        Thread.sleep(3000);
        long pid = Long.parseLong(Files.readString(bedDir.resolve("node-b.pid")).trim());
        long lastBefore = onB.last();
        signal[0] = System.nanoTime();
        run("kill", "-TERM", Long.toString(pid));
        Stream.Close close = onB.awaitClose(Duration.ofSeconds(15));
        for (Thread t : clients) {
            t.join();
        }
        boolean exited = waitExit(pid, Duration.ofSeconds(40));
        say("stream on node-b: close %d %s; it had %d events (last %d; %d at the signal)", close.code(), close.reason(), onB.received(),
                onB.last(), lastBefore);
        JsonNode reason = close.reason().startsWith("{") ? Client.JSON.readTree(close.reason()) : Client.JSON.createObjectNode();
        check(close.code() == 1001 && "going_away".equals(reason.path("code").asString())
                && reason.path("last_sequence").asLong(-1) == onB.last() && onB.problems().isEmpty(),
                "the stream was closed 1001 going_away with last_sequence = the last event it was sent");
        say("requests straight to node-b: %d answered, %d 5xx, %d cut off while in flight, %d refused after the signal; node-b exited: %s",
                answered.get(), serverErrors.get(), cutInFlight.get(), refusedAfter.get(), exited);
        check(serverErrors.get() == 0 && cutInFlight.get() == 0, "requests in flight at SIGTERM were answered, none cut off, no 5xx");
        check(exited, "node-b exited within 40 s of SIGTERM");
        onB.close();
        restarts.add(CompletableFuture.runAsync(() -> restartNode("node-b")));
    }

    // ---- helpers ----

    private void restartNode(String node) {
        long start = System.nanoTime();
        try {
            run(bed.getProperty("script"), "start-node", node);
            say("%s started again, ready in %.1f s", node, (System.nanoTime() - start) / 1e9);
        } catch (Exception e) {
            failed.add(node + " did not start again: " + e);
        }
    }

    private boolean waitExit(long pid, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true)) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    private void purgeOnce(Account account) throws Exception {
        purgeLogLinesByNode(); // counts from here
        int seeded = db.update("""
                INSERT INTO idempotency_keys (account_id, livemode, idempotency_key, request_method, request_path, request_hash, state,
                                              response_status, created_at, completed_at)
                SELECT ?, false, 'bed-old-' || g, 'POST', '/v1/customers', '\\x00'::bytea, 'completed', 200,
                       now() - interval '3 days', now() - interval '3 days'
                FROM generate_series(1, 500) AS g
                """, account.id());
        db.update("UPDATE scheduled_tasks SET execution_time = now() WHERE task_name = 'idempotency-purge' AND NOT picked");
        long start = System.nanoTime();
        long left = seeded;
        while (left > 0 && System.nanoTime() - start < Duration.ofSeconds(20).toNanos()) {
            Thread.sleep(200);
            left = db.number("SELECT count(*) FROM idempotency_keys WHERE idempotency_key LIKE 'bed-old-%'");
        }
        Thread.sleep(500);
        Map<String, Long> lines = purgeLogLinesByNode();
        say("idempotency purge made due on the cluster with %d expired keys seeded: %d left after %.1f s; 'Purged' log lines per node: %s",
                seeded, left, (System.nanoTime() - start) / 1e9, lines);
        long total = lines.values().stream().mapToLong(Long::longValue).sum();
        check(left == 0 && total == 1, "the purge ran once across the three nodes and did its work");
    }

    private final Map<String, Long> purgeSeen = new TreeMap<>();

    /** Log lines saying "Purged … idempotency keys" per node since the previous call. */
    private Map<String, Long> purgeLogLinesByNode() throws IOException {
        Map<String, Long> lines = new TreeMap<>();
        for (String node : nodes.keySet()) {
            long n;
            try (var stream = Files.lines(bedDir.resolve(node + ".log"))) {
                n = stream.filter(line -> line.contains("Purged") && line.contains("idempotency keys")).count();
            }
            lines.put(node, n - purgeSeen.getOrDefault(node, 0L));
            purgeSeen.put(node, n);
        }
        return lines;
    }

    private Account newAccount(String name, Integer testLimit) throws IOException {
        Answer created = client.post(balancer, "/v1/accounts", operator, "{\"name\":\"" + name + "\"}", null);
        require(created.ok(), "account created: " + created.status() + " " + created.raw().body());
        Account account = new Account(created.text("id"), created.json().path("keys").path("test").path("secret").asString());
        if (testLimit != null) {
            Answer limits = client.post(balancer, "/v1/accounts/" + account.id() + "/rate_limits", operator,
                    "{\"test\":" + testLimit + "}", null);
            require(limits.ok(), "rate limits set: " + limits.raw().body());
        }
        return account;
    }

    private List<JsonNode> allEvents(String key) throws IOException {
        List<JsonNode> events = new ArrayList<>();
        String after = null;
        while (true) {
            Answer page = client.get(balancer, "/v1/events?limit=100" + (after == null ? "" : "&starting_after=" + after), key);
            require(page.ok(), "events listed: " + page.status());
            for (JsonNode event : page.json().path("data")) {
                events.add(event);
                after = event.path("id").asString();
            }
            if (!page.json().path("has_more").asBoolean()) {
                return events.reversed();
            }
        }
    }

    /** Sequences 1..n in order (the list is oldest first), ids unique. */
    private static boolean gapFree(List<JsonNode> events) {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i).path("sequence").asLong() != i + 1 || !ids.add(events.get(i).path("id").asString())) {
                return false;
            }
        }
        return true;
    }

    private double awaitSettled(Duration timeout) throws Exception {
        long start = System.nanoTime();
        List<Object> left = null;
        while (System.nanoTime() - start < timeout.toNanos()) {
            left = db.rows(Db.UNSETTLED).getFirst();
            if (left.stream().allMatch(n -> ((Number) n).longValue() == 0)) {
                return (System.nanoTime() - start) / 1e9;
            }
            Thread.sleep(250);
        }
        check(false, "settled within " + timeout.toSeconds() + " s (processing, refunds pending, unrelayed, unarchived, deliveries pending: "
                + left + ")");
        return timeout.toSeconds();
    }

    private void awaitDelivered(Receiver receiver, List<JsonNode> events, Duration timeout) throws InterruptedException {
        long start = System.nanoTime();
        while (System.nanoTime() - start < timeout.toNanos()
                && !events.stream().allMatch(e -> receiver.received().containsKey(e.path("id").asString()))) {
            Thread.sleep(100);
        }
    }

    private void moneyChecks() throws SQLException {
        int bad = 0;
        for (Map.Entry<String, String> rule : Db.MONEY.entrySet()) {
            List<List<Object>> rows = db.rows(rule.getValue());
            if (!rows.isEmpty()) {
                bad++;
                check(false, rule.getKey() + ": " + rows.size() + ", e.g. " + rows.stream().limit(3).toList());
            }
        }
        long intents = db.number("SELECT count(*) FROM payments_intents");
        long charges = db.number("SELECT count(*) FROM simulator.charges WHERE status = 'succeeded'");
        check(bad == 0, "money and event rules over the whole bed (" + Db.MONEY.size() + " rules; " + intents + " intents, "
                + charges + " charges succeeded at the processor): " + String.join("; ", Db.MONEY.keySet()));
    }

    private Map<String, Long> relayedByNode() throws IOException {
        Map<String, Long> relayed = new TreeMap<>();
        for (Map.Entry<String, String> node : nodes.entrySet()) {
            Answer scrape = client.get(node.getValue(), "/actuator/prometheus", operator);
            require(scrape.status() == 200, node.getKey() + " metrics: " + scrape.status());
            double sum = 0;
            for (String line : scrape.raw().body().split("\n")) {
                if (line.startsWith("settle_events_relayed_total{")) {
                    sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
            relayed.put(node.getKey(), (long) sum);
        }
        return relayed;
    }

    /** CPU milliseconds (user + system) of the bed's processes, from /proc. */
    private Map<String, Long> cpuByProcess() throws IOException {
        Map<String, Long> cpu = new TreeMap<>();
        for (String process : List.of("node-a", "node-b", "node-c", "simulator", "mongo", "haproxy")) {
            Path pidFile = bedDir.resolve(process + ".pid");
            if (!Files.exists(pidFile)) {
                continue;
            }
            String pid = Files.readString(pidFile).trim();
            try {
                String stat = Files.readString(Path.of("/proc", pid, "stat"));
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                cpu.put(process, (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10); // clock ticks of 10 ms
            } catch (IOException gone) {
                // not running
            }
        }
        return cpu;
    }

    /** The bed database's own counters (pg_stat_database) and the server's WAL position (shared with anything else on it). */
    private Map<String, Long> databaseCounters() throws SQLException {
        List<Object> row = db.rows("""
                SELECT xact_commit, tup_inserted, tup_updated, tup_deleted, pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::bigint
                FROM pg_stat_database WHERE datname = current_database()
                """).getFirst();
        Map<String, Long> counters = new LinkedHashMap<>();
        counters.put("commits (this database)", ((Number) row.get(0)).longValue());
        counters.put("rows inserted (this database)", ((Number) row.get(1)).longValue());
        counters.put("rows updated (this database)", ((Number) row.get(2)).longValue());
        counters.put("rows deleted (this database)", ((Number) row.get(3)).longValue());
        counters.put("WAL bytes (whole server, other databases included)", ((Number) row.get(4)).longValue());
        return counters;
    }

    private static boolean listening(int port) {
        try (var socket = new java.net.Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + output);
        }
    }

    private List<String> testCards() throws IOException {
        List<String> numbers = new ArrayList<>();
        boolean inTable = false;
        for (String line : Files.readAllLines(Path.of("docs/simulator.md"))) {
            if (line.startsWith("## Test cards")) {
                inTable = true;
            } else if (inTable && line.startsWith("## ")) {
                break;
            }
            Matcher card = CARD.matcher(line);
            if (inTable && card.find()) {
                numbers.add(card.group(1).replace(" ", ""));
            }
        }
        require(numbers.size() >= 10, "docs/simulator.md's card table read (" + numbers + ")");
        return numbers;
    }

    private void check(boolean ok, String what) {
        say("%s %s", ok ? "PASS" : "FAIL", what);
        if (!ok) {
            failed.add(what);
        }
    }

    private static void require(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException("could not go on: " + what);
        }
    }

    private void section(String title) {
        say("");
        say("## %s (at %.0f s)", title, (System.nanoTime() - started) / 1e9);
    }

    private static synchronized void say(String format, Object... args) {
        System.out.println(args.length == 0 ? format : String.format(java.util.Locale.ROOT, format, args));
        System.out.flush();
    }
}
