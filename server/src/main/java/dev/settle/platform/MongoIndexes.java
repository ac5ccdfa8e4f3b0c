package dev.settle.platform;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.bson.Document;

import com.mongodb.MongoCommandException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;

/** Index chores shared by the modules' MongoDB stores. */
public final class MongoIndexes {

    /** The name of every collection's TTL index. */
    public static final String TTL_INDEX = "retention_ttl";

    /** MongoDB's codes for an index that exists under the same name or keys with other options. */
    private static final int INDEX_OPTIONS_CONFLICT = 85;
    private static final int INDEX_KEY_SPECS_CONFLICT = 86;

    private MongoIndexes() {
    }

    /**
     * A TTL index on {@code field} that expires documents {@code retention} after it. When the
     * retention setting changed since the index was made, MongoDB refuses to make it again with
     * the new expiry; the index is then changed in place ({@code collMod}) rather than failing the
     * start.
     */
    public static void ensureTtl(MongoDatabase database, MongoCollection<Document> collection, String field, Duration retention) {
        try {
            collection.createIndex(Indexes.ascending(field),
                    new IndexOptions().expireAfter(retention.toSeconds(), TimeUnit.SECONDS).name(TTL_INDEX));
        } catch (MongoCommandException e) {
            if (e.getErrorCode() != INDEX_OPTIONS_CONFLICT && e.getErrorCode() != INDEX_KEY_SPECS_CONFLICT) {
                throw e;
            }
            database.runCommand(new Document("collMod", collection.getNamespace().getCollectionName())
                    .append("index", new Document("name", TTL_INDEX).append("expireAfterSeconds", retention.toSeconds())));
        }
    }
}
