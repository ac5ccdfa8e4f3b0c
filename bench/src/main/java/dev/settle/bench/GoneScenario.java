package dev.settle.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpServer;

/**
 * The race of issue 25, from outside: an endpoint answers 410 to several deliveries in flight at
 * once while the same account's other endpoint and another account's endpoint receive events
 * too. Each run checks that the 410 endpoint ends disabled ("gone"), that the other endpoints
 * received every event, and that new events still arrive at once afterwards (nothing left
 * waiting on a lock). Speaks only HTTP: the operator API, the public API and a local receiver.
 *
 * <pre>java -cp ... dev.settle.bench.GoneScenario BASE_URL OPERATOR_TOKEN RUNS</pre>
 */
public final class GoneScenario {

    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern SECRET = Pattern.compile("\"secret\"\\s*:\\s*\"(sk_test_[^\"]+)\"");
    private static final Duration WITHIN = Duration.ofSeconds(20);

    private final String baseUrl;
    private final String operatorToken;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final Map<String, AtomicInteger> received = new ConcurrentHashMap<>();
    private final HttpServer receiver;

    private GoneScenario(String baseUrl, String operatorToken) throws IOException {
        this.baseUrl = baseUrl;
        this.operatorToken = operatorToken;
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
        receiver.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        receiver.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            String path = exchange.getRequestURI().getPath();
            received.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            if (path.startsWith("/gone/")) {
                sleep(150);
                exchange.sendResponseHeaders(410, -1);
            } else {
                exchange.sendResponseHeaders(204, -1);
            }
            exchange.close();
        });
        receiver.start();
    }

    public static void main(String[] args) throws Exception {
        GoneScenario scenario = new GoneScenario(args[0], args[1]);
        int runs = Integer.parseInt(args[2]);
        int passed = 0;
        for (int run = 1; run <= runs; run++) {
            Instant started = Instant.now();
            String failure = scenario.run();
            System.out.printf("run %d: %s (%d ms)%n", run, failure == null ? "passed" : "FAILED: " + failure,
                    Duration.between(started, Instant.now()).toMillis());
            if (failure != null) {
                break;
            }
            passed++;
        }
        System.out.printf("RESULT 410 scenario: %d of %d runs passed in a row%n", passed, runs);
        scenario.receiver.stop(0);
        System.exit(passed == runs ? 0 : 1);
    }

    /** One run on two fresh accounts; null when every check held, else what failed. */
    private String run() throws Exception {
        String key = account();
        String otherKey = account();
        String gonePath = "/gone/" + UUID.randomUUID();
        String siblingPath = "/ok/" + UUID.randomUUID();
        String elsewherePath = "/ok/" + UUID.randomUUID();
        String gone = endpoint(key, gonePath);
        endpoint(key, siblingPath);
        endpoint(otherKey, elsewherePath);

        int events = 8;
        List<CompletableFuture<Void>> creates = new ArrayList<>();
        for (int i = 0; i < events; i++) {
            creates.add(CompletableFuture.runAsync(() -> customer(key)));
            creates.add(CompletableFuture.runAsync(() -> customer(otherKey)));
        }
        creates.forEach(CompletableFuture::join);

        if (!await(() -> count(siblingPath) >= events && count(elsewherePath) >= events)) {
            return "the other endpoints received " + count(siblingPath) + " and " + count(elsewherePath) + " of " + events;
        }
        if (!await(() -> get("/v1/webhook_endpoints/" + gone, key).contains("\"disabled_reason\":\"gone\""))) {
            return "the 410 endpoint was not disabled: " + get("/v1/webhook_endpoints/" + gone, key);
        }
        if (count(gonePath) < 2) {
            return "only " + count(gonePath) + " deliveries reached the 410 endpoint; the race needs several in flight";
        }
        customer(key);
        customer(otherKey);
        Instant after = Instant.now();
        if (!await(() -> count(siblingPath) >= events + 1 && count(elsewherePath) >= events + 1, Duration.ofSeconds(5))) {
            return "events after the 410 did not arrive within 5 s (sibling " + count(siblingPath) + ", other account "
                    + count(elsewherePath) + ")";
        }
        long lagMs = Duration.between(after, Instant.now()).toMillis();
        return lagMs > 3_000 ? "events after the 410 took " + lagMs + " ms" : null;
    }

    private int count(String path) {
        AtomicInteger count = received.get(path);
        return count == null ? 0 : count.get();
    }

    private String account() throws Exception {
        String body = send("POST", "/v1/accounts", operatorToken, "{\"name\":\"410 scenario\"}");
        Matcher secret = SECRET.matcher(body);
        if (!secret.find()) {
            throw new IllegalStateException("no test key in " + body);
        }
        return secret.group(1);
    }

    private String endpoint(String key, String path) throws Exception {
        String body = send("POST", "/v1/webhook_endpoints", key, "{\"url\":\"http://127.0.0.1:" + receiver.getAddress().getPort()
                + path + "\",\"enabled_events\":[\"*\"]}");
        Matcher id = ID.matcher(body);
        if (!id.find()) {
            throw new IllegalStateException("no endpoint id in " + body);
        }
        return id.group(1);
    }

    private void customer(String key) {
        try {
            send("POST", "/v1/customers", key, "{\"email\":\"gone@example.com\"}");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private String get(String path, String key) {
        try {
            return send("GET", path, key, null);
        } catch (Exception e) {
            return e.toString();
        }
    }

    private String send(String method, String path, String key, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).header("Authorization", "Bearer " + key);
        if (body != null) {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (response.statusCode() != 200) {
            throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    private static boolean await(BooleanSupplier condition) {
        return await(condition, WITHIN);
    }

    private static boolean await(BooleanSupplier condition, Duration within) {
        Instant deadline = Instant.now().plus(within);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                return false;
            }
            sleep(50);
        }
        return true;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
