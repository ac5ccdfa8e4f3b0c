package dev.settle.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

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

/** Settle's API with one test key, over pooled keep-alive connections; any answer but 200 throws. */
final class Http {

    private final String baseUrl;
    private final String key;
    private final CloseableHttpClient client = HttpClients.custom()
            .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                    .setMaxConnTotal(16)
                    .setMaxConnPerRoute(16)
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

    Http(String baseUrl, String key) {
        this.baseUrl = baseUrl;
        this.key = key;
    }

    String get(String path) throws IOException {
        return send(new HttpGet(baseUrl + path), path);
    }

    String post(String path, String body) throws IOException {
        HttpPost post = new HttpPost(baseUrl + path);
        post.setHeader("Idempotency-Key", UUID.randomUUID().toString());
        post.setEntity(new StringEntity(body, ContentType.APPLICATION_JSON));
        return send(post, path);
    }

    /** A POST to the operator API, with the operator token of {@code -Dbench.operatorToken}. */
    String operator(String path, String body) throws IOException {
        HttpPost post = new HttpPost(baseUrl + path);
        post.setEntity(new StringEntity(body, ContentType.APPLICATION_JSON));
        return send(post, path, System.getProperty("bench.operatorToken", "bench-operator-token"));
    }

    private String send(HttpUriRequestBase request, String path) throws IOException {
        return send(request, path, key);
    }

    private String send(HttpUriRequestBase request, String path, String bearer) throws IOException {
        request.setHeader("Authorization", "Bearer " + bearer);
        return client.execute(request, response -> {
            String text = EntityUtils.toString(response.getEntity(), StandardCharsets.UTF_8);
            if (response.getCode() != 200) {
                throw new IllegalStateException(path + " answered " + response.getCode() + ": " + text);
            }
            return text;
        });
    }
}
