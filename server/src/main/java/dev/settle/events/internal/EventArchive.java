package dev.settle.events.internal;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import dev.settle.tenancy.Tenant;

/**
 * The event archive: one document per relayed event, which the events API reads, kept for
 * {@code settle.events.retention}. Keyed by account, mode and sequence (unique, so a second event
 * can never take an account's sequence number) and unique by event id.
 *
 * <p>Two implementations, one per {@link dev.settle.platform.DocumentStore}: table
 * {@code events_archive} in PostgreSQL ({@link PostgresEventArchive}) and collection
 * {@code event_archive} in MongoDB ({@link MongoEventArchive}). Each query below is answered from
 * an index whose keys are its equality filters followed by its order, so a page costs the same at
 * a thousand events as at millions (docs/events.md lists the indexes, bench/events.sh measures it).
 */
interface EventArchive {

    /** One event as archived; {@code payload} is the event's JSON exactly as webhooks carry it. */
    record Archived(String id, String accountId, boolean livemode, long sequence, String type, String objectId, Instant created,
            String payload) {
    }

    /** Filters of a list: type patterns ({@link EventTypes}), a creation range, the object an event is about. */
    record Query(List<String> types, @Nullable Instant createdFrom, @Nullable Instant createdUntil, @Nullable String objectId) {
    }

    /**
     * Writes the events. An event archived before is skipped (re-archiving is idempotent); a
     * different event under an account's sequence number already taken fails the batch, loudly,
     * and is retried (never overwritten). Durable when it returns.
     */
    void save(List<Archived> batch);

    /** The event's JSON, if it is this tenant's. */
    Optional<String> payload(Tenant tenant, String id);

    /** The event's sequence number, if it is this tenant's (a list cursor). */
    Optional<Long> sequence(Tenant tenant, String id);

    /**
     * One page (ask for one more than the page to tell {@code has_more}): newest first by sequence
     * below {@code before}, or, going back towards newer events, oldest first above {@code after}.
     */
    List<String> page(Tenant tenant, Query query, @Nullable Long before, @Nullable Long after, int limit);

    /** Drops events created before {@code cutoff}; returns how many. */
    long purgeOlderThan(Instant cutoff);
}
