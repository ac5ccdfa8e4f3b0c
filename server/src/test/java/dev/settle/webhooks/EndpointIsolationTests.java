package dev.settle.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import dev.settle.platform.Background;
import dev.settle.platform.SettleProperties;
import dev.settle.support.Api;
import dev.settle.support.Payments;
import dev.settle.support.SettleTest;
import dev.settle.webhooks.TestReceiver.Reply;
import dev.settle.webhooks.internal.WebhooksProperties;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.JsonNode;

/**
 * One bad endpoint, or one stuck worker, never holds up anyone else's deliveries: endpoints that
 * hang, refuse connections, answer 410 or 429 get their documented treatment while a healthy
 * endpoint's events keep arriving within a second of the payment that caused them.
 */
@SettleTest
class EndpointIsolationTests {

    @Autowired
    Api api;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataSource dataSource;

    @Autowired
    SettleProperties settle;

    @Autowired
    WebhooksProperties webhooks;

    @Autowired
    MeterRegistry meters;

    @Autowired
    ApplicationEventPublisher publisher;

    @Autowired
    TransactionTemplate transactions;

    static TestReceiver receiver;

    @BeforeAll
    static void startReceiver() {
        receiver = TestReceiver.start();
    }

    @AfterAll
    static void stopReceiver() {
        receiver.close();
    }

    record Endpoint(String id, String path) {
    }

