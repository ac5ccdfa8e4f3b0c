package dev.settle.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.settle.platform.DocumentStore;
import dev.settle.support.OnMongoDb;
import dev.settle.support.SettleTest;

/** The delivery suite — every attempt logged and listed by endpoint and by event — with the attempt log in MongoDB. */
@SettleTest
@OnMongoDb
class WebhookDeliveryOnMongoDbTests extends WebhookDeliveryTests {

    @Autowired
    DocumentStore store;

    @Test
    void theAttemptLogIsInMongoDb() {
        assertThat(store).isInstanceOf(DocumentStore.MongoDb.class);
    }
}
