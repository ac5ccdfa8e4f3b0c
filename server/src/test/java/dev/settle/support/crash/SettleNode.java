package dev.settle.support.crash;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.springframework.core.env.StandardEnvironment;

import dev.settle.support.Api;

/**
 * Settle as its own process on embedded defaults, on one data folder and fixed ports for the whole
 * campaign (so the receiver's URL, the API's and the database's stay put), with its janitors and
 * retries shortened so that a round settles in seconds. Kills it, or its postmaster, with SIGKILL.
 */
final class SettleNode implements AutoCloseable {

    static final String OPERATOR_TOKEN = Api.OPERATOR_TOKEN;

    /** How long a start may take before it counts as failed (crash recovery included). */
    private static final Duration START_TIMEOUT = Duration.ofMinutes(5);

    private final List<String> launch;
    private final Path dataDir;
    private final List<String> extraArguments;
    private final int httpPort;
    private final int postgresPort;
    private Process process;
    private Instant launched = Instant.EPOCH;
    private int starts;

    /** {@code launch}: how to run Settle up to its arguments, e.g. {@code java -jar settle.jar}. */
    SettleNode(List<String> launch, Path dataDir, List<String> extraArguments) throws IOException {
        this.launch = List.copyOf(launch);
        this.dataDir = dataDir;
        this.extraArguments = List.copyOf(extraArguments);
        this.httpPort = freePort();
        this.postgresPort = freePort();
        Files.createDirectories(dataDir.resolve("logs"));
    }

    private List<String> command() {
        List<String> command = new ArrayList<>(launch);
        command.addAll(List.of(
                "--server.port=" + httpPort,
                "--settle.data-dir=" + dataDir,
                "--settle.database.embedded-port=" + postgresPort,
                "--settle.tenancy.operator-token=" + OPERATOR_TOKEN,
                // Outcomes Settle did not hear are looked up seconds, not a minute, later.
                "--settle.payments.processor-timeout=4s",
                "--settle.simulator.slow-reply-delay=6s",
                "--settle.simulator.async-delay=1s",
                "--settle.payments.janitor.interval=1s",
                "--settle.payments.janitor.stuck-after=3s",
                "--settle.payments.janitor.backoff=1s",
                "--settle.refunds.janitor.interval=1s",
                "--settle.refunds.janitor.stuck-after=3s",
                "--settle.refunds.janitor.backoff=1s",
                "--settle.refunds.janitor.settle-not-before=10s",
                // A claim or an idempotency key left by a dead node is taken over after seconds.
                "--settle.webhooks.timeout=5s",
                "--settle.webhooks.lease=10s",
                "--settle.webhooks.retry-schedule=1s,2s,5s,10s,20s,30s,60s,120s",
                "--settle.idempotency.lease=5s"));
        command.addAll(extraArguments);
        return command;
    }

    /**
     * Starts Settle and waits until it reports ready. Returns how long that took; throws if the
     * process exited or was not ready within {@link #START_TIMEOUT} (and leaves nothing running).
     */
    Duration start() throws IOException, InterruptedException {
        starts++;
        Path log = dataDir.resolve("logs").resolve("settle-" + starts + ".log");
        Instant begun = Instant.now();
        launched = begun;
        process = new ProcessBuilder(command()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Api api = api();
        while (Duration.between(begun, Instant.now()).compareTo(START_TIMEOUT) < 0) {
            if (!process.isAlive()) {
                throw new IOException("Settle exited with " + process.exitValue() + " while starting; see " + log);
            }
            if (ready(api)) {
                return Duration.between(begun, Instant.now());
            }
            Thread.sleep(100);
        }
        killJvm();
        throw new IOException("Settle was not ready within " + START_TIMEOUT + "; see " + log);
    }

    private static boolean ready(Api api) {
        try {
            return api.get("/actuator/health/readiness", null).status() == 200;
        } catch (RuntimeException notListening) {
            return false;
        }
    }

    /** kill -9 of the JVM alone: its embedded PostgreSQL lives on until the watchdog or the next start stops it. */
    void killJvm() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    /** kill -9 of the embedded PostgreSQL's postmaster; returns its pid. Settle is meant to start it again. */
    long killPostmaster() throws IOException {
        ProcessHandle postmaster = postmaster().orElseThrow(() -> new IOException("no running postmaster in " + dataDir));
        postmaster.destroyForcibly();
        return postmaster.pid();
    }

    Optional<ProcessHandle> postmaster() throws IOException {
        Path pidFile = dataDir.resolve("postgres/postmaster.pid");
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        List<String> lines = Files.readAllLines(pidFile);
        return lines.isEmpty() ? Optional.empty()
                : ProcessHandle.of(Long.parseLong(lines.getFirst().trim())).filter(ProcessHandle::isAlive);
    }

    /** SIGTERM, as an operator stops it; true if it exited within {@code within} (else it is killed). */
    boolean stop(Duration within) throws InterruptedException {
        process.destroy();
        if (process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
            return true;
        }
        killJvm();
        return false;
    }

    /** When the running Settle was launched: nothing it does is older. */
    Instant launched() {
        return launched;
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    Api api() {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getSystemProperties().put("local.server.port", String.valueOf(httpPort));
        return new Api(environment);
    }

    /** The embedded database as DatabaseConfiguration connects to it (trust authentication on loopback). */
    String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + postgresPort + "/postgres?user=postgres";
    }

    Path dataDir() {
        return dataDir;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws Exception {
        if (alive()) {
            stop(Duration.ofSeconds(60));
        }
    }
}
