package dev.settle.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.HdrHistogram.Histogram;

import com.sun.net.httpserver.HttpServer;

/**
 * Webhook delivery throughput and lag. Creates customers over the API at a fixed rate (each
 * {@code customer.created} event is delivered to every one of {@code endpoints} webhook
 * endpoints), receives the webhooks on a local HTTP receiver, and reports deliveries per second
 * and the lag from the create request being sent (an upper bound of the commit time) to receipt.
 *
 * <pre>java -cp ... dev.settle.bench.WebhookBench BASE_URL SECRET_KEY RATE SECONDS ENDPOINTS</pre>
 */
public final class WebhookBench {

    private static final Pattern SENT = Pattern.compile("\"sent\":\"(\\d+)\"");

    private WebhookBench() {
    }

    public static void main(String[] args) throws Exception {
        String baseUrl = args[0];
        String key = args[1];
        int rate = Integer.parseInt(args[2]);
        Duration duration = Duration.ofSeconds(Long.parseLong(args[3]));
        int endpoints = Integer.parseInt(args[4]);

        Histogram lag = new Histogram(3_600_000_000L, 3);
        AtomicLong received = new AtomicLong();
        AtomicLong measuring = new AtomicLong(Long.MAX_VALUE);
        AtomicLong lastReceipt = new AtomicLong();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
        receiver.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        receiver.createContext("/", exchange -> {
            long now = System.nanoTime();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
            Matcher sent = SENT.matcher(body);
            if (sent.find()) {
                long sentAt = Long.parseLong(sent.group(1));
                if (sentAt >= measuring.get()) {
                    synchronized (lag) {
                        lag.recordValue(Math.max(1, (now - sentAt) / 1000));
                    }
                    received.incrementAndGet();
                    lastReceipt.accumulateAndGet(now, Math::max);
                }
            }
        });
        receiver.start();

        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newVirtualThreadPerTaskExecutor()).build();
        for (int i = 0; i < endpoints; i++) {
            post(http, baseUrl + "/v1/webhook_endpoints", key, "{\"url\":\"http://127.0.0.1:" + receiver.getAddress().getPort()
                    + "/hook" + i + "\",\"enabled_events\":[\"customer.created\"]}");
        }
        OpenLoop.Operation create = sequence -> post(http, baseUrl + "/v1/customers", key,
                "{\"metadata\":{\"sent\":\"" + System.nanoTime() + "\"}}");

        System.out.println("warm-up: 30 s at " + rate + " events/s");
        OpenLoop.run(rate, Duration.ofSeconds(30), 512, create);
        Thread.sleep(3000);
        measuring.set(System.nanoTime());
        OpenLoop.Result load = OpenLoop.run(rate, duration, 512, create);
        long expected = load.completed() * endpoints;
        long waitUntil = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (received.get() < expected && System.nanoTime() < waitUntil) {
            Thread.sleep(100);
        }
        receiver.stop(0);
        // Throughput over the time the deliveries actually took: from the start of the measured
        // load to the last receipt (a backlog that drains after the load stops counts against it).
        double seconds = Math.max(duration.toSeconds(), (lastReceipt.get() - measuring.get()) / 1e9);
        System.out.println();
        System.out.println("| events/s offered | endpoints | deliveries expected | received | deliveries/s | lag p50 ms | lag p99 ms | lag max ms | API failed | dropped |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|");
        System.out.println(String.format(Locale.ROOT, "| %d | %d | %d | %d | %.0f | %.1f | %.1f | %.1f | %d | %d |", rate, endpoints,
                expected, received.get(), received.get() / seconds, lag.getValueAtPercentile(50) / 1000.0,
                lag.getValueAtPercentile(99) / 1000.0, lag.getMaxValue() / 1000.0, load.failed(), load.dropped()));
        System.out.println(String.format(Locale.ROOT, "RESULT webhooks: %.0f deliveries/s, lag p99 %.1f ms, %d of %d delivered",
                received.get() / seconds, lag.getValueAtPercentile(99) / 1000.0, received.get(), expected));
    }

    private static void post(HttpClient http, String url, String key, String body) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(url + " answered " + response.statusCode() + ": " + response.body());
        }
    }
}
