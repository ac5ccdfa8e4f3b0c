package dev.settle.webhooks.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;

import org.bson.Document;
import org.bson.conversions.Bson;
import org.jspecify.annotations.Nullable;

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

import dev.settle.platform.MongoIndexes;
import dev.settle.tenancy.AccountId;
import dev.settle.tenancy.Tenant;

/**
 * The attempt log in MongoDB: collection {@code delivery_attempts}, {@code _id} the attempt's id,
 * compound indexes {@code by_endpoint} and {@code by_event} ending in {@code (created, _id)}, and a
 * TTL index (docs/operations.md). Written with majority, journaled write concern.
 */
class MongoAttemptStore implements AttemptStore {

    private final MongoCollection<Document> attempts;

    MongoAttemptStore(MongoDatabase database, Duration retention) {
        this.attempts = database.getCollection("delivery_attempts").withWriteConcern(WriteConcern.MAJORITY.withJournal(true));
        attempts.createIndex(Indexes.descending("account", "livemode", "endpoint_id", "created", "_id"),
                new IndexOptions().name("by_endpoint"));
        attempts.createIndex(Indexes.descending("account", "livemode", "event_id", "created", "_id"),
                new IndexOptions().name("by_event"));
        MongoIndexes.ensureTtl(database, attempts, "created", retention);
    }

    @Override
    public void insert(List<AttemptLog.Attempt> batch) {
        if (batch.isEmpty()) {
            return;
        }
        List<Document> documents = batch.stream().map(MongoAttemptStore::document).toList();
        try {
            attempts.insertMany(documents, new InsertManyOptions().ordered(false));
        } catch (MongoBulkWriteException e) {
            for (BulkWriteError error : e.getWriteErrors()) {
                if (error.getCategory() != ErrorCategory.DUPLICATE_KEY) {
                    throw e;
                }
            }
        }
    }

    private static Document document(AttemptLog.Attempt attempt) {
        return new Document("_id", attempt.id())
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
                .append("created", Date.from(attempt.created()));
    }

    @Override
    public Optional<AttemptLog.Attempt> find(Tenant tenant, String id) {
        return Optional.ofNullable(attempts.find(Filters.and(Filters.eq("_id", id), tenant(tenant))).first())
                .map(MongoAttemptStore::map);
    }

    @Override
    public List<AttemptLog.Attempt> page(Tenant tenant, @Nullable String endpointId, @Nullable String eventId,
            AttemptLog.@Nullable Attempt cursor, boolean backwards, int limit) {
        List<Bson> filters = new ArrayList<>(List.of(tenant(tenant)));
        if (endpointId != null) {
            filters.add(Filters.eq("endpoint_id", endpointId));
        }
        if (eventId != null) {
            filters.add(Filters.eq("event_id", eventId));
        }
        if (cursor != null) {
            Date created = Date.from(cursor.created());
            filters.add(backwards
                    ? Filters.or(Filters.gt("created", created), Filters.and(Filters.eq("created", created), Filters.gt("_id", cursor.id())))
                    : Filters.or(Filters.lt("created", created), Filters.and(Filters.eq("created", created), Filters.lt("_id", cursor.id()))));
        }
        Bson order = backwards ? Sorts.ascending("created", "_id") : Sorts.descending("created", "_id");
        List<AttemptLog.Attempt> page = new ArrayList<>();
        attempts.find(Filters.and(filters)).sort(order).limit(limit).forEach(document -> page.add(map(document)));
        return page;
    }

    @Override
    public long purgeOlderThan(Instant cutoff) {
        return attempts.deleteMany(Filters.lt("created", Date.from(cutoff))).getDeletedCount();
    }

    private static Bson tenant(Tenant tenant) {
        return Filters.and(Filters.eq("account", tenant.accountId()), Filters.eq("livemode", tenant.livemode()));
    }

    private static AttemptLog.Attempt map(Document document) {
        return new AttemptLog.Attempt(
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
}
