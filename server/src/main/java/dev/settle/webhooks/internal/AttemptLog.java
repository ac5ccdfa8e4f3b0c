package dev.settle.webhooks.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.bson.Document;
import org.bson.conversions.Bson;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.stereotype.Repository;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;

import dev.settle.shared.ListParams;
import dev.settle.shared.ResourceNotFoundException;
import dev.settle.tenancy.AccountId;
import dev.settle.tenancy.Tenant;

/**
 * The log of every delivery attempt: collection {@code delivery_attempts} in MongoDB, append-only,
 * kept for {@code settle.webhooks.attempt-retention} (30 days; TTL index, and an hourly purge for
 * stores that do not enforce TTL). See docs/webhooks.md for the indexes.
 *
 * <p>Written behind: attempts are buffered and inserted in batches every 50 ms (one round trip for
 * hundreds of attempts at high delivery rates); reads flush the buffer first. A crash can lose
 * the last 50 ms of log lines, never a delivery: delivery state lives in PostgreSQL.
 */
@Repository
class AttemptLog implements AutoCloseable {

    /**
     * One attempt. {@code httpStatus} is null when no answer came; {@code error} says why
     * ({@code timeout}, {@code connection_failed}, {@code url_not_allowed}, …).
     */
    record Attempt(String id, Tenant tenant, String endpointId, String eventId, String eventType, int attempt,
            boolean succeeded, @Nullable Integer httpStatus, int latencyMs, @Nullable String responseBody,
            @Nullable String error, Instant created) {
    }

    private final MongoCollection<Document> attempts;
    private final BlockingQueue<Document> buffer = new LinkedBlockingQueue<>();
    private final ScheduledExecutorService flusher = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("attempt-log").daemon().factory());

    AttemptLog(MongoDatabase database, @Value("${settle.webhooks.attempt-retention:30d}") Duration retention) {
        this.attempts = database.getCollection("delivery_attempts");
        attempts.createIndex(Indexes.descending("account", "livemode", "endpoint_id", "created", "_id"),
                new IndexOptions().name("by_endpoint"));
        attempts.createIndex(Indexes.descending("account", "livemode", "event_id", "created", "_id"),
                new IndexOptions().name("by_event"));
        attempts.createIndex(Indexes.ascending("created"),
                new IndexOptions().expireAfter(retention.toSeconds(), TimeUnit.SECONDS).name("retention_ttl"));
        flusher.scheduleWithFixedDelay(this::flushQuietly, 50, 50, TimeUnit.MILLISECONDS);
    }

    void record(Attempt attempt) {
        buffer.add(new Document("_id", attempt.id())
                .append("account", attempt.tenant().accountId())
                .append("livemode", attempt.tenant().livemode())
                .append("endpoint_id", attempt.endpointId())
                .append("event_id", attempt.eventId())
                .append("event_type", attempt.eventType())
                .append("attempt", attempt.attempt())
                .append("succeeded", attempt.succeeded())
                .append("http_status", attempt.httpStatus())
                .append("latency_ms", attempt.latencyMs())
                .append("response_body", attempt.responseBody())
                .append("error", attempt.error())
                .append("created", Date.from(attempt.created())));
    }

    /** Inserts what is buffered. */
    synchronized void flush() {
        List<Document> batch = new ArrayList<>();
        while (buffer.drainTo(batch, 5_000) > 0) {
            attempts.insertMany(batch, new InsertManyOptions().ordered(false));
            batch.clear();
        }
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(AttemptLog.class).warn("Could not write delivery attempts: {}", e.toString());
        }
    }

    @Override
    public void close() {
        flusher.shutdown();
        flushQuietly();
    }

    Optional<Attempt> find(Tenant tenant, String id) {
        flush();
        return Optional.ofNullable(attempts.find(Filters.and(Filters.eq("_id", id), tenant(tenant))).first()).map(AttemptLog::map);
    }

    /** Newest first, of one endpoint or one event (or both), paged by (created, id). */
    List<Attempt> list(Tenant tenant, @Nullable String endpointId, @Nullable String eventId, ListParams params) {
        flush();
        List<Bson> filters = new ArrayList<>(List.of(tenant(tenant)));
        if (endpointId != null) {
            filters.add(Filters.eq("endpoint_id", endpointId));
        }
        if (eventId != null) {
            filters.add(Filters.eq("event_id", eventId));
        }
        if (params.cursor() != null) {
            Attempt cursor = find(tenant, params.cursor())
                    .orElseThrow(() -> new ResourceNotFoundException("webhook_attempt", params.cursor(), params.cursorParam()));
            Date created = Date.from(cursor.created());
            filters.add(params.backwards()
                    ? Filters.or(Filters.gt("created", created), Filters.and(Filters.eq("created", created), Filters.gt("_id", cursor.id())))
                    : Filters.or(Filters.lt("created", created), Filters.and(Filters.eq("created", created), Filters.lt("_id", cursor.id()))));
        }
        Bson order = params.backwards() ? Sorts.ascending("created", "_id") : Sorts.descending("created", "_id");
        List<Attempt> page = new ArrayList<>();
        attempts.find(Filters.and(filters)).sort(order).limit(params.limit() + 1).forEach(document -> page.add(map(document)));
        return page;
    }

    long purgeOlderThan(Instant cutoff) {
        return attempts.deleteMany(Filters.lt("created", Date.from(cutoff))).getDeletedCount();
    }

    private static Bson tenant(Tenant tenant) {
        return Filters.and(Filters.eq("account", tenant.accountId()), Filters.eq("livemode", tenant.livemode()));
    }

    private static Attempt map(Document document) {
        return new Attempt(
                document.getString("_id"),
                new Tenant(new AccountId(document.getString("account")), document.getBoolean("livemode")),
                document.getString("endpoint_id"),
                document.getString("event_id"),
                document.getString("event_type"),
                document.getInteger("attempt"),
                document.getBoolean("succeeded"),
                document.getInteger("http_status"),
                document.getInteger("latency_ms"),
                document.getString("response_body"),
                document.getString("error"),
                document.getDate("created").toInstant());
    }

    @Configuration(proxyBeanMethods = false)
    static class Retention {

        @Bean
        RecurringTask<Void> webhookAttemptsRetentionTask(AttemptLog log, Clock clock,
                @Value("${settle.webhooks.attempt-retention:30d}") Duration retention) {
            return Tasks.recurring("webhook-attempts-retention", FixedDelay.of(Duration.ofHours(1)))
                    .execute((instance, context) -> log.purgeOlderThan(clock.instant().minus(retention)));
        }
    }
}
