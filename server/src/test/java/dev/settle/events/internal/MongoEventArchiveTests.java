package dev.settle.events.internal;

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

/**
 * The archive's contract on MongoDB, through the official driver over the wire protocol to a
 * MongoDB-compatible server in a process of its own (there is no MongoDB on the build machine):
 * behaviour, not speed — that server uses no secondary index for queries and expires nothing.
 */
class MongoEventArchiveTests extends EventArchiveContract {

    private static MongoClient client;
    private static MongoDatabase database;
    private static MongoEventArchive archive;

    @BeforeAll
    static void connect() {
        client = MongoWireServer.shared().client();
        database = client.getDatabase("archive_" + Ids.randomBase62(8));
        archive = new MongoEventArchive(database, Duration.ofDays(30));
    }

    @AfterAll
    static void disconnect() {
        client.close();
    }

    @Override
    EventArchive archive() {
        return archive;
    }

    @Test
    void declaresItsIndexesWithTheRetentionAsTtl() {
        List<Document> indexes = database.getCollection("event_archive").listIndexes().into(new ArrayList<>());

        assertThat(indexes).extracting(index -> index.getString("name"))
                .contains("event_id_unique", "account_mode_sequence", "by_type", "by_object", "retention_ttl");
        assertThat(indexes).filteredOn(index -> "event_id_unique".equals(index.getString("name")))
                .singleElement().satisfies(index -> assertThat(index.getBoolean("unique")).isTrue());
        assertThat(indexes).filteredOn(index -> "by_type".equals(index.getString("name")))
                .singleElement().satisfies(index -> assertThat(((Document) index.get("key")).keySet())
                        .containsExactly("account", "livemode", "type", "sequence"));
        assertThat(ttl(database)).isEqualTo(Duration.ofDays(30).toSeconds());
    }

    @Test
    void aChangedRetentionChangesTheTtlIndexRatherThanFailingTheStart() {
        MongoDatabase another = client.getDatabase("archive_" + Ids.randomBase62(8));
        new MongoEventArchive(another, Duration.ofDays(30));

        new MongoEventArchive(another, Duration.ofDays(7));

        assertThat(ttl(another)).isEqualTo(Duration.ofDays(7).toSeconds());
    }

    @Test
    void theDocumentKeepsAccountModeAndSequenceInItsId() {
        archive.save(events(newTenant(), 1));
        String id = database.getCollection("event_archive").find().first().getString("_id");
        assertThat(id).matches("acct_[0-9A-Za-z]+:[01]:\\d{19}");
    }

    private static long ttl(MongoDatabase database) {
        return database.getCollection("event_archive").listIndexes().into(new ArrayList<>()).stream()
                .filter(index -> "retention_ttl".equals(index.getString("name")))
                .map(index -> ((Number) index.get("expireAfterSeconds")).longValue())
                .findFirst().orElseThrow();
    }
}
