package dev.settle.platform;

import java.time.Duration;
import java.util.ArrayList;
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

    /** A service without {@code collMod} (a test double; some compatible services). */
    private static final int COMMAND_NOT_FOUND = 59;

    private MongoIndexes() {
    }

    /**
     * A TTL index on {@code field} that expires documents {@code retention} after it. When the
     * retention setting changed since the index was made, the index is changed in place
     * ({@code collMod}; MongoDB refuses to make an index again under the same name with another
     * expiry), or, where the service has no {@code collMod}, dropped and made again.
     */
    public static void ensureTtl(MongoDatabase database, MongoCollection<Document> collection, String field, Duration retention) {
        IndexOptions options = new IndexOptions().expireAfter(retention.toSeconds(), TimeUnit.SECONDS).name(TTL_INDEX);
        Long current = collection.listIndexes().into(new ArrayList<>()).stream()
                .filter(index -> TTL_INDEX.equals(index.getString("name")))
                .map(index -> index.get("expireAfterSeconds") instanceof Number seconds ? seconds.longValue() : -1L)
                .findFirst().orElse(null);
        if (current == null) {
            collection.createIndex(Indexes.ascending(field), options);
        } else if (current != retention.toSeconds()) {
            try {
                database.runCommand(new Document("collMod", collection.getNamespace().getCollectionName())
                        .append("index", new Document("name", TTL_INDEX).append("expireAfterSeconds", retention.toSeconds())));
            } catch (MongoCommandException noCollMod) {
                if (noCollMod.getErrorCode() != COMMAND_NOT_FOUND) {
                    throw noCollMod;
                }
                collection.dropIndex(TTL_INDEX);
                collection.createIndex(Indexes.ascending(field), options);
            }
        }
    }
}
