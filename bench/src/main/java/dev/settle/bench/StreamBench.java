package dev.settle.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.HdrHistogram.Recorder;

/**
 * Real-time stream fan-out: {@code accounts} x {@code perAccount} WebSocket streams open on one
 * node while customers are created at {@code rate} per second across the accounts (each
 * {@code customer.created} event goes to every stream of its account). Reports delivered messages
 * per second, the lag from the create request being sent (an upper bound of the commit) to
 * receipt, messages lost or out of order (every stream must see every event of its account once,
 * in sequence order), the server's memory per open stream, and its CPU per delivered message.
 *
 * <pre>java -cp ... dev.settle.bench.StreamBench BASE_URL OPERATOR_TOKEN SERVER_PID DATA_DIR ACCOUNTS PER_ACCOUNT RATE SECONDS</pre>
 */
public final class StreamBench {

    private static final Pattern SENT = Pattern.compile("\"sent\":\"(\\d+)\"");
    private static final Pattern SEQUENCE = Pattern.compile("\"sequence\":(\\d+)");
    private static final Pattern KEY = Pattern.compile("sk_test_[0-9A-Za-z]{32}");

    private StreamBench() {
    }

    /** One stream: what it received, in what order. */
    static final class Stream implements WebSocket.Listener {
        final int account;
        long last;
        long received;
        long outOfOrder;
        volatile int closeCode = -1;
        private final StringBuilder partial = new StringBuilder();

        Stream(int account) {
            this.account = account;
        }

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean complete) {
            long now = System.nanoTime();
            partial.append(data);
            if (complete) {
                String message = partial.toString();
                partial.setLength(0);
                Matcher sequence = SEQUENCE.matcher(message);
                if (sequence.find()) {
                    long seq = Long.parseLong(sequence.group(1));
                    if (seq != last + 1) {
                        outOfOrder++;
                    }
                    last = Math.max(last, seq);
                    received++;
                }
                Matcher sent = SENT.matcher(message);
                if (sent.find()) {
                    long sentAt = Long.parseLong(sent.group(1));
                    if (sentAt >= measuring.get()) {
                        lag.recordValue(Math.max(1, (now - sentAt) / 1000));
                        measured.incrementAndGet();
                        lastReceipt.accumulateAndGet(now, Math::max);
                    }
                }
            }
            socket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
            closeCode = statusCode;
            closes.incrementAndGet();
            return null;
        }

