package dev.settle.simulator.internal;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The simulator's own threads: platform threads for its HTTP exchanges, a virtual thread per
 * background task (webhook deliveries, delayed outcomes) and one timer thread that only hands due
 * tasks over to them. In memory on purpose: it is a fake processor, and on start it resumes what
 * its tables say is unfinished.
 *
 * <p>An exchange blocks on PostgreSQL a few times; on a virtual thread each wait parks it and
 * wakes a poller and a carrier, which on two cores cost more than the exchange's own work
 * (bench/README.md). Exchange threads are pooled without a bound, as virtual threads were: the
 * timeout card holds its thread while it answers late, and callers bound their own connections.
 */
final class Background implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Background.class);

    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private final ExecutorService exchanges = Executors.newCachedThreadPool(
            Thread.ofPlatform().daemon().name("simulator-http-", 1).factory());
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("simulator-timer").factory());

    ExecutorService workers() {
        return workers;
    }

    /** Runs the HTTP server's exchanges. */
    ExecutorService exchanges() {
        return exchanges;
    }

    void now(String what, Runnable task) {
        try {
            workers.execute(() -> runLogged(what, task));
        } catch (RejectedExecutionException stopping) {
            log.debug("Simulator stopping; not running {}", what);
        }
    }

    void later(Duration delay, String what, Runnable task) {
        try {
            timer.schedule(() -> now(what, task), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            log.debug("Simulator stopping; not scheduling {}", what);
        }
    }

    /**
     * Hands work over only once the current transaction has committed (at once when there is
     * none), so nothing acts on a row that could still roll back. {@code handOver} must be quick:
     * it calls {@link #now} or {@link #later}.
     */
    static void afterCommit(Runnable handOver) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            handOver.run();
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                handOver.run();
            }
        });
    }

    private static void runLogged(String what, Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            log.warn("Simulator task failed: {}", what, e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        workers.shutdownNow();
        exchanges.shutdownNow();
        try {
            workers.awaitTermination(5, TimeUnit.SECONDS);
            exchanges.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