    @Test
    void fiveReceiversAtOnceAndTheHealthyOneKeepsItsPace() throws Exception {
        Api.Account account = api.newAccount();
        Endpoint hanging = endpoint(account, receiverPath(), "[\"*\"]");
        Endpoint refusing = endpoint(account, closedPort(), "[\"*\"]");
        Endpoint gone = endpoint(account, receiverPath(), "[\"*\"]");
        Endpoint throttled = endpoint(account, receiverPath(), "[\"*\"]");
        Endpoint healthy = endpoint(account, receiverPath(), "[\"*\"]");
        // Hangs far past settle.webhooks.timeout on every request.
        receiver.always(hanging.path(), Reply.status(200).after(Duration.ofSeconds(60)));
        receiver.always(gone.path(), Reply.status(410));
        receiver.always(throttled.path(), Reply.status(429).header("Retry-After", "2"));

        int payments = 120;
        Map<String, Instant> sentAt = new ConcurrentHashMap<>();
        Instant burst = Instant.now();
        try (ExecutorService clients = Executors.newFixedThreadPool(6)) {
            List<CompletableFuture<Void>> calls = new ArrayList<>();
            for (int i = 0; i < payments; i++) {
                calls.add(CompletableFuture.runAsync(() -> {
                    String method = Payments.paymentMethod(api, account.testKey(), Payments.SUCCESS);
                    Instant before = Instant.now();
                    Api.Response intent = api.post("/v1/payment_intents", account.testKey(), "{\"amount\":1500,\"currency\":\"usd\","
                            + "\"payment_method\":\"" + method + "\",\"confirm\":true}");
                    assertThat(intent.status()).as(intent.toString()).isEqualTo(200);
                    sentAt.put(intent.text("id"), before);
                }, clients));
            }
            calls.forEach(CompletableFuture::join);
        }

        // The healthy endpoint: every payment's payment_intent.succeeded, each within a second of the request that caused it.
        List<TestReceiver.Request> received = awaitEvents(healthy, "payment_intent.succeeded", payments, Duration.ofSeconds(30));
        List<Long> lags = new ArrayList<>();
        for (TestReceiver.Request request : received) {
            JsonNode event = Api.json().readTree(request.body());
            Instant sent = sentAt.get(event.path("data").path("object").path("id").asString());
            lags.add(Duration.between(sent, request.at()).toMillis());
        }
        Collections.sort(lags);
        long p50 = lags.get(lags.size() / 2);
        long p99 = lags.get((int) Math.ceil(lags.size() * 0.99) - 1);
        System.out.printf("five receivers: healthy endpoint lag from payment request to receipt over %d payments: "
                + "p50 %d ms, p99 %d ms, max %d ms%n", payments, p50, p99, lags.getLast());
        System.out.println("five receivers: where the healthy endpoint's time went (ms, p50/p99): " + jdbc.sql("""
                SELECT format('commit to relay %s/%s, relay to delivery row %s/%s, delivery row to done %s/%s',
                    percentile_disc(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM o.relayed_at - o.created_at) * 1000)::int,
                    percentile_disc(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM o.relayed_at - o.created_at) * 1000)::int,
                    percentile_disc(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM d.created_at - o.relayed_at) * 1000)::int,
                    percentile_disc(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM d.created_at - o.relayed_at) * 1000)::int,
                    percentile_disc(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM d.updated_at - d.created_at) * 1000)::int,
                    percentile_disc(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM d.updated_at - d.created_at) * 1000)::int)
                FROM webhooks_deliveries d JOIN events_outbox o ON o.id = d.event_id
                WHERE d.endpoint_id = :id
                """).param("id", healthy.id()).query(String.class).single());
        List<Integer> sends = new ArrayList<>();
        api.get("/v1/webhook_attempts?limit=100&endpoint=" + healthy.id(), account.testKey()).json().path("data")
                .forEach(attempt -> sends.add(attempt.path("latency_ms").asInt()));
        Collections.sort(sends);
        System.out.println("five receivers: healthy sends' latency (ms) " + sends);
        assertThat(p99).as("healthy endpoint's lag p99 (ms)").isLessThan(1000);

        // The hanging endpoint never held more than its share of workers: before the first attempt could time out,
        // at most endpoint-concurrency requests had reached it.
        Instant firstHang = receiver.at(hanging.path()).getFirst().at();
        long beforeAnyTimeout = receiver.at(hanging.path()).stream()
                .filter(request -> request.at().isBefore(firstHang.plus(webhooks.timeout()).minusMillis(200))).count();
        assertThat(beforeAnyTimeout).isBetween(1L, (long) webhooks.endpointConcurrency());

        // 410: disabled with its event, every delivery stopped as failed (endpoint_disabled).
        awaitTrue(() -> "disabled".equals(api.get("/v1/webhook_endpoints/" + gone.id(), account.testKey()).text("status")));
        assertThat(api.get("/v1/webhook_endpoints/" + gone.id(), account.testKey()).text("disabled_reason")).isEqualTo("gone");
        assertThat(disabledEvents(account, gone)).isEqualTo(1);
        assertThat(statuses(gone)).containsOnlyKeys("failed");

        // 429 with Retry-After: 2: never tried again sooner.
        awaitTrue(() -> receiver.at(throttled.path()).stream().map(r -> r.header("webhook-id")).distinct().count()
                < receiver.at(throttled.path()).size());
        Map<String, List<TestReceiver.Request>> byEvent = new ConcurrentHashMap<>();
        receiver.at(throttled.path()).forEach(r -> byEvent.computeIfAbsent(r.header("webhook-id"), id -> new ArrayList<>()).add(r));
        byEvent.values().stream().filter(attempts -> attempts.size() > 1).forEach(attempts -> {
            for (int i = 1; i < attempts.size(); i++) {
                assertThat(Duration.between(attempts.get(i - 1).at(), attempts.get(i).at()))
                        .as("retry after 429 with Retry-After: 2").isGreaterThanOrEqualTo(Duration.ofSeconds(2));
            }
        });

        // Refused and hanging: every delivery still pending, failed at least once and due again on the schedule.
        awaitTrue(() -> jdbc.sql("SELECT count(*) FROM webhooks_deliveries WHERE endpoint_id = :id AND failures = 0")
                .param("id", refusing.id()).query(Long.class).single() == 0);
        assertThat(statuses(refusing)).containsOnlyKeys("pending");
        assertThat(jdbc.sql("SELECT count(*) FROM webhooks_deliveries WHERE endpoint_id = :id AND last_error IS NULL")
                .param("id", refusing.id()).query(Long.class).single()).isZero();
        assertThat(statuses(hanging)).containsOnlyKeys("pending");
        assertThat(statuses(healthy)).containsOnlyKeys("succeeded");
        System.out.printf("five receivers: %d requests reached the hanging endpoint, %d the throttled one, within %d s%n",
                receiver.at(hanging.path()).size(), receiver.at(throttled.path()).size(),
                Duration.between(burst, Instant.now()).toSeconds());
    }

