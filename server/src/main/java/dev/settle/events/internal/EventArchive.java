package dev.settle.events.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.bson.Document;
import org.bson.conversions.Bson;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.WriteConcern;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.Sorts;

import dev.settle.tenancy.Tenant;

/**
 * The event archive: collection {@code event_archive} in MongoDB, one document per event, keyed
 * by account, mode and sequence (so new documents append, rather than land at random in the
 * store's B-tree as random event ids would), with a unique index on the event id. See
 * docs/events.md for the indexes and why each exists.
 */
@Component
class EventArchive {

    private final MongoCollection<Document> events;

    EventArchive(MongoDatabase database, EventsProperties properties) {
        // Durable before the outbox marks an event archived: journaled, on a majority of the replica set.
        this.events = database.getCollection("event_archive").withWriteConcern(WriteConcern.MAJORITY.withJournal(true));
        // _id encodes (account, mode, sequence), which is therefore unique: one string rather than a
        // compound key, which the embedded store compares by serializing it.
        events.createIndex(Indexes.ascending("event_id"), new IndexOptions().unique(true).name("event_id_unique"));
        events.createIndex(Indexes.ascending("account", "livemode", "sequence"), new IndexOptions().name("account_mode_sequence"));
        events.createIndex(Indexes.ascending("account", "livemode", "type", "sequence"), new IndexOptions().name("by_type"));
        events.createIndex(Indexes.ascending("account", "livemode", "object_id", "sequence"), new IndexOptions().name("by_object"));
        events.createIndex(Indexes.ascending("created"),
                new IndexOptions().expireAfter(properties.retention().toSeconds(), TimeUnit.SECONDS).name("retention_ttl"));
    }

    record Archived(String id, String accountId, boolean livemode, long sequence, String type, String objectId, Instant created,
            String payload) {
    }

    /**
     * Writes the events. An event archived before is skipped (re-archiving is idempotent); a
     * different event under a sequence already taken fails the batch, loudly, and is retried
     * (never overwritten).
     */
    void save(List<Archived> batch) {
        if (batch.isEmpty()) {
            return;
        }
        List<Document> documents = new ArrayList<>(batch.size());
        for (Archived event : batch) {
            documents.add(new Document("_id", key(event.accountId(), event.livemode(), event.sequence()))
                    .append("event_id", event.id())
                    .append("account", event.accountId())
                    .append("livemode", event.livemode())
                    .append("sequence", event.sequence())
                    .append("type", event.type())
                    .append("object_id", event.objectId())
                    .append("created", Date.from(event.created()))
                    .append("payload", event.payload()));
        }
        try {
            events.insertMany(documents, new InsertManyOptions().ordered(false));
        } catch (MongoBulkWriteException e) {
            for (BulkWriteError error : e.getWriteErrors()) {
                if (!archivedBefore(error, documents.get(error.getIndex()))) {
                    throw e;
                }
            }
        }
    }

    /** A duplicate key that is this very event, archived before (a repeat after a crash, say). */
    private boolean archivedBefore(BulkWriteError error, Document document) {
        if (error.getCategory() != ErrorCategory.DUPLICATE_KEY) {
            return false;
        }
        Document existing = events.find(Filters.eq("_id", document.get("_id"))).first();
        return existing != null && document.getString("event_id").equals(existing.getString("event_id"));
    }

    /** Account, mode and sequence in one string that sorts by sequence: {@code acct_1:0:0000000000000000042}. */
    private static String key(String accountId, boolean livemode, long sequence) {
        return accountId + ":" + (livemode ? 1 : 0) + ":" + String.format("%019d", sequence);
    }

    Optional<String> payload(Tenant tenant, String id) {
        Document found = events.find(Filters.and(Filters.eq("event_id", id), tenantFilter(tenant))).first();
        return Optional.ofNullable(found).map(document -> document.getString("payload"));
    }

    Optional<Long> sequence(Tenant tenant, String id) {
        Document found = events.find(Filters.and(Filters.eq("event_id", id), tenantFilter(tenant))).first();
        return Optional.ofNullable(found).map(document -> document.getLong("sequence"));
    }

    /** Type patterns: exact types, {@code prefix.*}, or {@code *}. */
    record Query(List<String> types, @Nullable Instant createdFrom, @Nullable Instant createdUntil, @Nullable String objectId) {
    }

    /**
     * One page (plus one to tell {@code has_more}): newest first by sequence below {@code before},
     * or, going back towards newer events, oldest first above {@code after}.
     */
    List<String> page(Tenant tenant, Query query, @Nullable Long before, @Nullable Long after, int limit) {
        List<Bson> filters = new ArrayList<>(List.of(tenantFilter(tenant)));
        if (!query.types().isEmpty() && !query.types().contains("*")) {
            filters.add(Filters.or(query.types().stream().map(EventArchive::typeFilter).toList()));
        }
        if (query.createdFrom() != null) {
            filters.add(Filters.gte("created", Date.from(query.createdFrom())));
        }
        if (query.createdUntil() != null) {
            filters.add(Filters.lt("created", Date.from(query.createdUntil())));
        }
        if (query.objectId() != null) {
            filters.add(Filters.eq("object_id", query.objectId()));
        }
        if (before != null) {
            filters.add(Filters.lt("sequence", before));
        }
        if (after != null) {
            filters.add(Filters.gt("sequence", after));
        }
        List<String> payloads = new ArrayList<>();
        events.find(Filters.and(filters))
                .sort(after != null ? Sorts.ascending("sequence") : Sorts.descending("sequence"))
                .limit(limit)
                .forEach(document -> payloads.add(document.getString("payload")));
        return payloads;
    }

    /** Drops events older than the retention (a TTL index does it on MongoDB; this covers stores that don't). */
    long purgeOlderThan(Instant cutoff) {
        return events.deleteMany(Filters.lt("created", Date.from(cutoff))).getDeletedCount();
    }

    private static Bson tenantFilter(Tenant tenant) {
        return Filters.and(Filters.eq("account", tenant.accountId()), Filters.eq("livemode", tenant.livemode()));
    }

    private static Bson typeFilter(String pattern) {
        return pattern.endsWith(".*")
                ? Filters.regex("type", "^" + Pattern.quote(pattern.substring(0, pattern.length() - 1)))
                : Filters.eq("type", pattern);
    }
}
