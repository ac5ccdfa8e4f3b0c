package dev.settle.simulator.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * The simulator's delayed work (an asynchronous outcome, a webhook) outlives a database that
 * fails under it: the crash campaign killed PostgreSQL's postmaster while an async card's outcome
 * was being written, and the charge stayed {@code processing} at the simulator, and its payment
 * in Settle, until Settle was restarted.
 */
class BackgroundTests {

    @Test
    void aTaskWhoseDatabaseWorkFailsRunsAgainUntilItSucceeds() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(1);
        try (Background background = new Background()) {
            background.later(Duration.ofMillis(10), "outcome of sch_test", () -> {
                switch (runs.incrementAndGet()) {
                    case 1 -> throw new DataAccessResourceFailureException("terminating connection due to unexpected postmaster exit");
                    case 2 -> throw new CannotCreateTransactionException("Could not open JDBC Connection for transaction");
                    default -> done.countDown();
                }
            });

            assertThat(done.await(10, TimeUnit.SECONDS)).as("the third run, after two database failures").isTrue();
        }
        assertThat(runs).hasValue(3);
    }

    @Test
    void aTaskThatFailsOtherwiseIsNotRunAgain() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        try (Background background = new Background()) {
            background.now("webhook sevt_test", () -> {
                runs.incrementAndGet();
                throw new IllegalStateException("a bug, not the database");
            });
            Thread.sleep(Background.FIRST_RETRY.multipliedBy(2).toMillis());
        }
        assertThat(runs).hasValue(1);
    }
}
