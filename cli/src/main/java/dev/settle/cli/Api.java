package dev.settle.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Settle's REST API as the CLI calls it: JSON in and out, the key as bearer token. */
final class Api {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final URI base;
    private final String key;

    Api(URI base, String key) {
        this.base = base;
        this.key = key;
    }

    /** The server refused the credentials: exit code 3. */
    static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message);
        }
    }

    JsonNode post(String path, String json) {
        return send(HttpRequest.newBuilder(base.resolve(path)).POST(HttpRequest.BodyPublishers.ofString(json))
                .header("Content-Type", "application/json"));
    }

    JsonNode get(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET());
    }

    JsonNode delete(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).DELETE());
    }

    private JsonNode send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = HTTP.send(request.header("Authorization", "Bearer " + key)
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            JsonNode body = response.body().isBlank() ? JSON.missingNode() : JSON.readTree(response.body());
            if (response.statusCode() == 401 || response.statusCode() == 403) {
                throw new Refused(response.statusCode() + " " + body.path("code").asString() + ": " + body.path("detail").asString());
            }
            if (response.statusCode() != 200) {
                throw new IllegalStateException(request.build().method() + " " + request.build().uri().getPath() + " answered "
                        + response.statusCode() + " " + body.path("code").asString() + ": " + body.path("detail").asString());
            }
            return body;
        } catch (IOException e) {
            throw new IllegalStateException("Cannot reach Settle at " + base + " (" + e.getClass().getSimpleName() + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
