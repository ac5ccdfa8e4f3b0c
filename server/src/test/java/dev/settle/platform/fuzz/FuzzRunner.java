package dev.settle.platform.fuzz;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import dev.settle.support.Api;
import tools.jackson.databind.JsonNode;

/**
 * Sends the generated requests over a few keep-alive connections and judges each answer: never a
 * 5xx, never a stack trace or SQL text, a 4xx is problem+json with a {@code code}, and a 2xx only
 * where {@link FuzzRequest} allows one and the operation documents it.
 */
final class FuzzRunner {

    /** Case-sensitive: random ids ({@code req_…PsQl…}) must not look like a leak. */
    private static final Pattern LEAK = Pattern.compile(
            "Exception|\\bat [\\w$]+\\.[\\w$.]+\\(|org\\.springframework|tools\\.jackson|java\\.lang|dev\\.settle|SQLState|syntax error|"
                    + "<html|<HTML|Whitelabel");

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;
    private final java.util.Map<String, Operation> operations;
    final Queue<String> failures = new ConcurrentLinkedQueue<>();
    final AtomicInteger sent = new AtomicInteger();
    final AtomicInteger succeeded = new AtomicInteger();

    FuzzRunner(String baseUrl, List<Operation> operations) {
        this.baseUrl = baseUrl;
        this.operations = operations.stream().collect(java.util.stream.Collectors.toMap(Operation::name, o -> o));
    }

    void run(List<FuzzRequest> requests, int threads) throws InterruptedException {
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            for (FuzzRequest request : requests) {
                pool.execute(() -> judge(request));
            }
            pool.shutdown();
            if (!pool.awaitTermination(5, TimeUnit.MINUTES)) {
                failures.add("the run did not finish in 5 minutes");
            }
        }
    }

    private void judge(FuzzRequest request) {
        HttpResponse<String> response;
        try {
            response = http.send(build(request), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            failures.add(request + " -> no answer: " + e);
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (IllegalArgumentException unsendable) {
            return; // the client itself refuses such a request (a header it cannot send): not sent, not counted
        }
        sent.incrementAndGet();
        String failure = verdict(request, response);
        if (failure != null) {
            String body = response.body().length() > 400 ? response.body().substring(0, 400) : response.body();
            failures.add(request + " -> " + response.statusCode() + " " + failure + ": " + body);
        }
    }

    private String verdict(FuzzRequest request, HttpResponse<String> response) {
        int status = response.statusCode();
        String contentType = response.headers().firstValue("Content-Type").orElse("");
        if (status >= 500) {
            return "server error";
        }
        if (LEAK.matcher(response.body()).find()) {
            return "internals leaked";
        }
        if (status >= 400) {
            if (!contentType.startsWith("application/problem+json")) {
                return "not problem+json";
            }
            JsonNode problem = Api.json().readTree(response.body());
            if (problem.path("code").asString("").isBlank() || problem.path("status").asInt() != status) {
                return "a problem without code or with another status";
            }
            return null;
        }
        if (status >= 200 && status < 300) {
            succeeded.incrementAndGet();
            if (request.scope() == FuzzRequest.Scope.INVALID && !request.isRead()) {
                return "accepted an invalid request";
            }
            if (!operations.get(request.operation()).documentedStatuses().contains(String.valueOf(status))) {
                return "an undocumented success status";
            }
            return contentType.startsWith("application/json") ? null : "a success that is not JSON";
        }
        return "unexpected status";
    }

    private HttpRequest build(FuzzRequest request) {
        HttpRequest.BodyPublisher body = request.body() == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(request.body());
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + request.path())).timeout(Duration.ofSeconds(30))
                .method(request.method(), body);
        String authorization = request.headers().getOrDefault("Authorization", "Bearer " + request.token());
        if (!authorization.isEmpty()) {
            builder.header("Authorization", authorization);
        }
        if (request.body() != null && !request.contentType().isEmpty()) {
            builder.header("Content-Type", request.contentType());
        }
        request.headers().forEach((name, value) -> {
            if (!name.equals("Authorization")) {
                builder.header(name, value);
            }
        });
        return builder.build();
    }
}
