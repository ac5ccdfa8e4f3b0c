package dev.settle.support.crash;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

import dev.settle.support.Api;

/**
 * Concurrent clients paying through the public API as merchants' servers do: a payment method,
 * then a payment intent created and confirmed in one request with an Idempotency-Key; 3-D Secure
 * completed for most payments that ask for it; partial refunds of some succeeded payments. A
 * request that got no answer, or a 5xx, is remembered with its key, to be retried after recovery.
 */
final class Load {

    /** A request Settle did not answer (the crash cut it off), to send again with the same key. */
    record CutOff(String path, String body, String idempotencyKey) {
    }

    private static final HttpClient BROWSER = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Api api;
    private final String key;
    private final Acknowledged acknowledged;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<CutOff> cutOff = new CopyOnWriteArrayList<>();
    private final Map<String, LongAdder> tally = new ConcurrentHashMap<>();
    private final List<Thread> clients = new ArrayList<>();

    private Load(Api api, String key, Acknowledged acknowledged) {
        this.api = api;
        this.key = key;
        this.acknowledged = acknowledged;
    }

    static Load start(Api api, String key, Acknowledged acknowledged, int clients, long seed) {
        Load load = new Load(api, key, acknowledged);
        for (int i = 0; i < clients; i++) {
            Random random = new Random(seed + i);
            load.clients.add(Thread.ofPlatform().daemon().name("crash-client-" + i).start(() -> load.run(random)));
        }
        return load;
    }

    private void run(Random random) {
        while (running.get()) {
            try {
                pay(random);
            } catch (RuntimeException unexpected) {
                count("client errors");
            }
        }
    }

    private void pay(Random random) {
        Card card = Card.pick(random);
        String method = paymentMethod(card);
        if (method == null) {
            count("payment methods not made");
            pause(100 + random.nextInt(200));
            return;
        }
        String currency = random.nextInt(10) < 7 ? "usd" : random.nextBoolean() ? "eur" : "jpy";
        long amount = 100 + random.nextInt(50_000);
        count("payments");
        // The request's key also goes into the metadata, so the checks can tell that one request made one object.
        String request = newKey();
        Api.Response paid = send("/v1/payment_intents", "{\"amount\":" + amount + ",\"currency\":\"" + currency
                + "\",\"payment_method\":\"" + method + "\",\"confirm\":true,\"metadata\":{\"request\":\"" + request + "\"}}",
                request);
        if (paid == null) {
            return;
        }
        String status = acknowledged.record(paid);
        count("payments " + status);
        if ("requires_action".equals(status) && random.nextInt(3) < 2) {
            completeThreeDSecure(paid);
        }
        if ("succeeded".equals(status) && random.nextBoolean()) {
            for (int refund = 0, refunds = 1 + random.nextInt(2); refund < refunds; refund++) {
                String refundRequest = newKey();
                Api.Response refunded = send("/v1/refunds", "{\"payment_intent\":\"" + paid.text("id") + "\",\"amount\":"
                        + (1 + random.nextLong(amount / 3)) + ",\"metadata\":{\"request\":\"" + refundRequest + "\"}}",
                        refundRequest);
                if (refunded != null) {
                    count("refunds " + acknowledged.record(refunded));
                }
            }
        }
    }

    private String paymentMethod(Card card) {
        try {
            Api.Response created = api.post("/v1/payment_methods", key, "{\"type\":\"card\",\"card\":{\"number\":\""
                    + card.number + "\",\"exp_month\":12,\"exp_year\":2034,\"cvc\":\"123\"}}");
            return created.status() == 200 ? created.text("id") : null;
        } catch (RuntimeException noAnswer) {
            return null;
        }
    }

    private static String newKey() {
        return "crash-" + UUID.randomUUID();
    }

    /** POSTs with an Idempotency-Key; null (and remembered for a retry) when cut off or answered 5xx. */
    private Api.Response send(String path, String body, String idempotencyKey) {
        try {
            Api.Response answer = api.post(path, key, body, idempotencyKey);
            if (answer.status() == 200) {
                return answer;
            }
            if (answer.status() < 500) {
                count("rejected " + answer.status() + " " + answer.text("code"));
                return null;
            }
        } catch (RuntimeException noAnswer) {
            // the server went away mid-request: it may or may not have done it
        }
        count("cut off");
        cutOff.add(new CutOff(path, body, idempotencyKey));
        return null;
    }

    /** The shopper's browser passes the bank's challenge (JSON to the simulator's 3-D Secure page). */
    private void completeThreeDSecure(Api.Response intent) {
        String url = intent.json().path("next_action").path("redirect_to_url").path("url").asString();
        try {
            HttpResponse<String> completed = BROWSER.send(HttpRequest.newBuilder(URI.create(url + "/complete"))
                    .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"outcome\":\"succeed\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            count(completed.statusCode() == 200 ? "3-D Secure completed" : "3-D Secure refused " + completed.statusCode());
        } catch (Exception noAnswer) {
            count("3-D Secure cut off");
        }
    }

    void stop() throws InterruptedException {
        running.set(false);
        for (Thread client : clients) {
            client.join(60_000);
        }
    }

    List<CutOff> cutOff() {
        return List.copyOf(cutOff);
    }

    void count(String what) {
        tally.computeIfAbsent(what, w -> new LongAdder()).increment();
    }

    /**
     * What the clients did and were told, e.g. {@code payments=120, payments succeeded=41, refunds succeeded=17};
     * or, {@code resent}, what the requests sent again after recovery were told.
     */
    String summary(boolean resent) {
        Map<String, Long> sorted = new TreeMap<>();
        tally.forEach((what, count) -> {
            if (what.startsWith(Retries.SENT_AGAIN) == resent) {
                sorted.put(what, count.sum());
            }
        });
        return sorted.toString().replaceAll("[{}]", "");
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
