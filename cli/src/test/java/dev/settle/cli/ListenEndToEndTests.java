package dev.settle.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/**
 * {@code settle listen} end to end, with everything outside the JVM: Settle as its own process
 * (from the server module's build), a receiver in Node.js that verifies every request with the
 * {@code standardwebhooks} library, and a stream client on the {@code ws} package. The server is
 * stopped (SIGTERM: its streams close with 1001) and later killed (kill -9 of the JVM and its
 * PostgreSQL) mid-stream, and restarted on the same data; the receiver must still get every event
 * of the log exactly once, in sequence order.
 */
class ListenEndToEndTests {

    private static final String OPERATOR = "op_cli_e2e_operator_token";
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final Path SERVER = Path.of("../server/target");
    private static final Path NODE = Path.of("target/node-e2e");

    private final List<String> received = Collections.synchronizedList(new ArrayList<>());
    private Process server;
    private int port;
    private Path data;

    @Test
    void forwardsEveryEventOnceSignedAcrossAStopAndAKill() throws Exception {
        installNodePackages();
        data = Files.createDirectories(Path.of("target/e2e-data")).resolve("run-" + System.nanoTime());
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        startServer();
        String key = newAccountKey();

        int receiverPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            receiverPort = socket.getLocalPort();
        }
        Process receiver = node("receiver.mjs", SECRET, Integer.toString(receiverPort));
        collect(receiver, received);
        await(() -> received.contains("listening"), "the receiver to listen");

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int[] exit = {-1};
        Thread cli = Thread.ofPlatform().start(() -> exit[0] = SettleCli.run(new PrintWriter(out, true), new PrintWriter(err, true),
                "--api-base", base(), "--api-key", key, "listen", "--forward-to",
                "http://127.0.0.1:" + receiverPort + "/webhooks", "--secret", SECRET));
        try {
            await(() -> out.toString().contains("Ready! Your webhook signing secret is " + SECRET), "listen to start");
            Thread.sleep(1000);
            createCustomers(key, 10);
            await(() -> forwarded().size() == 10, "10 events forwarded");

            server.destroy(); // SIGTERM: a graceful stop closes every stream with 1001 and its last sequence
            assertThat(server.waitFor()).isIn(0, 143);
            await(() -> err.toString().contains("Stream closed (1001)"), "the 1001 close to reach listen");
            startServer();
            createCustomers(key, 10);
            await(() -> forwarded().size() == 20, "20 events forwarded after the restart");

            AtomicBoolean creating = new AtomicBoolean(true);
            Thread writer = Thread.ofPlatform().start(() -> {
                while (creating.get()) {
                    try {
                        post("/v1/customers", key, "{}");
                    } catch (RuntimeException serverGone) {
                        return;
                    }
                }
            });
            Thread.sleep(1500);
            kill9();
            creating.set(false);
            writer.join();
            startServer();
            createCustomers(key, 10);

            // settle trigger makes the objects behind an event; settle events tail shows them (filtered).
            StringWriter tail = new StringWriter();
            long before = newestSequence(key);
            Thread tailing = Thread.ofPlatform().start(() -> SettleCli.run(new PrintWriter(tail, true), new PrintWriter(new StringWriter(), true),
                    "--api-base", base(), "--api-key", key, "events", "tail", "--after-sequence", Long.toString(before),
                    "--events", "payment_intent.*,charge.refunded"));
            StringWriter triggered = new StringWriter();
            for (String event : List.of("payment_intent.succeeded", "charge.refunded")) {
                assertThat(SettleCli.run(new PrintWriter(triggered, true), new PrintWriter(triggered, true), "--api-base", base(),
                        "--api-key", key, "trigger", event)).as(triggered.toString()).isZero();
            }
            await(() -> tail.toString().contains("charge.refunded"), "events tail to print the refund");
            tailing.interrupt();
            tailing.join(10_000);
            assertThat(tail.toString()).contains("payment_intent.succeeded").doesNotContain("customer.created", "charge.succeeded");
            assertThat(triggered.toString()).contains("Triggered payment_intent.succeeded (pi_", "Triggered charge.refunded (re_");

            long logged = newestSequence(key);
            try {
                await(() -> forwarded().size() >= logged, "every event of the log forwarded");
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + ": " + forwarded().size() + " of " + logged + "; receiver: "
                        + received.stream().filter(line -> !line.startsWith("ok ")).toList() + "; listen: " + tail(out) + " / " + tail(err), e);
            }
            Thread.sleep(1000);

            assertThat(received).as("every request verified by standardwebhooks").noneMatch(line -> line.startsWith("bad"));
            assertThat(forwarded()).as("each event of the log once, in sequence order")
                    .isEqualTo(LongStream.rangeClosed(1, logged).boxed().toList());