    @Test
    void severalDeliveriesInFlightToAnEndpointAnswering410DisableItOnceAndStopNothingElse() {
        Relay relay = new Relay(publisher, transactions);
        for (int round = 0; round < 5; round++) {
            Api.Account account = api.newAccount();
            Api.Account other = api.newAccount();
            Endpoint gone = endpoint(account, receiverPath(), "[\"*\"]");
            Endpoint sibling = endpoint(account, receiverPath(), "[\"*\"]");
            Endpoint elsewhere = endpoint(other, receiverPath(), "[\"*\"]");
            // Slow enough that every delivery of the batch is in flight when the first 410 comes back.
            receiver.always(gone.path(), Reply.status(410).after(Duration.ofMillis(150)));

            List<Relay.Spec> batch = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                batch.add(new Relay.Spec(account.id(), false, "customer.created"));
                batch.add(new Relay.Spec(other.id(), false, "customer.created"));
            }
            relay.relayBatch(batch);

            receiver.await(sibling.path(), 8, Duration.ofSeconds(10));
            receiver.await(elsewhere.path(), 8, Duration.ofSeconds(10));
            awaitTrue(() -> "disabled".equals(api.get("/v1/webhook_endpoints/" + gone.id(), account.testKey()).text("status")));
            awaitTrue(() -> statuses(gone).keySet().equals(Set.of("failed")));
            assertThat(receiver.at(gone.path()).size()).as("410s received in round " + round).isGreaterThan(1);
            assertThat(disabledEvents(account, gone)).as("one disabled event").isEqualTo(1);

            // Nothing was left waiting on a lock: new events still flow at once, to both accounts.
            relay.relayBatch(List.of(new Relay.Spec(account.id(), false, "customer.updated"),
                    new Relay.Spec(other.id(), false, "customer.updated")));
            receiver.await(sibling.path(), 9, Duration.ofSeconds(3));
            receiver.await(elsewhere.path(), 9, Duration.ofSeconds(3));
            assertThat(jdbc.sql("SELECT count(*) FROM pg_stat_activity WHERE state = 'idle in transaction' "
                    + "AND state_change < now() - interval '2 seconds'").query(Long.class).single())
                    .as("sessions idle in a transaction for more than 2 s").isZero();
        }
    }

    @Test
    void aFrozenWorkerHoldingAnEndpointsLocksCostsOnlyThatEndpointAndOnlyForTheDocumentedBound() throws Exception {
        Relay relay = new Relay(publisher, transactions);
        Api.Account frozen = api.newAccount();
        Api.Account other = api.newAccount();
        Endpoint stuck = endpoint(frozen, receiverPath(), "[\"*\"]");
        Endpoint elsewhere = endpoint(other, receiverPath(), "[\"*\"]");
        receiver.script(stuck.path(), Reply.status(500));
        double lockTimeoutsBefore = lockTimeouts();

        // A worker's session, from the background pool, stops in the middle of disabling the endpoint
        // (as DeliveryOutcomes.disable does) and never commits: it holds the endpoint's row lock.
        ExecutorService worker = Executors.newSingleThreadExecutor(Background.threads(Thread.ofPlatform().factory()));
        CompletableFuture<Integer> frozenBackend = new CompletableFuture<>();
        CompletableFuture<Void> release = new CompletableFuture<>();
        worker.execute(() -> {
            try (Connection connection = dataSource.getConnection()) {
                connection.setAutoCommit(false);
                try (Statement statement = connection.createStatement()) {
                    statement.executeUpdate("UPDATE webhooks_endpoints SET status = status WHERE id = '" + stuck.id() + "'");
                    java.sql.ResultSet rs = statement.executeQuery("SELECT pg_backend_pid()");
                    rs.next();
                    frozenBackend.complete(rs.getInt(1));
                }
                release.get(60, TimeUnit.SECONDS);
            } catch (Exception ended) {
                frozenBackend.completeExceptionally(ended);
            }
        });
        int backend = frozenBackend.get(10, TimeUnit.SECONDS);
        Instant frozenAt = Instant.now();

        // Both accounts get an event: the other account's arrives at once; the stuck endpoint's attempt fails
        // (500), and recording that waits on the frozen lock until the lock timeout.
        Instant sent = Instant.now();
        relay.relayBatch(List.of(new Relay.Spec(frozen.id(), false, "customer.created"), new Relay.Spec(other.id(), false,
                "customer.created")));
        TestReceiver.Request arrived = receiver.await(elsewhere.path(), 1, Duration.ofSeconds(5)).getFirst();
        assertThat(Duration.between(sent, arrived.at())).as("the other account's delivery while a worker is frozen")
                .isLessThan(Duration.ofSeconds(1));
        receiver.await(stuck.path(), 1, Duration.ofSeconds(5));

        // PostgreSQL ends the frozen session after the background idle-in-transaction timeout, releasing its lock.
        Duration bound = settle.database().backgroundIdleInTransactionTimeout();
        awaitTrue(() -> jdbc.sql("SELECT count(*) FROM pg_stat_activity WHERE pid = :pid").param("pid", backend)
                .query(Long.class).single() == 0, bound.plusSeconds(5));
        Duration held = Duration.between(frozenAt, Instant.now());
        System.out.printf("frozen worker: its session was ended after %d ms (bound %s)%n", held.toMillis(), bound);
        assertThat(held).isLessThan(bound.plusSeconds(3));
        release.complete(null);
        worker.shutdown();

        // The lock wait was cut short, logged and counted; the stuck endpoint's delivery is tried again and succeeds.
        awaitTrue(() -> lockTimeouts() > lockTimeoutsBefore);
        receiver.await(stuck.path(), 2, Duration.ofSeconds(30));
        awaitTrue(() -> statuses(stuck).keySet().equals(Set.of("succeeded")), Duration.ofSeconds(10));
    }

    private double lockTimeouts() {
        var counter = meters.find("settle.database.timeouts").tag("kind", "lock").tag("work", "background").counter();
        return counter == null ? 0 : counter.count();
    }

    private static String receiverPath() {
        return "/isolation/" + UUID.randomUUID();
    }

    /** A URL on 127.0.0.1 where nothing listens: connections are refused. */
    private static String closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return "http://127.0.0.1:" + socket.getLocalPort() + "/refused";
        }
    }

    private Endpoint endpoint(Api.Account account, String pathOrUrl, String events) {
        String url = pathOrUrl.startsWith("http") ? pathOrUrl : receiver.url(pathOrUrl);
        Api.Response created = api.post("/v1/webhook_endpoints", account.testKey(),
                "{\"url\":\"" + url + "\",\"enabled_events\":" + events + "}");
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        return new Endpoint(created.text("id"), pathOrUrl);
    }

    private List<TestReceiver.Request> awaitEvents(Endpoint endpoint, String type, int count, Duration within) {
        Instant deadline = Instant.now().plus(within);
        while (true) {
            // The first receipt of each event: a retry after a timed-out attempt on a loaded machine is allowed (at least once).
            Map<String, TestReceiver.Request> first = new LinkedHashMap<>();
            receiver.at(endpoint.path()).stream()
                    .filter(request -> request.body().contains("\"type\":\"" + type + "\""))
                    .forEach(request -> first.putIfAbsent(request.header("webhook-id"), request));
            List<TestReceiver.Request> found = List.copyOf(first.values());
            if (found.size() >= count || Instant.now().isAfter(deadline)) {
                assertThat(found).as(type + " at " + endpoint.path()).hasSize(count);
                return found;
            }
            TestReceiver.sleep(50);
        }
    }

    private Map<String, Long> statuses(Endpoint endpoint) {
        Map<String, Long> statuses = new ConcurrentHashMap<>();
        jdbc.sql("SELECT status, count(*) FROM webhooks_deliveries WHERE endpoint_id = :id GROUP BY status")
                .param("id", endpoint.id())
                .query((rs, row) -> statuses.put(rs.getString(1), rs.getLong(2))).list();
        return statuses;
    }

    private long disabledEvents(Api.Account account, Endpoint endpoint) {
        return jdbc.sql("SELECT count(*) FROM events_outbox WHERE type = 'webhook_endpoint.disabled' AND object_id = :id "
                + "AND account_id = :account").param("id", endpoint.id()).param("account", account.id()).query(Long.class).single();
    }

    private static void awaitTrue(BooleanSupplier condition) {
        awaitTrue(condition, Duration.ofSeconds(15));
    }

    private static void awaitTrue(BooleanSupplier condition, Duration within) {
        Instant deadline = Instant.now().plus(within);
        while (!condition.getAsBoolean()) {
            assertThat(Instant.now()).as("condition not met within " + within).isBefore(deadline);
            TestReceiver.sleep(50);
        }
    }
}
