package dev.settle.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One payment as a merchant's server typically makes it: one POST creating and confirming a
 * payment intent ({@code confirm: true}, automatic capture, the success card) with an
 * Idempotency-Key, over HTTP. (Set {@code -Dbench.twoCalls=true} to create and confirm in two
 * requests instead.)
 */
final class SettlePayments implements OpenLoop.Operation {

    private static final Pattern ID = Pattern.compile("\"id\":\"(pi_[0-9A-Za-z]+)\"");

    private final String baseUrl;
    private final String key;
    private final String paymentMethod;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .executor(Executors.newVirtualThreadPerTaskExecutor())
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    SettlePayments(String baseUrl, String key) throws IOException, InterruptedException {
        this.baseUrl = baseUrl;
        this.key = key;
        String created = post("/v1/payment_methods",
                "{\"type\":\"card\",\"card\":{\"number\":\"4242424242424242\",\"exp_month\":12,\"exp_year\":2034,\"cvc\":\"123\"}}");
        Matcher matcher = Pattern.compile("\"id\":\"(pm_[0-9A-Za-z]+)\"").matcher(created);
        if (!matcher.find()) {
            throw new IllegalStateException("Could not create a payment method: " + created);
        }
        this.paymentMethod = matcher.group(1);
    }

    private static final boolean TWO_CALLS = Boolean.getBoolean("bench.twoCalls");

    @Override
    public void run(long sequence) throws Exception {
        if (!TWO_CALLS) {
            String paid = post("/v1/payment_intents", "{\"amount\":" + (1000 + sequence % 9000)
                    + ",\"currency\":\"usd\",\"payment_method\":\"" + paymentMethod + "\",\"confirm\":true}");
            if (!paid.contains("\"status\":\"succeeded\"")) {
                throw new IllegalStateException("payment did not succeed: " + paid.substring(0, Math.min(300, paid.length())));
            }
            return;
        }
        String created = post("/v1/payment_intents",
                "{\"amount\":" + (1000 + sequence % 9000) + ",\"currency\":\"usd\",\"payment_method\":\"" + paymentMethod + "\"}");
        Matcher id = ID.matcher(created);
        if (!id.find()) {
            throw new IllegalStateException("create failed: " + created);
        }
        String confirmed = post("/v1/payment_intents/" + id.group(1) + "/confirm", "{}");
        if (!confirmed.contains("\"status\":\"succeeded\"")) {
            throw new IllegalStateException("confirm did not succeed: " + confirmed.substring(0, Math.min(300, confirmed.length())));
        }
    }

    private String post(String path, String body) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }
}
