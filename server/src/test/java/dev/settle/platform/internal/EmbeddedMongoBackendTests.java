package dev.settle.platform.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

import org.bson.Document;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;

/** The embedded store's unique indexes, ordered as values, through the real driver and a real file. */
class EmbeddedMongoBackendTests {

    @TempDir
    Path dir;

    @Test
    void uniqueIndexesFindAndRefuseDuplicatesAcrossRestarts() {
        withStore(EmbeddedMongoBackend::new, things -> {
            things.createIndex(Indexes.ascending("code"), new IndexOptions().unique(true));
            List<Document> documents = new ArrayList<>();
            for (int i = 0; i < 2_000; i++) {
                documents.add(new Document("_id", "thing:" + (i * 7919 % 2_000)).append("code", "c" + i).append("n", i));
            }
            things.insertMany(documents);
            assertThatThrownBy(() -> things.insertOne(new Document("_id", "thing:5").append("code", "other")))
                    .isInstanceOf(MongoWriteException.class).hasMessageContaining("duplicate key");
            assertThatThrownBy(() -> things.insertOne(new Document("_id", "new").append("code", "c42")))
                    .isInstanceOf(MongoWriteException.class).hasMessageContaining("duplicate key");
        });
        withStore(EmbeddedMongoBackend::new, things -> {
            assertThat(things.find(Filters.eq("code", "c1234")).first().getInteger("n")).isEqualTo(1234);
            assertThat(things.find(Filters.eq("_id", "thing:17")).first()).isNotNull();
            assertThatThrownBy(() -> things.insertOne(new Document("_id", "again").append("code", "c1999")))
                    .isInstanceOf(MongoWriteException.class).hasMessageContaining("duplicate key");
            assertThat(things.countDocuments()).isEqualTo(2_000);
        });
    }

    @Test
    void numbersOfDifferentTypesAreOneKeyAsInMongoDb() {
        withStore(EmbeddedMongoBackend::new, things -> {
            things.createIndex(Indexes.ascending("n"), new IndexOptions().unique(true));
            things.insertOne(new Document("_id", "a").append("n", 1));
            assertThatThrownBy(() -> things.insertOne(new Document("_id", "b").append("n", 1L)))
                    .isInstanceOf(MongoWriteException.class).hasMessageContaining("duplicate key");
            assertThatThrownBy(() -> things.insertOne(new Document("_id", "c").append("n", 1.0)))
                    .isInstanceOf(MongoWriteException.class).hasMessageContaining("duplicate key");
        });
    }

    @Test
    void aStoreWrittenByThePlainEngineIsReindexedOnFirstOpen() {
        withStore(H2Backend::new, things -> {
            things.createIndex(Indexes.ascending("code"), new IndexOptions().unique(true));
            for (int i = 0; i < 300; i++) {
                things.insertOne(new Document("_id", "thing:" + i).append("code", "c" + i));
            }
        });
        withStore(EmbeddedMongoBackend::new, things -> {
            assertThat(things.find(Filters.eq("code", "c250")).first().getString("_id")).isEqualTo("thing:250");
            assertThatThrownBy(() -> things.insertOne(new Document("_id", "thing:3").append("code", "fresh")))
                    .isInstanceOf(MongoWriteException.class).hasMessageContaining("duplicate key");
            assertThatThrownBy(() -> things.insertOne(new Document("_id", "fresh").append("code", "c3")))
                    .isInstanceOf(MongoWriteException.class).hasMessageContaining("duplicate key");
        });
    }

    @Test
    void droppingACollectionDropsItsIndexes() {
        withStore(EmbeddedMongoBackend::new, things -> {
            things.createIndex(Indexes.ascending("code"), new IndexOptions().unique(true));
            things.insertOne(new Document("_id", "a").append("code", "x"));
            things.drop();
            things.createIndex(Indexes.ascending("code"), new IndexOptions().unique(true));
            things.insertOne(new Document("_id", "a").append("code", "x"));
            assertThat(things.countDocuments()).isEqualTo(1);
        });
    }

    private void withStore(Function<MVStore, MongoBackend> engine, Consumer<MongoCollection<Document>> work) {
        MVStore store = new MVStore.Builder().fileName(dir.resolve("store.mv.db").toString()).open();
        MongoServer server = new MongoServer(engine.apply(store));
        try {
            server.bind("127.0.0.1", 0);
            try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + server.getLocalAddress().getPort())) {
                work.accept(client.getDatabase("test").getCollection("things"));
            }
        } finally {
            server.shutdown();
        }
    }
}
