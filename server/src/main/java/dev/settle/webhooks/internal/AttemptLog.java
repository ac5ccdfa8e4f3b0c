package dev.settle.webhooks.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;

import dev.settle.platform.Background;
import dev.settle.platform.DocumentStore;
import dev.settle.shared.ListParams;
import dev.settle.shared.ResourceNotFoundException;
import dev.settle.tenancy.Tenant;

/**
 * The log of every delivery attempt, append-only, kept for {@code settle.webhooks.attempt-retention}
 * (30 days) in the installation's document store ({@link AttemptStore}: PostgreSQL, or MongoDB
 * when configured). See docs/webhooks.md for the indexes.
 *
 * <p>Written behind: attempts are buffered and inserted in batches every 50 ms (one round trip for
 * hundreds of attempts at high delivery rates); reads flush the buffer first. A crash can lose
 * the last 50 ms of log lines, never a delivery: delivery state lives in PostgreSQL.
 */
@Repository
class AttemptLog implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AttemptLog.class);

    /**
     * One attempt. {@code httpStatus} is null when no answer came; {@code error} says why
     * ({@code timeout}, {@code connection_failed}, {@code url_not_allowed}, …).
     */
    record Attempt(String id, Tenant tenant, String endpointId, String eventId, String eventType, int attempt,
            boolean succeeded, @Nullable Integer httpStatus, int latencyMs, @Nullable String responseBody,
            @Nullable String error, Instant created) {
    }

    private final AttemptStore store;
    private final BlockingQueue<Attempt> buffer = new LinkedBlockingQueue<>();
    private final ScheduledExecutorService flusher = Executors.newSingleThreadScheduledExecutor(
            Background.threads(Thread.ofPlatform().name("attempt-log").daemon().factory()));

    AttemptLog(AttemptStore store) {
        this.store = store;
        flusher.scheduleWithFixedDelay(this::flushQuietly, 50, 50, TimeUnit.MILLISECONDS);
    }

    void record(Attempt attempt) {
        buffer.add(attempt);
    }

    /** Inserts what is buffered. */
    synchronized void flush() {
        List<Attempt> batch = new ArrayList<>();
        while (buffer.drainTo(batch, 5_000) > 0) {
            store.insert(batch);
            batch.clear();
        }
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            log.warn("Could not write delivery attempts: {}", e.toString());
        }
    }

    @Override
    public void close() {
        flusher.shutdown();
        flushQuietly();
    }

    Optional<Attempt> find(Tenant tenant, String id) {
        flush();
        return store.find(tenant, id);
    }

    /** Newest first, of one endpoint or one event (or both), paged by (created, id). */
    List<Attempt> list(Tenant tenant, @Nullable String endpointId, @Nullable String eventId, ListParams params) {
        flush();
        Attempt cursor = null;
        if (params.cursor() != null) {
            cursor = store.find(tenant, params.cursor())
                    .orElseThrow(() -> new ResourceNotFoundException("webhook_attempt", params.cursor(), params.cursorParam()));
        }
        return store.page(tenant, endpointId, eventId, cursor, params.backwards(), params.limit() + 1);
    }

    long purgeOlderThan(Instant cutoff) {
        return store.purgeOlderThan(cutoff);
    }

    @Configuration(proxyBeanMethods = false)
    static class Storage {

        @Bean
        AttemptStore attemptStore(DocumentStore store, JdbcClient jdbc,
                @Value("${settle.webhooks.attempt-retention:30d}") Duration retention) {
            return switch (store) {
                case DocumentStore.PostgreSql postgres -> new PostgresAttemptStore(jdbc);
                case DocumentStore.MongoDb mongo -> new MongoAttemptStore(mongo.database(), retention);
            };
        }

        @Bean
        RecurringTask<Void> webhookAttemptsRetentionTask(AttemptLog attempts, Clock clock,
                @Value("${settle.webhooks.attempt-retention:30d}") Duration retention) {
            return Tasks.recurring("webhook-attempts-retention", FixedDelay.of(Duration.ofHours(1)))
                    .execute((instance, context) -> {
                        long purged = attempts.purgeOlderThan(clock.instant().minus(retention));
                        if (purged > 0) {
                            log.info("Purged {} webhook attempts past retention", purged);
                        }
                    });
        }
    }
}
