package dev.settle.events;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.settle.platform.DocumentStore;
import dev.settle.support.OnMongoDb;
import dev.settle.support.SettleTest;

/** The events API's suite, with the archive in MongoDB (over the wire protocol) instead of PostgreSQL. */
@SettleTest
@OnMongoDb
class EventApiOnMongoDbTests extends EventApiTests {

    @Autowired
    DocumentStore store;

    @Test
    void theArchiveIsInMongoDb() {
        assertThat(store).isInstanceOf(DocumentStore.MongoDb.class);
    }
}
