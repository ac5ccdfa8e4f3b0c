package dev.settle.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.util.Timeout;

/**
 * One payment as a merchant's server typically makes it: one POST creating and confirming a
 * payment intent ({@code confirm: true}, automatic capture, the success card) with an
 * Idempotency-Key, over HTTP. (Set {@code -Dbench.twoCalls=true} to create and confirm in two
 * requests instead. {@code -Dbench.operation=read} makes each operation one authenticated read,
 * {@code GET /v1/payment_methods/{id}}: the cost of an API request with the least work behind it,
 * a floor under what any write can cost.)
 *
 * <p>The client is Apache HttpClient's blocking one over pooled keep-alive connections, on the
 * load loop's platform threads: the load generator shares the machine with Settle, and the JDK's
 * HttpClient on virtual threads used 0.8 to 1.5 ms of CPU per payment, a sixth of the machine.
 */
final class SettlePayments implements OpenLoop.Operation {

    private static final Pattern ID = Pattern.compile("\"id\":\"(pi_[0-9A-Za-z]+)\"");

    private final String baseUrl;
    private final String key;
    private final String paymentMethod;
    private final CloseableHttpClient http = HttpClients.custom()
            .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                    .setMaxConnTotal(Bench.MAX_IN_FLIGHT)
                    .setMaxConnPerRoute(Bench.MAX_IN_FLIGHT)
                    .setDefaultConnectionConfig(ConnectionConfig.custom()
                            .setConnectTimeout(Timeout.ofSeconds(5))
                            .setSocketTimeout(Timeout.ofSeconds(30))
                            .build())
                    .build())
            .disableAutomaticRetries()
            .disableRedirectHandling()
            .disableCookieManagement()
            .disableContentCompression()
            .build();

    SettlePayments(String baseUrl, String key) throws IOException {
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
    /** Whether each operation is one authenticated read rather than a payment ({@code -Dbench.operation=read}). */
    static final boolean READ = "read".equals(System.getProperty("bench.operation"));

    @Override
    public void run(long sequence) throws Exception {
        if (READ) {
            String method = get("/v1/payment_methods/" + paymentMethod);
            if (!method.contains(paymentMethod)) {
                throw new IllegalStateException("payment method not returned: " + method);
            }
            return;
        }
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

    private String get(String path) throws IOException {
        return send(new HttpGet(baseUrl + path), path);
    }

    private String post(String path, String body) throws IOException {
        HttpPost post = new HttpPost(baseUrl + path);
        post.setHeader("Idempotency-Key", UUID.randomUUID().toString());
        post.setEntity(new StringEntity(body, ContentType.APPLICATION_JSON));
        return send(post, path);
    }

    private String send(HttpUriRequestBase request, String path) throws IOException {
        request.setHeader("Authorization", "Bearer " + key);
        return http.execute(request, response -> {
            String text = EntityUtils.toString(response.getEntity(), StandardCharsets.UTF_8);
            if (response.getCode() != 200) {
                throw new IllegalStateException(path + " answered " + response.getCode() + ": " + text);
            }
            return text;
        });
    }
}
