package dev.settle.events.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.bson.Document;
import org.bson.conversions.Bson;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.WriteConcern;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;

import dev.settle.platform.MongoIndexes;
import dev.settle.tenancy.Tenant;

/**
 * The event archive in MongoDB: collection {@code event_archive}, one document per event, its
 * {@code _id} the account, mode and sequence in one string (unique, and new documents append),
 * with a unique index on the event id, one compound index per query shape and a TTL index
 * (docs/operations.md). Written with majority, journaled write concern.
 */
class MongoEventArchive implements EventArchive {

    private static final Logger log = LoggerFactory.getLogger(MongoEventArchive.class);

    private final MongoCollection<Document> events;

    MongoEventArchive(MongoDatabase database, Duration retention) {
        // Durable before the outbox marks an event archived: journaled, on a majority of the replica set.
        this.events = database.getCollection("event_archive").withWriteConcern(WriteConcern.MAJORITY.withJournal(true));
        eventIdIndex();
        events.createIndex(Indexes.ascending("account", "livemode", "sequence"), new IndexOptions().name("account_mode_sequence"));
        events.createIndex(Indexes.ascending("account", "livemode", "type", "sequence"), new IndexOptions().name("by_type"));
        events.createIndex(Indexes.ascending("account", "livemode", "object_id", "sequence"), new IndexOptions().name("by_object"));
        MongoIndexes.ensureTtl(database, events, "created", retention);
    }

    /** MongoDB's code for an index it cannot make, as a unique one its shard key does not prefix. */
    private static final int CANNOT_CREATE_INDEX = 67;

    /**
     * Unique where it can be. On a collection sharded by account (docs/operations.md) MongoDB
     * refuses a unique index the shard key does not prefix; event ids are then indexed without the
     * constraint (they are random beside a timestamp, and the relay gives each one sequence), and
     * an account's sequence stays unique through {@code _id}, which encodes the shard key.
     */
    private void eventIdIndex() {
        try {
            events.createIndex(Indexes.ascending("event_id"), new IndexOptions().unique(true).name("event_id_unique"));
        } catch (MongoCommandException e) {
            if (e.getErrorCode() != CANNOT_CREATE_INDEX) {
                throw e;
            }
            log.warn("event_id cannot be a unique index in this collection ({}); indexing it without the constraint", e.getErrorMessage());
            events.createIndex(Indexes.ascending("event_id"), new IndexOptions().name("event_id"));
        }
    }

    @Override
    public void save(List<Archived> batch) {
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
            checkArchivedBefore(e, documents);
        }
    }

    /**
     * Accepts the batch's duplicate keys that are these very events, archived before (a repeat
     * after a crash, or the whole outbox archived again into a store that has most of it): one
     * query for all of them. Any other error, or another event under one of these keys, fails.
     */
    private void checkArchivedBefore(MongoBulkWriteException e, List<Document> documents) {
        List<Document> duplicates = new ArrayList<>();
        for (BulkWriteError error : e.getWriteErrors()) {
            if (error.getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
            duplicates.add(documents.get(error.getIndex()));
        }
        Map<Object, String> existing = new HashMap<>();
        events.find(Filters.in("_id", duplicates.stream().map(document -> document.get("_id")).toList()))
                .projection(Projections.include("event_id"))
                .forEach(document -> existing.put(document.get("_id"), document.getString("event_id")));
        for (Document duplicate : duplicates) {
            if (!duplicate.getString("event_id").equals(existing.get(duplicate.get("_id")))) {
                throw e;
            }
        }
    }

    /** Account, mode and sequence in one string that sorts by sequence: {@code acct_1:0:0000000000000000042}. */
    private static String key(String accountId, boolean livemode, long sequence) {
        return accountId + ":" + (livemode ? 1 : 0) + ":" + String.format("%019d", sequence);
    }

    @Override
    public Optional<String> payload(Tenant tenant, String id) {
        Document found = events.find(Filters.and(Filters.eq("event_id", id), tenantFilter(tenant))).first();
        return Optional.ofNullable(found).map(document -> document.getString("payload"));
    }

    @Override
    public Optional<Long> sequence(Tenant tenant, String id) {
        Document found = events.find(Filters.and(Filters.eq("event_id", id), tenantFilter(tenant)))
                .projection(Projections.include("sequence")).first();
        return Optional.ofNullable(found).map(document -> document.getLong("sequence"));
    }

    /**
     * Type patterns become the account's concrete types ({@code distinct} over index
     * {@code by_type}), so MongoDB merges one ordered range per type (SORT_MERGE) instead of
     * sorting every match of a regular expression.
     */
    @Override
    public List<String> page(Tenant tenant, Query query, @Nullable Long before, @Nullable Long after, int limit) {
        List<Bson> filters = new ArrayList<>(List.of(tenantFilter(tenant)));
        EventTypes types = new EventTypes(query.types());
        if (query.objectId() != null) {
            filters.add(Filters.eq("object_id", query.objectId()));
        }
        if (!types.all()) {
            List<String> wanted = types.exactOnly() ? types.patterns()
                    : types.select(events.distinct("type", tenantFilter(tenant), String.class).into(new ArrayList<>()));
            if (wanted.isEmpty()) {
                return List.of();
            }
            filters.add(wanted.size() == 1 ? Filters.eq("type", wanted.getFirst()) : Filters.in("type", wanted));
        }
        if (query.createdFrom() != null) {
            filters.add(Filters.gte("created", Date.from(query.createdFrom())));
        }
        if (query.createdUntil() != null) {
            filters.add(Filters.lt("created", Date.from(query.createdUntil())));
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
                .projection(Projections.include("payload"))
                .forEach(document -> payloads.add(document.getString("payload")));
        return payloads;
    }

    /** The TTL index drops old events on MongoDB; this covers services that expire lazily, or not at all. */
    @Override
    public long purgeOlderThan(Instant cutoff) {
        return events.deleteMany(Filters.lt("created", Date.from(cutoff))).getDeletedCount();
    }

    private static Bson tenantFilter(Tenant tenant) {
        return Filters.and(Filters.eq("account", tenant.accountId()), Filters.eq("livemode", tenant.livemode()));
    }
}
