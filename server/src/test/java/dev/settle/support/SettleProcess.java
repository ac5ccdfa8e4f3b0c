package dev.settle.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.springframework.core.env.StandardEnvironment;

/**
 * Settle in a JVM of its own, started from the test class path, so a test can kill it the hard
 * way — the JVM and its embedded PostgreSQL at once, as a power cut would — and start it again
 * on the same data.
 */
public final class SettleProcess implements AutoCloseable {

    private final Path dataDir;
    private final List<String> arguments;
    private final int port;
    private Process process;

    public SettleProcess(Path dataDir, String... extraArguments) throws IOException {
        this.dataDir = dataDir;
        this.arguments = List.of(extraArguments);
        try (ServerSocket socket = new ServerSocket(0)) {
            this.port = socket.getLocalPort();
        }
    }

    public SettleProcess start() throws Exception {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), "dev.settle.SettleApplication",
                "--server.port=" + port, "--settle.data-dir=" + dataDir,
                "--settle.tenancy.operator-token=" + Api.OPERATOR_TOKEN, "--settle.database.embedded-wal-reserve=0"));
        command.addAll(arguments);
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dataDir.resolve("settle-" + Instant.now().toEpochMilli() + ".log").toFile()).start();
        Api api = api();
        // Generous: a loaded 2-core machine has taken over 90 s to replay WAL and start.
        Instant deadline = Instant.now().plus(Duration.ofSeconds(240));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Settle exited with " + process.exitValue() + "; see the logs in " + dataDir);
            }
            try {
                if (api.get("/actuator/health/readiness", null).status() == 200) {
                    return this;
                }
            } catch (RuntimeException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("Settle did not become ready; see the logs in " + dataDir);
    }

    public Api api() {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getSystemProperties().put("local.server.port", String.valueOf(port));
        return new Api(environment);
    }

    /** kill -9 of Settle and of its embedded PostgreSQL: nothing gets to shut down cleanly. */
    public void kill() throws Exception {
        Path pid = dataDir.resolve("postgres/postmaster.pid");
        long postgres = Files.exists(pid) ? Long.parseLong(Files.readAllLines(pid).getFirst().trim()) : -1;
        process.destroyForcibly().waitFor();
        if (postgres > 0) {
            ProcessHandle.of(postgres).ifPresent(handle -> {
                handle.descendants().forEach(ProcessHandle::destroyForcibly);
                handle.destroyForcibly();
            });
            while (ProcessHandle.of(postgres).map(ProcessHandle::isAlive).orElse(false)) {
                Thread.sleep(50);
            }
        }
    }

    /**
     * kill -9 of Settle's JVM alone, as the OOM killer does: its embedded PostgreSQL lives on
     * (until the watchdog stops it, unless {@code andWatchdog} kills that too).
     */
    public void killJvm(boolean andWatchdog) throws Exception {
        List<ProcessHandle> watchdogs = process.toHandle().children()
                .filter(child -> child.info().command().map(command -> command.endsWith("sh")).orElse(false))
                .toList();
        process.destroyForcibly().waitFor();
        if (andWatchdog) {
            watchdogs.forEach(ProcessHandle::destroyForcibly);
        }
    }

    /** The embedded PostgreSQL's postmaster, as named by its {@code postmaster.pid}. */
    public ProcessHandle postmaster() throws IOException {
        Path pid = dataDir.resolve("postgres/postmaster.pid");
        return ProcessHandle.of(Long.parseLong(Files.readAllLines(pid).getFirst().trim())).orElseThrow();
    }

    /** Waits until Settle answers ready again (after it restarted its PostgreSQL); false if not within {@code within}. */
    public boolean awaitReady(Duration within) throws InterruptedException {
        Api api = api();
        Instant deadline = Instant.now().plus(within);
        while (Instant.now().isBefore(deadline)) {
            try {
                if (api.get("/actuator/health/readiness", null).status() == 200) {
                    return true;
                }
            } catch (RuntimeException notYet) {
                // not answering
            }
            Thread.sleep(200);
        }
        return false;
    }

    public boolean alive() {
        return process != null && process.isAlive();
    }

    @Override
    public void close() throws Exception {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                kill();
            }
        }
    }
}
