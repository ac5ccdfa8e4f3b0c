package dev.settle.platform.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The embedded PostgreSQL's life beyond what zonky does for a throwaway test database:
 * <ul>
 * <li>a postmaster left running on the data folder by a Settle that died ({@code kill -9}, the
 * OOM killer) is shut down before a new one starts, instead of making the start fail;
 * <li>starting may take as long as crash recovery needs, with progress in the log;
 * <li>a watchdog process outside the JVM shuts the postmaster down soon after the JVM dies, so
 * it does not linger as an orphan;
 * <li>a postmaster that dies while Settle runs is started again on the same port and data, and
 * the pools reconnect to it.
 * </ul>
 */
final class EmbeddedPostmaster implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostmaster.class);

    /** How long a postmaster that was asked to shut down gets before it is killed. */
    static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(120);
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);

    private final EmbeddedPostgres.Builder builder;
    private final Path dataDir;
    private final Duration startTimeout;
    private volatile EmbeddedPostgres postgres;
    /** The running postmaster (zonky's own process handle is pg_ctl's, which ends once the server is up). */
    private volatile ProcessHandle postmaster;
    private volatile @Nullable Process watchdog;
    private volatile boolean closing;
    private final Object restartLock = new Object();

    private EmbeddedPostmaster(EmbeddedPostgres.Builder builder, Path dataDir, Duration startTimeout) throws IOException {
        this.builder = builder;
        this.dataDir = dataDir;
        this.startTimeout = startTimeout;
        builder.setPGStartupWait(startTimeout);
        this.postgres = startOnce();
        // Every later start (after the postmaster died) uses the port clients already have.
        builder.setPort(postgres.getPort());
        supervise(postgres, postmaster);
    }

    /** Stops an orphaned postmaster on {@code dataDir}, starts PostgreSQL, and keeps it running. */
    static EmbeddedPostmaster start(EmbeddedPostgres.Builder builder, Path dataDir, Duration startTimeout) throws IOException {
        return new EmbeddedPostmaster(builder, dataDir, startTimeout);
    }

    EmbeddedPostgres postgres() {
        return postgres;
    }

    private EmbeddedPostgres startOnce() throws IOException {
        stopOrphan(dataDir);
        Instant started = Instant.now();
        ScheduledExecutorService progress = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("postgres-start").daemon().factory());
        progress.scheduleAtFixedRate(() -> log.info("Waiting for embedded PostgreSQL in {} to accept connections ({} s so far, "
                + "at most {}; after a crash it replays its write-ahead log first)", dataDir,
                Duration.between(started, Instant.now()).toSeconds(), startTimeout),
                PROGRESS_EVERY.toMillis(), PROGRESS_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        try {
            EmbeddedPostgres server = builder.start();
            postmaster = runningPostmaster(dataDir).orElseThrow(() -> new IOException("PostgreSQL started but " + dataDir
                    + "/postmaster.pid names no running postmaster"));
            startWatchdog(postmaster);
            log.info("Embedded PostgreSQL started on port {} with data in {} ({} ms)", server.getPort(), dataDir,
                    Duration.between(started, Instant.now()).toMillis());
            return server;
        } finally {
            progress.shutdownNow();
        }
    }

    /**
     * A postmaster whose {@code postmaster.pid} names a live PostgreSQL process on this data
     * folder was left by a Settle that died: ask it to shut down fast (it rolls back what was in
     * flight and checkpoints), wait, and kill it if it will not go.
     */
    static void stopOrphan(Path dataDir) throws IOException {
        Optional<ProcessHandle> orphan = runningPostmaster(dataDir);
        if (orphan.isEmpty()) {
            return;
        }
        ProcessHandle postmaster = orphan.get();
        log.warn("An embedded PostgreSQL (pid {}) is still running on {}, left by a Settle that stopped without shutting it down; "
                + "shutting it down before starting again", postmaster.pid(), dataDir);
        signal(postmaster, "INT");
        Instant asked = Instant.now();
        Instant report = asked.plus(PROGRESS_EVERY);
        while (postmaster.isAlive()) {
            Duration waited = Duration.between(asked, Instant.now());
            if (waited.compareTo(SHUTDOWN_WAIT) > 0) {
                log.warn("The orphaned PostgreSQL (pid {}) did not shut down within {}; killing it (its crash recovery follows)",
                        postmaster.pid(), SHUTDOWN_WAIT);
                postmaster.destroyForcibly();
                waitFor(postmaster, Duration.ofSeconds(30));
                break;
            }
            if (Instant.now().isAfter(report)) {
                report = report.plus(PROGRESS_EVERY);
                log.info("Waiting for the orphaned PostgreSQL (pid {}) to shut down ({} s so far)", postmaster.pid(),
                        waited.toSeconds());
            }
            sleep(100);
        }
        log.info("The orphaned PostgreSQL on {} has stopped", dataDir);
    }

    /**
     * The live postmaster that {@code postmaster.pid} names, if it is a PostgreSQL server on this
     * folder (before a start: one left by a Settle that died; after it: ours).
     */
    static Optional<ProcessHandle> runningPostmaster(Path dataDir) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(dataDir.resolve("postmaster.pid"), StandardCharsets.UTF_8);
        } catch (NoSuchFileException none) {
            return Optional.empty();
        }
        if (lines.size() < 2 || !lines.get(0).trim().matches("\\d+")) {
            return Optional.empty();
        }
        long pid = Long.parseLong(lines.get(0).trim());
        Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (process.isEmpty() || pid == ProcessHandle.current().pid()) {
            return Optional.empty();
        }
        // A pid can be reused: act only on a postgres process started for this data folder.
        String commandLine = commandLine(pid);
        boolean samePostgres = commandLine.contains("postgres")
                && Path.of(lines.get(1).trim()).toAbsolutePath().normalize().equals(dataDir.toAbsolutePath().normalize());
        return samePostgres ? process : Optional.empty();
    }

    private static String commandLine(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")), StandardCharsets.UTF_8)
                    .replace('\0', ' ');
        } catch (IOException gone) {
            return "";
        }
    }

    /**
     * A small process outside the JVM that waits for the JVM to end and then asks the postmaster
     * to shut down fast. A normal stop of Settle stops it first; after a {@code kill -9} of the
     * JVM it is what keeps the postmaster from running on as an orphan.
     */
    private void startWatchdog(ProcessHandle server) {
        long jvm = ProcessHandle.current().pid();
        long postmaster = server.pid();
        try {
            watchdog = new ProcessBuilder("sh", "-c",
                    "exec 0</dev/null 1>/dev/null 2>&1; while kill -0 " + jvm + "; do sleep 1; done; kill -INT " + postmaster)
                    .start();
        } catch (IOException e) {
            log.warn("Could not start the embedded PostgreSQL's watchdog; if Settle is killed, the next start stops the "
                    + "PostgreSQL it leaves behind", e);
        }
    }

    /** Starts PostgreSQL again if its postmaster dies while Settle is running. */
    private void supervise(EmbeddedPostgres server, ProcessHandle process) {
        process.onExit().thenRun(() -> {
            if (closing) {
                return;
            }
            log.error("Embedded PostgreSQL (pid {}) exited unexpectedly; starting it again on port {}", process.pid(),
                    server.getPort());
            Thread.ofPlatform().name("postgres-restart").daemon().start(this::restart);
        });
    }

    private void restart() {
        synchronized (restartLock) {
            stopWatchdog();
            try {
                // Releases zonky's lock on the data folder, so the new instance can take it.
                postgres.close();
            } catch (IOException | RuntimeException alreadyDead) {
                log.debug("Closing the dead embedded PostgreSQL", alreadyDead);
            }
            Duration backoff = Duration.ofSeconds(1);
            while (!closing) {
                try {
                    EmbeddedPostgres server = startOnce();
                    postgres = server;
                    supervise(server, postmaster);
                    return;
                } catch (IOException | RuntimeException e) {
                    log.error("Could not start embedded PostgreSQL again; retrying in {}", backoff, e);
                    sleep(backoff.toMillis());
                    backoff = backoff.multipliedBy(2).compareTo(Duration.ofSeconds(30)) > 0 ? Duration.ofSeconds(30)
                            : backoff.multipliedBy(2);
                }
            }
        }
    }

    private void stopWatchdog() {
        Process running = watchdog;
        if (running != null) {
            running.destroy();
            watchdog = null;
        }
    }

    @Override
    public void close() throws IOException {
        closing = true;
        synchronized (restartLock) {
            stopWatchdog();
            postgres.close();
        }
    }

    private static void signal(ProcessHandle process, String signal) {
        try {
            new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start().waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            process.destroy();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void waitFor(ProcessHandle process, Duration atMost) {
        try {
            process.onExit().get(atMost.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception stillThere) {
            // the caller goes on; PostgreSQL refuses to start if it really is still there
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
