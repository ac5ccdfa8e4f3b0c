package dev.settle.webhooks.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;

import dev.settle.shared.Ids;
import dev.settle.support.MongoWireServer;

/** The attempt log's contract on MongoDB, over the wire protocol to a compatible server in a process of its own. */
class MongoAttemptStoreTests extends AttemptStoreContract {

    private static MongoClient client;
    private static MongoDatabase database;
    private static MongoAttemptStore store;

    @BeforeAll
    static void connect() {
        client = MongoWireServer.shared().client();
        database = client.getDatabase("attempts_" + Ids.randomBase62(8));
        store = new MongoAttemptStore(database, Duration.ofDays(30));
    }

    @AfterAll
    static void disconnect() {
        client.close();
    }

    @Override
    AttemptStore store() {
        return store;
    }

    @Test
    void declaresItsIndexesWithTheRetentionAsTtl() {
        List<Document> indexes = database.getCollection("delivery_attempts").listIndexes().into(new ArrayList<>());

        assertThat(indexes).extracting(index -> index.getString("name")).contains("by_endpoint", "by_event", "retention_ttl");
        assertThat(indexes).filteredOn(index -> "by_endpoint".equals(index.getString("name")))
                .singleElement().satisfies(index -> assertThat(((Document) index.get("key")).keySet())
                        .containsExactly("account", "livemode", "endpoint_id", "created", "_id"));
        assertThat(indexes).filteredOn(index -> "retention_ttl".equals(index.getString("name")))
                .singleElement().satisfies(index -> assertThat(((Number) index.get("expireAfterSeconds")).longValue())
                        .isEqualTo(Duration.ofDays(30).toSeconds()));
    }
}
