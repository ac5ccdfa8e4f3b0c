package dev.settle.bench.cluster;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;

import dev.settle.bench.cluster.Client.Answer;

/**
 * Payments as a merchant's server makes them: a payment method per payment, then create-and-confirm
 * with an {@code Idempotency-Key} (also kept in the intent's metadata), the 3-D Secure challenge
 * passed on the simulator's page, and refunds of some. A request that gets no answer, a 5xx or
 * {@code 409 idempotency_key_in_use} is sent again with the same key until it is answered (at most
 * {@link #RETRY_FOR}), as a careful client does when a node dies under it.
 */
final class Load {

    static final Duration RETRY_FOR = Duration.ofSeconds(120);

    private final Client client;
    private final String base;
    private final String key;
    private final List<String> cards;
    private final String run;
    private final Map<String, LongAdder> tally = new ConcurrentHashMap<>();
    private final Queue<String> acknowledged = new ConcurrentLinkedQueue<>();
    private final Queue<String> failures = new ConcurrentLinkedQueue<>();
    private final AtomicInteger next = new AtomicInteger();
    private volatile long longestRetryMillis;

    Load(Client client, String base, String key, List<String> cards, String run) {
        this.client = client;
        this.base = base;
        this.key = key;
        this.cards = cards;
        this.run = run;
    }

    /** Runs {@code workers} clients until {@code count} payments are made or {@code more} says stop. */
    void run(int workers, int count, BooleanSupplier more) throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            threads.add(Thread.ofPlatform().name("load-" + w).start(() -> {
                int i;
                while (more.getAsBoolean() && (i = next.getAndIncrement()) < count) {
                    try {
                        pay(i);
                    } catch (IOException | RuntimeException e) {
                        count("failed: " + e.getClass().getSimpleName());
                        failures.add("payment " + i + ": " + e);
                    }
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
    }

    private void pay(int i) throws IOException {
        String card = cards.get(i % cards.size());
        String request = run + "-" + i;
        long amount = 1000 + (i % 97) * 10;
        Answer method = retried("/v1/payment_methods", "{\"type\":\"card\",\"card\":{\"number\":\"" + card
                + "\",\"exp_month\":12,\"exp_year\":2034,\"cvc\":\"123\"}}", request + "-pm");
        if (!method.ok()) {
            count("payment method refused " + method.status());
            failures.add("payment method " + request + ": " + method.status() + " " + method.raw().body());
            return;
        }
        Answer intent = retried("/v1/payment_intents", "{\"amount\":" + amount + ",\"currency\":\"usd\",\"payment_method\":\""
                + method.text("id") + "\",\"confirm\":true,\"metadata\":{\"request\":\"" + request + "\",\"card\":\"" + card + "\"}}", request);
        count("payments");
        if (!intent.ok()) {
            count("payment refused " + intent.status());
            failures.add("payment " + request + ": " + intent.status() + " " + intent.raw().body());
            return;
        }
        acknowledged.add(intent.text("id"));
        String status = intent.text("status");
        count("answered " + status);
        if ("requires_action".equals(status)) {
            String url = intent.json().path("next_action").path("redirect_to_url").path("url").asString();
            try {
                HttpResponse<String> completed = client.http().send(HttpRequest.newBuilder(URI.create(url + "/complete"))
                        .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"outcome\":\"succeed\"}")).build(),
                        HttpResponse.BodyHandlers.ofString());
                count(completed.statusCode() == 200 ? "3-D Secure completed" : "3-D Secure refused " + completed.statusCode());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if ("succeeded".equals(status) && (i % 5 == 0 || card.endsWith("5126"))) {
            Answer refund = retried("/v1/refunds", "{\"payment_intent\":\"" + intent.text("id") + "\",\"amount\":" + amount / 2 + "}",
                    request + "-refund");
            count(refund.ok() ? "refunds answered " + refund.text("status") : "refund refused " + refund.status());
        }
    }

    /** POSTs until answered: no answer, a 5xx or a key still in flight on a dead node is sent again with the same key. */
    private Answer retried(String path, String body, String idempotencyKey) throws IOException {
        long start = System.nanoTime();
        long deadline = start + RETRY_FOR.toNanos();
        int attempt = 0;
        while (true) {
            Answer answer = null;
            IOException cut = null;
            try {
                answer = client.post(base, path, key, body, idempotencyKey);
            } catch (IOException e) {
                cut = e;
            }
            boolean again = answer == null || answer.status() >= 500
                    || (answer.status() == 409 && "idempotency_key_in_use".equals(answer.text("code")))
                    || answer.status() == 429;
            if (!again) {
                if (attempt > 0) {
                    long waited = (System.nanoTime() - start) / 1_000_000;
                    longestRetryMillis = Math.max(longestRetryMillis, waited);
                    count("answered after a retry");
                }
                return answer;
            }
            count(answer == null ? "retried: no answer" : "retried: " + answer.status()
                    + (answer.status() == 409 ? " key in use" : ""));
            if (System.nanoTime() > deadline) {
                if (cut != null) {
                    throw cut;
                }
                return answer;
            }
            attempt++;
            try {
                Thread.sleep(Math.min(1000, 100L * attempt));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        }
    }

    void count(String what) {
        tally.computeIfAbsent(what, w -> new LongAdder()).increment();
    }

    Map<String, Long> tally() {
        Map<String, Long> sorted = new TreeMap<>();
        tally.forEach((what, n) -> sorted.put(what, n.sum()));
        return sorted;
    }

    List<String> acknowledged() {
        return List.copyOf(acknowledged);
    }

    List<String> failures() {
        return List.copyOf(failures);
    }

    long longestRetryMillis() {
        return longestRetryMillis;
    }
}
