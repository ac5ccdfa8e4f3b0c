package dev.settle.simulator.internal;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The simulator's own threads: platform threads for its HTTP exchanges, a virtual thread per
 * background task (webhook deliveries, delayed outcomes) and one timer thread that only hands due
 * tasks over to them. In memory on purpose: it is a fake processor, and on start it resumes what
 * its tables say is unfinished. A task whose database work fails (PostgreSQL restarting, a timeout)
 * is run again later, as a real processor finishes what it started: dropped, it would leave a
 * charge processing or a webhook unsent until the next start.
 *
 * <p>An exchange blocks on PostgreSQL a few times; on a virtual thread each wait parks it and
 * wakes a poller and a carrier, which on two cores cost more than the exchange's own work
 * (bench/README.md). Exchange threads are pooled without a bound, as virtual threads were: the
 * timeout card holds its thread while it answers late, and callers bound their own connections.
 */
final class Background implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Background.class);

    /** The first wait before a task whose database work failed runs again; it doubles up to {@link #LAST_RETRY}. */
    static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    private static final Duration LAST_RETRY = Duration.ofSeconds(30);

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
        now(what, task, FIRST_RETRY);
    }

    private void now(String what, Runnable task, Duration retry) {
        try {
            workers.execute(() -> run(what, task, retry));
        } catch (RejectedExecutionException stopping) {
            log.debug("Simulator stopping; not running {}", what);
        }
    }

    void later(Duration delay, String what, Runnable task) {
        later(delay, what, task, FIRST_RETRY);
    }

    private void later(Duration delay, String what, Runnable task, Duration retry) {
        try {
            timer.schedule(() -> now(what, task, retry), delay.toMillis(), TimeUnit.MILLISECONDS);
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

    /** Runs the task; if its database work failed, schedules it again (every task checks the state it finds). */
    private void run(String what, Runnable task, Duration retry) {
        try {
            task.run();
        } catch (DataAccessException | TransactionException databaseFailed) {
            log.warn("Simulator task failed: {}; trying again in {}", what, retry, databaseFailed);
            Duration doubled = retry.multipliedBy(2);
            later(retry, what, task, doubled.compareTo(LAST_RETRY) > 0 ? LAST_RETRY : doubled);
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
