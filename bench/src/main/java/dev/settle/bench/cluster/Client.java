package dev.settle.bench.cluster;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.MissingNode;

/**
 * Settle's API as an outside client sees it, over the JDK's HttpClient: every answer is kept with
 * the node that gave it ({@code Settle-Node}), so that a run through the balancer can say how its
 * requests were spread.
 */
final class Client {

    static final ObjectMapper JSON = JsonMapper.builder().build();

    record Answer(int status, JsonNode json, String node, HttpResponse<String> raw) {

        String text(String field) {
            return json.path(field).asString();
        }

        boolean ok() {
            return status == 200;
        }
    }

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(3))
            .build();
    private final Map<String, LongAdder> byNode = new ConcurrentHashMap<>();

    Answer get(String base, String path, String bearer) throws IOException {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET(), bearer);
    }

    Answer post(String base, String path, String bearer, String body, String idempotencyKey) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return send(request, bearer);
    }

    private Answer send(HttpRequest.Builder request, String bearer) throws IOException {
        request.timeout(Duration.ofSeconds(40));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String node = response.headers().firstValue("Settle-Node").orElse("-");
            byNode.computeIfAbsent(node, n -> new LongAdder()).increment();
            JsonNode json;
            try {
                json = response.body().isBlank() ? MissingNode.getInstance() : JSON.readTree(response.body());
            } catch (RuntimeException notJson) {
                json = MissingNode.getInstance();
            }
            return new Answer(response.statusCode(), json, node, response);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /** Answers per node since the last call, and starts counting again. */
    Map<String, Long> takeNodeCounts() {
        Map<String, Long> counts = new java.util.TreeMap<>();
        byNode.forEach((node, count) -> counts.put(node, count.sumThenReset()));
        counts.values().removeIf(count -> count == 0);
        return counts;
    }

    HttpClient http() {
        return http;
    }
}
