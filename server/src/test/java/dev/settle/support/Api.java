package dev.settle.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import org.springframework.boot.test.context.TestComponent;
import org.springframework.core.env.Environment;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A client that speaks to Settle only as an outside user would: HTTP and JSON. Injected
 * into tests; finds the server's port from the environment.
 */
@TestComponent
public class Api {

    public static final String OPERATOR_TOKEN = "op_test_operator_token_for_integration_tests";

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Environment environment;

    public Api(Environment environment) {
        this.environment = environment;
    }

    public String baseUrl() {
        return "http://localhost:" + environment.getProperty("local.server.port");
    }

    /** A response: status, headers, raw body and the body parsed as JSON (or null). */
    public record Response(int status, HttpResponse<String> raw, JsonNode json) {

        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        public String body() {
            return raw.body();
        }

        public String text(String field) {
            JsonNode node = json.path(field);
            return node.isMissingNode() || node.isNull() ? null : node.asString();
        }

        @Override
        public String toString() {
            return status + " " + raw.body();
        }
    }

    /** A new account with its test and live secret keys, made through the operator API. */
    public record Account(String id, String testKey, String liveKey) {
    }

    /**
     * An account whose keys may send {@link #TEST_RATE_LIMIT} requests a second, set as an operator
     * would: tests send requests faster than the defaults allow. RateLimitTests use {@link #newAccountWithDefaultLimits()}.
     */
    public Account newAccount() {
        Account account = newAccountWithDefaultLimits();
        Response limits = send("POST", "/v1/accounts/" + account.id() + "/rate_limits", OPERATOR_TOKEN,
                "{\"live\":" + TEST_RATE_LIMIT + ",\"test\":" + TEST_RATE_LIMIT + "}", Map.of());
        if (limits.status() != 200) {
            throw new IllegalStateException("Could not set the account's rate limits: " + limits);
        }
        return account;
    }

    public static final int TEST_RATE_LIMIT = 100_000;

    public Account newAccountWithDefaultLimits() {
        Response created = send("POST", "/v1/accounts", OPERATOR_TOKEN, "{\"name\":\"Test account\"}", Map.of());
        if (created.status() != 200) {
            throw new IllegalStateException("Could not create account: " + created);
        }
        return new Account(created.text("id"), created.json().path("keys").path("test").path("secret").asString(),
                created.json().path("keys").path("live").path("secret").asString());
    }

    public Response get(String path, String key) {
        return send("GET", path, key, null, Map.of());
    }

    public Response post(String path, String key, String json) {
        return send("POST", path, key, json, Map.of());
    }

    public Response post(String path, String key, String json, String idempotencyKey) {
        return send("POST", path, key, json, Map.of("Idempotency-Key", idempotencyKey));
    }

    public Response delete(String path, String key) {
        return send("DELETE", path, key, null, Map.of());
    }

    public Response send(String method, String path, String key, String body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = null;
            if (response.body() != null && !response.body().isBlank()) {
                try {
                    json = JSON.readTree(response.body());
                } catch (RuntimeException notJson) {
                    json = null;
                }
            }
            return new Response(response.statusCode(), response, json == null ? JSON.missingNode() : json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** POSTs raw bytes with a content type of the caller's (e.g. a CSV upload). */
    public Response upload(String path, String key, byte[] body, String contentType) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode json;
            try {
                json = response.body().isBlank() ? JSON.missingNode() : JSON.readTree(response.body());
            } catch (RuntimeException notJson) {
                json = JSON.missingNode();
            }
            return new Response(response.statusCode(), response, json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static JsonMapper json() {
        return JSON;
    }
}
