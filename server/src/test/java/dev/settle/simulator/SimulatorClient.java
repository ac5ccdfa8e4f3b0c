package dev.settle.simulator;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Speaks to the simulator only over HTTP, as Settle's connector does. */
final class SimulatorClient {

    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    final String baseUrl;
    final String apiKey;

    SimulatorClient(String baseUrl, String apiKey) {
        this.baseUrl = baseUrl;
        this.apiKey = apiKey;
    }

    record Response(int status, HttpResponse<String> raw, JsonNode json) {

        String text(String field) {
            JsonNode node = json.path(field);
            return node.isMissingNode() || node.isNull() ? null : node.asString();
        }

        String errorCode() {
            return json.path("error").path("code").asString(null);
        }

        String errorParam() {
            return json.path("error").path("param").asString(null);
        }

        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        @Override
        public String toString() {
            return status + " " + raw.body();
        }
    }

    static String newKey() {
        return "key-" + UUID.randomUUID();
    }

    Response get(String path) {
        return send(request(path).GET().build());
    }

    Response post(String path, String json) {
        return send(request(path).POST(HttpRequest.BodyPublishers.ofString(json)).header("Content-Type", "application/json").build());
    }

    Response post(String path, String json, String idempotencyKey) {
        return send(request(path).POST(HttpRequest.BodyPublishers.ofString(json)).header("Content-Type", "application/json")
                .header("Idempotency-Key", idempotencyKey).build());
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + apiKey);
    }

    Response send(HttpRequest request) {
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode json;
            try {
                json = JSON.readTree(response.body());
            } catch (RuntimeException notJson) {
                json = JSON.missingNode();
            }
            return new Response(response.statusCode(), response, json == null ? JSON.missingNode() : json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A fresh token for a card number. */
    String token(String number) {
        Response token = post("/v1/tokens", """
                {"number": "%s", "exp_month": 12, "exp_year": 2099, "cvc": "123"}""".formatted(number));
        if (token.status() != 200) {
            throw new IllegalStateException("Could not tokenize: " + token);
        }
        return token.text("id");
    }

    /** A charge of 1999 usd on a fresh token for the card, with a fresh idempotency key. */
    Response charge(String number, boolean capture) {
        return charge(token(number), 1999, "usd", capture, newKey());
    }

    Response charge(String token, long amount, String currency, boolean capture, String idempotencyKey) {
        return post("/v1/charges", """
                {"amount": %d, "currency": "%s", "token": "%s", "capture": %s}""".formatted(amount, currency, token, capture),
                idempotencyKey);
    }
}