            List<String> stream = new ArrayList<>();
            Process ws = node("stream.mjs", base(), key, "0", Long.toString(logged));
            collect(ws, stream);
            assertThat(ws.waitFor()).isZero();
            assertThat(stream.stream().filter(line -> line.startsWith("event ")).map(line -> Long.parseLong(line.substring(6))).toList())
                    .as("the ws client replays the whole log in order").isEqualTo(LongStream.rangeClosed(1, logged).boxed().toList());
            // listen prints each event's line after its forward returns, on its worker thread: wait for the last ones.
            await(() -> out.toString().contains("--> payment_intent.succeeded [evt_") && out.toString().contains("--> charge.refunded [evt_"),
                    "listen to print the triggered events");
        } finally {
            cli.interrupt();
            cli.join(10_000);
            receiver.destroy();
            if (server != null && server.isAlive()) {
                server.destroy();
                server.waitFor();
            }
        }
        System.out.println("listen's own log:\n" + err + "forwarded " + forwarded().size() + " events");
        assertThat(exit[0]).as("Ctrl-C-like stop of listen").isZero();
        assertThat(out.toString()).contains("--> customer.created [evt_", "--> payment_intent.succeeded [evt_", "--> charge.refunded [evt_")
                .contains("<-- [204] POST http://127.0.0.1:" + receiverPort);
    }

    private static String tail(StringWriter log) {
        String text = log.toString();
        return text.substring(Math.max(0, text.length() - 3000));
    }

    private List<Long> forwarded() {
        synchronized (received) {
            return received.stream().filter(line -> line.startsWith("ok ")).map(line -> Long.parseLong(line.split(" ")[1])).toList();
        }
    }

    private String base() {
        return "http://127.0.0.1:" + port;
    }

    private void startServer() throws Exception {
        Path classpath = SERVER.resolve("runtime-classpath.txt");
        assertThat(classpath).as("build the server first (./mvnw test from the root builds it before this module)").exists();
        String java = ProcessHandle.current().info().command().orElse("java");
        Files.createDirectories(data);
        server = new ProcessBuilder(java, "-Xmx512m", "-cp",
                SERVER.resolve("classes").toAbsolutePath() + ":" + Files.readString(classpath).trim(),
                "dev.settle.SettleApplication", "--server.port=" + port, "--settle.data-dir=" + data.toAbsolutePath(),
                "--settle.tenancy.operator-token=" + OPERATOR, "--settle.database.embedded-wal-reserve=0")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(data.resolve("server.log").toFile()))
                .start();
        await(() -> {
            try {
                return Api.HTTP.send(HttpRequest.newBuilder(URI.create(base() + "/actuator/health/readiness")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException | InterruptedException notYet) {
                return false;
            }
        }, "Settle to start (log in " + data + ")");
    }

    /** kill -9 of Settle's JVM and of its embedded PostgreSQL, as a power cut would. */
    private void kill9() throws Exception {
        long postmaster = Long.parseLong(Files.readAllLines(data.resolve("postgres/postmaster.pid")).getFirst().trim());
        server.destroyForcibly().waitFor();
        ProcessHandle.of(postmaster).ifPresent(handle -> {
            handle.descendants().forEach(ProcessHandle::destroyForcibly);
            handle.destroyForcibly();
        });
        while (ProcessHandle.of(postmaster).map(ProcessHandle::isAlive).orElse(false)) {
            Thread.sleep(50);
        }
    }

    private String newAccountKey() {
        JsonNode account = post("/v1/accounts", OPERATOR, "{\"name\":\"listen e2e\"}");
        // Customers are created faster than the default test-mode limit (25 a second) allows.
        post("/v1/accounts/" + account.path("id").asString() + "/rate_limits", OPERATOR, "{\"test\":100000}");
        return account.path("keys").path("test").path("secret").asString();
    }

    private void createCustomers(String key, int count) {
        for (int i = 0; i < count; i++) {
            post("/v1/customers", key, "{\"name\":\"customer " + i + "\"}");
        }
    }

    private long newestSequence(String key) throws Exception {
        long[] newest = {0};
        await(() -> {
            long now = new Api(URI.create(base()), key).get("/v1/events?limit=1").path("data").path(0).path("sequence").asLong();
            boolean settled = now == newest[0] && now > 0;
            newest[0] = now;
            return settled;
        }, "the archive to settle");
        return newest[0];
    }

    private JsonNode post(String path, String key, String json) {
        return new Api(URI.create(base()), key).post(path, json);
    }

    private static void installNodePackages() throws Exception {
        Files.createDirectories(NODE);
        for (String file : List.of("package.json", "receiver.mjs", "stream.mjs")) {
            Files.copy(Path.of("src/test/node", file), NODE.resolve(file), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        if (!Files.isDirectory(NODE.resolve("node_modules/ws")) || !Files.isDirectory(NODE.resolve("node_modules/standardwebhooks"))) {
            Process npm = new ProcessBuilder("npm", "install", "--no-audit", "--no-fund", "--loglevel=error")
                    .directory(NODE.toFile()).redirectErrorStream(true).redirectOutput(NODE.resolve("npm.log").toFile()).start();
            assertThat(npm.waitFor()).as("npm install ws standardwebhooks (see " + NODE.resolve("npm.log") + ")").isZero();
        }
    }

    private static Process node(String script, String... arguments) throws IOException {
        List<String> command = new ArrayList<>(List.of("node", script));
        command.addAll(List.of(arguments));
        return new ProcessBuilder(command).directory(NODE.toFile()).redirectErrorStream(true).start();
    }

    private static void collect(Process process, List<String> lines) {
        Thread.ofVirtual().start(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    lines.add(line);
                }
            } catch (IOException ended) {
                // the process ended
            }
        });
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(100);
        }
    }
}
