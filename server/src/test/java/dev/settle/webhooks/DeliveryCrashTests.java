package dev.settle.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import dev.settle.support.Api;
import dev.settle.support.Payments;
import dev.settle.support.SettleProcess;
import tools.jackson.databind.JsonNode;

/**
 * Settle is killed — its JVM and its PostgreSQL, with no chance to clean up — in the middle of a
 * burst of over 1,000 events while a slow receiver takes their webhooks. After a restart every
 * event that committed is delivered at least once, and the sequence numbers in the payloads let
 * the receiver put them in order. And the payments the kill interrupted, retried by their client
 * with the same Idempotency-Key, are each made once: never a second intent, never a second charge.
 */
class DeliveryCrashTests {

    private static final int PAYMENTS = 400;

    @Test
    void noCommittedEventIsLostWhenSettleIsKilledMidBurst() throws Exception {
        Map<String, Long> received = new ConcurrentHashMap<>();
        AtomicInteger deliveries = new AtomicInteger();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.setExecutor(Executors.newSingleThreadExecutor());
        receiver.createContext("/hooks", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            sleep(10);
            JsonNode event = Api.json().readTree(new String(body, StandardCharsets.UTF_8));
            received.put(exchange.getRequestHeaders().getFirst("webhook-id"), event.path("sequence").asLong());
            deliveries.incrementAndGet();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        Path dataDir = Files.createTempDirectory(Path.of("target"), "crash-");
        // A short lease, so deliveries the killed node had claimed come due again soon after the restart.
        try (SettleProcess settle = new SettleProcess(dataDir, "--settle.webhooks.lease=10s", "--settle.webhooks.timeout=5s",
                "--settle.idempotency.lease=5s").start()) {
            Api api = settle.api();
            Api.Account account = api.newAccount();
            Api.Response endpoint = api.post("/v1/webhook_endpoints", account.testKey(), "{\"url\":\"http://127.0.0.1:"
                    + receiver.getAddress().getPort() + "/hooks\",\"enabled_events\":[\"*\"]}");
            assertThat(endpoint.status()).as(endpoint.toString()).isEqualTo(200);
            String method = Payments.paymentMethod(api, account.testKey(), Payments.SUCCESS);

            AtomicInteger paid = new AtomicInteger();
            String payment = "{\"amount\":1000,\"currency\":\"usd\",\"payment_method\":\"" + method + "\",\"confirm\":true}";
            Map<String, String> intentByKey = new ConcurrentHashMap<>();
            Thread burst = Thread.ofPlatform().start(() -> {
                try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
                    for (int i = 0; i < PAYMENTS; i++) {
                        String key = "burst-" + i;
                        pool.execute(() -> {
                            try {
                                Api.Response paidNow = api.post("/v1/payment_intents", account.testKey(), payment, key);
                                if (paidNow.status() == 200) {
                                    intentByKey.put(key, paidNow.text("id"));
                                    paid.incrementAndGet();
                                }
                            } catch (RuntimeException killed) {
                                // Settle is gone; the payment may or may not have committed
                            }
                        });
                    }
                }
            });
            Instant deadline = Instant.now().plusSeconds(60);
            while (paid.get() < 350 && Instant.now().isBefore(deadline)) {
                Thread.sleep(10);
            }
            settle.kill();
            burst.join();
            int deliveredBeforeCrash = deliveries.get();

            settle.start();
            // Counted from the restart, however long the burst and the restart took on this machine.
            Instant redelivered = Instant.now().plusSeconds(120);
            Set<String> committed = new HashSet<>();
            List<Long> sequences = new ArrayList<>();
            // Every acknowledged payment committed its four events (created, processing, charge, succeeded).
            for (JsonNode event : allEvents(api, account.testKey(), 4L * paid.get())) {
                committed.add(event.path("id").asString());
                sequences.add(event.path("sequence").asLong());
            }
            while (!received.keySet().containsAll(committed) && Instant.now().isBefore(redelivered)) {
                Thread.sleep(100);
            }

            assertThat(deliveredBeforeCrash).as("the crash happened mid-way").isLessThan(committed.size());
            assertThat(committed.size()).as("a burst of over 1,000 events committed").isGreaterThan(1_000);
            assertThat(committed.size()).as("every acknowledged payment survived the crash with its four events")
                    .isGreaterThanOrEqualTo(4 * paid.get());
            assertThat(received.keySet()).as("every committed event delivered at least once").containsAll(committed);
            assertThat(sequences).as("gap-free sequence numbers").containsExactlyInAnyOrderElementsOf(
                    java.util.stream.LongStream.rangeClosed(1, committed.size()).boxed().toList());
            for (String id : committed) {
                assertThat(received.get(id)).as("the payload carries the event's sequence").isPositive();
            }

            // The client retries every payment it got no answer for, with its key.
            for (int i = 0; i < PAYMENTS; i++) {
                String key = "burst-" + i;
                if (!intentByKey.containsKey(key)) {
                    Api.Response retried = api.post("/v1/payment_intents", account.testKey(), payment, key);
                    for (int wait = 0; retried.status() == 409 && wait < 100; wait++) {
                        Thread.sleep(200);
                        retried = api.post("/v1/payment_intents", account.testKey(), payment, key);
                    }
                    assertThat(retried.status()).as(retried.toString()).isEqualTo(200);
                    intentByKey.put(key, retried.text("id"));
                }
            }
            List<JsonNode> intents = allIntents(api, account.testKey());
            assertThat(new HashSet<>(intentByKey.values())).as("one intent per key").hasSize(PAYMENTS);
            assertThat(intents).as("no intent beyond those the keys answer with: a retry never paid again").hasSize(PAYMENTS);
            assertThat(intents).allSatisfy(intent ->
                    assertThat(intent.path("charges").path("data")).as("one attempt, one processor charge").hasSize(1));
        } finally {
            receiver.stop(0);
        }
    }

    private static List<JsonNode> allIntents(Api api, String key) {
        List<JsonNode> intents = new ArrayList<>();
        String cursor = null;
        do {
            Api.Response page = api.get("/v1/payment_intents?limit=100" + (cursor == null ? "" : "&starting_after=" + cursor), key);
            page.json().path("data").forEach(intents::add);
            cursor = page.json().path("has_more").asBoolean() ? intents.getLast().path("id").asString() : null;
        } while (cursor != null);
        return intents;
    }

    /**
     * Every event of the account, from the archive, once the archive has caught up with the outbox:
     * at least {@code atLeast} events, and the same count on three reads a second apart.
     */
    private static List<JsonNode> allEvents(Api api, String key, long atLeast) throws InterruptedException {
        List<JsonNode> events = new ArrayList<>();
        long total = -1;
        int stable = 0;
        for (int i = 0; i < 120; i++) {
            events.clear();
            String cursor = null;
            do {
                Api.Response page = api.get("/v1/events?limit=100" + (cursor == null ? "" : "&starting_after=" + cursor), key);
                page.json().path("data").forEach(events::add);
                cursor = page.json().path("has_more").asBoolean() ? events.getLast().path("id").asString() : null;
            } while (cursor != null);
            stable = events.size() == total ? stable + 1 : 0;
            if (events.size() >= atLeast && stable >= 2) {
                return events;
            }
            total = events.size();
            Thread.sleep(1000);
        }
        return events;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
