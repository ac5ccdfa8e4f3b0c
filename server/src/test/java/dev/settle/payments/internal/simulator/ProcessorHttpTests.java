package dev.settle.payments.internal.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/** The connector's HTTP client against a real HTTP server on loopback. */
class ProcessorHttpTests {

    private final Set<InetSocketAddress> connections = ConcurrentHashMap.newKeySet();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger mostInFlight = new AtomicInteger();
    private final List<String> seenHeaders = new ArrayList<>();
    private volatile Duration answerAfter = Duration.ZERO;
    private HttpServer server;
    private ProcessorHttp http;

    private URI start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::answer);
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void answer(HttpExchange exchange) throws IOException {
        connections.add(exchange.getRemoteAddress());
        mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        try {
            synchronized (seenHeaders) {
                seenHeaders.add(exchange.getRequestMethod() + " " + exchange.getRequestHeaders().getFirst("Idempotency-Key")
                        + " " + exchange.getRequestHeaders().getFirst("Content-Type")
                        + " " + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            }
            Thread.sleep(answerAfter);
            byte[] body = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(exchange.getRequestURI().getPath().equals("/missing") ? 404 : 200, body.length);
            exchange.getResponseBody().write(body);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            inFlight.decrementAndGet();
            exchange.close();
        }
    }

    @AfterEach
    void stop() {
        if (http != null) {
            http.close();
        }
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void sendsTheRequestAndReadsTheWholeAnswer() throws IOException {
        URI base = start();
        http = new ProcessorHttp(Duration.ofSeconds(5), 4);

        ProcessorHttp.Response ok = http.exchange("POST", base.resolve("/v1/charges"), Map.of("Idempotency-Key", "k1"),
                "{\"amount\":100}".getBytes(StandardCharsets.UTF_8));
        ProcessorHttp.Response missing = http.exchange("GET", base.resolve("/missing"), Map.of(), null);

        assertThat(ok.status()).isEqualTo(200);
        assertThat(new String(ok.body(), StandardCharsets.UTF_8)).isEqualTo("{\"ok\":true}");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(seenHeaders).containsExactly("POST k1 application/json; charset=UTF-8 {\"amount\":100}", "GET null null ");
    }

    @Test
    void aBurstOfCallsSharesABoundedSetOfKeptAliveConnections() throws Exception {
        URI base = start();
        answerAfter = Duration.ofMillis(50);
        http = new ProcessorHttp(Duration.ofSeconds(10), 4);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> calls = new ArrayList<>();
        try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 40; i++) {
                calls.add(callers.submit(() -> {
                    go.await();
                    return http.exchange("POST", base.resolve("/v1/charges"), Map.of(), new byte[] {'{', '}'}).status();
                }));
            }
            go.countDown();
            for (Future<Integer> call : calls) {
                assertThat(call.get(30, TimeUnit.SECONDS)).isEqualTo(200);
            }
        }

        assertThat(mostInFlight.get()).isBetween(2, 4);
        assertThat(connections).hasSizeLessThanOrEqualTo(4);
        assertThat(http.openConnections()).isLessThanOrEqualTo(4);
    }

    @Test
    void noAnswerWithinTheTimeoutIsAnIOExceptionAndTheCallIsNotRepeated() throws IOException {
        URI base = start();
        answerAfter = Duration.ofSeconds(3);
        http = new ProcessorHttp(Duration.ofMillis(500), 2);

        assertThatThrownBy(() -> http.exchange("POST", base.resolve("/v1/charges"), Map.of("Idempotency-Key", "k2"), new byte[] {'{', '}'}))
                .isInstanceOf(IOException.class);
        assertThat(seenHeaders).hasSize(1);
    }

    @Test
    void aCallThatFindsNoFreeConnectionInTimeIsAnIOExceptionAndNeverSent() throws Exception {
        URI base = start();
        answerAfter = Duration.ofSeconds(2);
        http = new ProcessorHttp(Duration.ofMillis(800), 1);
        try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<?> holder = callers.submit(() -> http.exchange("POST", base.resolve("/slow"), Map.of(), new byte[] {'{', '}'}));
            Thread.sleep(150);
            assertThatThrownBy(() -> http.exchange("POST", base.resolve("/v1/charges"), Map.of("Idempotency-Key", "never"),
                    new byte[] {'{', '}'})).isInstanceOf(IOException.class);
            holder.cancel(true);
        }
        synchronized (seenHeaders) {
            assertThat(seenHeaders).noneMatch(seen -> seen.contains("never"));
        }
    }

    @Test
    void aStreamedAnswerReturnsItsConnectionWhenClosed() throws IOException {
        URI base = start();
        http = new ProcessorHttp(Duration.ofSeconds(5), 1);

        for (int i = 0; i < 3; i++) {
            try (InputStream report = http.stream(base.resolve("/report"), Map.of())) {
                assertThat(new String(report.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("{\"ok\":true}");
            }
        }
        assertThatThrownBy(() -> http.stream(base.resolve("/missing"), Map.of())).isInstanceOf(IOException.class)
                .hasMessageContaining("404");
        assertThat(connections).hasSize(1);
    }
}
