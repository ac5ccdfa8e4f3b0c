package dev.settle.webhooks.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.settle.platform.Background;

/**
 * Writes what attempts came to (delivered, due again at, failed) for many deliveries in one
 * statement: one commit for a batch instead of one per delivery. A writer thread takes whatever
 * has queued up while its previous write ran, so a result waits for at most one write before
 * its own; none is held back on purpose.
 *
 * <p>A result, like the single UPDATE it replaces, is written only while its claim still holds;
 * one that is never written (the node died, or the database refused the write for longer than
 * {@link #GIVE_UP_AFTER}) leaves the delivery claimed until its lease ends, and it is then sent
 * again: at least once, never lost.
 */
@Component
class DeliveryResults implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DeliveryResults.class);

    /** Results per statement at most. */
    static final int BATCH = 500;
    /** How long a batch the database refuses is tried again before its deliveries are left to their leases. */
    static final Duration GIVE_UP_AFTER = Duration.ofSeconds(30);

    /** One delivery's result; {@code next} is null unless the delivery stays pending. */
    record Result(long id, UUID claim, String status, @Nullable Instant next, int failed, @Nullable String error,
            Instant at) {
    }

    private final JdbcClient jdbc;
    private final LinkedBlockingQueue<Result> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile boolean stopped;

    DeliveryResults(JdbcClient jdbc) {
        this.jdbc = jdbc;
        this.writer = Background.threads(Thread.ofPlatform().name("delivery-results").daemon().factory()).newThread(this::run);
        writer.start();
    }

    void succeeded(DeliveryRepository.Claimed delivery, Instant now) {
        queue.add(new Result(delivery.id(), delivery.claim(), "succeeded", null, 0, null, now));
    }

    void retryAt(DeliveryRepository.Claimed delivery, Instant next, String error, Instant now) {
        queue.add(new Result(delivery.id(), delivery.claim(), "pending", next, 1, error, now));
    }

    void failed(DeliveryRepository.Claimed delivery, String error, Instant now) {
        queue.add(new Result(delivery.id(), delivery.claim(), "failed", null, 1, error, now));
    }

    private void run() {
        List<Result> batch = new ArrayList<>(BATCH);
        while (!stopped || !queue.isEmpty()) {
            try {
                Result first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, BATCH - 1);
                writeOrGiveUp(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                batch.clear();
            }
        }
    }

    private void writeOrGiveUp(List<Result> batch) throws InterruptedException {
        Instant giveUp = Instant.now().plus(GIVE_UP_AFTER);
        long backoff = 100;
        while (true) {
            try {
                write(batch);
                return;
            } catch (RuntimeException e) {
                if (Instant.now().isAfter(giveUp)) {
                    log.error("Could not write the results of {} webhook attempts for {}; those deliveries are sent again "
                            + "when their claims' leases end", batch.size(), GIVE_UP_AFTER, e);
                    return;
                }
                log.warn("Could not write the results of {} webhook attempts; trying again in {} ms", batch.size(), backoff, e);
                Thread.sleep(backoff);
                backoff = Math.min(backoff * 2, 5_000);
            }
        }
    }

    private static final String WRITE = """
            UPDATE webhooks_deliveries d
            SET status = r.status,
                next_attempt_at = coalesce(r.next_attempt_at, d.next_attempt_at),
                failures = d.failures + r.failed,
                claim = NULL,
                last_error = r.error,
                updated_at = r.at
            FROM unnest(CAST(:ids AS bigint[]), CAST(:claims AS uuid[]), CAST(:statuses AS text[]),
                        CAST(CAST(:nexts AS text[]) AS timestamptz[]), CAST(:failed AS int[]), CAST(:errors AS text[]),
                        CAST(CAST(:ats AS text[]) AS timestamptz[]))
                     AS r (id, claim, status, next_attempt_at, failed, error, at)
            WHERE d.id = r.id
              AND d.claim = r.claim
            """;

    /** Writes every result whose claim still holds; a result whose claim was replaced (replay, a new claim) is dropped. */
    int write(List<Result> results) {
        return jdbc.sql(WRITE)
                .param("ids", results.stream().map(Result::id).toArray(Long[]::new))
                .param("claims", results.stream().map(r -> r.claim().toString()).toArray(String[]::new))
                .param("statuses", results.stream().map(Result::status).toArray(String[]::new))
                .param("nexts", results.stream().map(r -> r.next() == null ? null : r.next().toString()).toArray(String[]::new))
                .param("failed", results.stream().map(Result::failed).toArray(Integer[]::new))
                .param("errors", results.stream().map(Result::error).toArray(String[]::new))
                .param("ats", results.stream().map(r -> r.at().toString()).toArray(String[]::new))
                .update();
    }

    /** Results not yet written; for tests and shutdown. */
    int pending() {
        return queue.size();
    }

    /** Writes what is queued, then stops. */
    @Override
    public void close() throws InterruptedException {
        stopped = true;
        writer.join(10_000);
    }
}
