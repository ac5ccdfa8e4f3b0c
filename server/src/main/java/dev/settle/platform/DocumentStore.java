package dev.settle.platform;

import com.mongodb.client.MongoDatabase;

/**
 * Where Settle keeps its documents (the event archive, the webhook attempt log): the MongoDB of
 * {@code SETTLE_MONGODB_URI} when one is configured, otherwise tables in Settle's own PostgreSQL
 * (the embedded one by default), so an embedded installation runs one database, not two.
 *
 * <p>Each module keeps its collections behind an interface of its own, typed to the few
 * operations it needs (insert if absent, find by id, one page in index order, purge what is past
 * retention), with one implementation per store; it picks the implementation from this.
 */
public sealed interface DocumentStore {

    /** Tables in the system-of-record PostgreSQL, created by the modules' Flyway migrations. */
    record PostgreSql() implements DocumentStore {
    }

    /**
     * A MongoDB (or a MongoDB-compatible service such as Amazon DocumentDB).
     *
     * @param identity where it is, without credentials ({@code mongodb://host:27017/settle}): a
     *                 module that derives its documents from PostgreSQL notices from it that it
     *                 now writes to another store and fills it again
     */
    record MongoDb(MongoDatabase database, String identity) implements DocumentStore {
    }

    /** Where the documents are, without credentials; changes when the store does. */
    default String identity() {
        return switch (this) {
            case PostgreSql postgres -> "postgresql";
            case MongoDb mongo -> mongo.identity();
        };
    }
}