        @Override
        public void onError(WebSocket socket, Throwable error) {
            closeCode = 0;
            closes.incrementAndGet();
        }
    }

    static final Recorder lag = new Recorder(3);
    static final AtomicLong measuring = new AtomicLong(Long.MAX_VALUE);
    static final AtomicLong measured = new AtomicLong();
    static final AtomicLong lastReceipt = new AtomicLong();
    static final AtomicInteger closes = new AtomicInteger();

    public static void main(String[] args) throws Exception {
        String base = args[0];
        String operator = args[1];
        long serverPid = Long.parseLong(args[2]);
        String dataDir = args[3];
        int accounts = Integer.parseInt(args[4]);
        int perAccount = Integer.parseInt(args[5]);
        int rate = Integer.parseInt(args[6]);
        Duration duration = Duration.ofSeconds(Long.parseLong(args[7]));

        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newVirtualThreadPerTaskExecutor()).build();
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < accounts; i++) {
            Matcher key = KEY.matcher(send(http, base + "/v1/accounts", operator, "{\"name\":\"stream bench " + i + "\"}"));
            key.find();
            keys.add(key.group());
        }

        Memory before = Memory.of(serverPid);
        // Several clients, so one selector thread does not carry every socket of the generator.
        List<HttpClient> clients = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            clients.add(HttpClient.newBuilder().executor(Executors.newFixedThreadPool(2)).build());
        }
        List<Stream> streams = new ArrayList<>();
        Semaphore connecting = new Semaphore(64);
        List<CompletableFuture<WebSocket>> opening = new ArrayList<>();
        long openStarted = System.nanoTime();
        for (int c = 0; c < perAccount; c++) {
            for (int a = 0; a < accounts; a++) {
                Stream stream = new Stream(a);
                streams.add(stream);
                connecting.acquire();
                opening.add(clients.get(streams.size() % clients.size()).newWebSocketBuilder()
                        .header("Authorization", "Bearer " + keys.get(a)).connectTimeout(Duration.ofSeconds(30))
                        .buildAsync(URI.create(base.replace("http", "ws") + "/v1/stream"), stream)
                        .whenComplete((socket, error) -> connecting.release()));
            }
        }
        int failed = 0;
        for (CompletableFuture<WebSocket> each : opening) {
            try {
                each.join();
            } catch (RuntimeException e) {
                failed++;
            }
        }
        double openSeconds = (System.nanoTime() - openStarted) / 1e9;
        Thread.sleep(3000);
        Memory after = Memory.of(serverPid);
        int open = streams.size() - failed;
        System.out.printf(Locale.ROOT, "opened %d streams (%d failed) in %.1f s%n", open, failed, openSeconds);

        AtomicInteger next = new AtomicInteger();
        OpenLoop.Operation create = n -> send(http, base + "/v1/customers", keys.get(Math.floorMod(next.getAndIncrement(), accounts)),
                "{\"metadata\":{\"sent\":\"" + System.nanoTime() + "\"}}");
        System.out.println("warm-up: 20 s at " + rate + " events/s");
        OpenLoop.run(rate, Duration.ofSeconds(20), 512, create);
        Thread.sleep(2000);
        lag.reset();
        CpuUse cpu = new CpuUse(serverPid, dataDir);
        cpu.begin();
        measuring.set(System.nanoTime());
        long measureStart = measuring.get();
        OpenLoop.Result load = OpenLoop.run(rate, duration, 512, create);
        long expected = load.completed() * perAccount;
        long waitUntil = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (measured.get() < expected && System.nanoTime() < waitUntil) {
            Thread.sleep(100);
        }
        CpuUse.Step step = cpu.end(Math.max(1, measured.get() / 1000));
        double seconds = Math.max(duration.toSeconds(), (lastReceipt.get() - measureStart) / 1e9);

        // Lost: what each stream should hold (every event of its account) against what it got.
        long lost = 0;
        long outOfOrder = 0;
        long[] newest = new long[accounts];
        for (int a = 0; a < accounts; a++) {
            Matcher sequence = SEQUENCE.matcher(get(http, base + "/v1/events?limit=1", keys.get(a)));
            newest[a] = sequence.find() ? Long.parseLong(sequence.group(1)) : 0;
        }
        for (Stream stream : streams) {
            lost += Math.max(0, newest[stream.account] - stream.received);
            outOfOrder += stream.outOfOrder;
        }
        var histogram = lag.getIntervalHistogram();
        System.out.println();
        System.out.println("| streams | events/s offered | messages expected | received | messages/s | lag p50 ms | lag p99 ms | lag max ms | lost | out of order | closed | create p50 ms | create p99 ms | heap KB/stream | RSS KB/stream | server CPU ms per 1,000 msgs | generator CPU ms per 1,000 msgs | others |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        System.out.println(String.format(Locale.ROOT, "| %d | %d | %d | %d | %.0f | %.1f | %.1f | %.1f | %d | %d | %d | %.1f | %.1f | %.1f | %.1f | %s |",
                open, rate, expected, measured.get(), measured.get() / seconds, histogram.getValueAtPercentile(50) / 1000.0,
                histogram.getValueAtPercentile(99) / 1000.0, histogram.getMaxValue() / 1000.0, lost, outOfOrder, closes.get(),
                load.latencies().getValueAtPercentile(50) / 1000.0, load.latencies().getValueAtPercentile(99) / 1000.0,
                (after.heapKb - before.heapKb) / (double) Math.max(1, open), (after.rssKb - before.rssKb) / (double) Math.max(1, open),
                step.cells()));
        System.out.println(String.format(Locale.ROOT,
                "RESULT stream: %d streams, %.0f messages/s, lag p99 %.1f ms, %d lost, %d out of order, API failed %d, dropped %d",
                open, measured.get() / seconds, histogram.getValueAtPercentile(99) / 1000.0, lost, outOfOrder, load.failed(),
                load.dropped()));
        System.exit(0);
    }

    /** The server's heap in use after a full collection, and its resident memory, in KB. */
    record Memory(long heapKb, long rssKb) {

        static Memory of(long pid) throws IOException, InterruptedException {
            String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
            new ProcessBuilder(jcmd, Long.toString(pid), "GC.run").redirectErrorStream(true).start().waitFor();
            Process info = new ProcessBuilder(jcmd, Long.toString(pid), "GC.heap_info").redirectErrorStream(true).start();
            String heap = new String(info.getInputStream().readAllBytes());
            info.waitFor();
            // G1: "used 123456K"; ZGC: "used 123M".
            Matcher used = Pattern.compile("used (\\d+)([KMG])").matcher(heap);
            long heapKb = used.find() ? Long.parseLong(used.group(1)) * switch (used.group(2)) {
                case "G" -> 1024 * 1024;
                case "M" -> 1024;
                default -> 1;
            } : 0;
            long rssKb = 0;
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    rssKb = Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
            return new Memory(heapKb, rssKb);
        }
    }

    private static String send(HttpClient http, String url, String key, String body) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(url + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    private static String get(HttpClient http, String url, String key) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + key).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }
}
