package dev.settle.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import dev.settle.support.Api;
import dev.settle.support.SettleTest;
import dev.settle.webhooks.TestReceiver.Reply;

/**
 * Attempt results are written in batches (DeliveryResults): a batch the database refuses for a
 * while is written once it can be, and the delivery is not sent a second time meanwhile.
 */
@SettleTest
class DeliveryResultsTests {

    @Autowired
    Api api;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataSource dataSource;

    @Autowired
    ApplicationEventPublisher publisher;

    @Autowired
    TransactionTemplate transactions;

    static TestReceiver receiver;

    @BeforeAll
    static void startReceiver() {
        receiver = TestReceiver.start();
    }

    @AfterAll
    static void stopReceiver() {
        receiver.close();
    }

    @Test
    void aResultTheDatabaseRefusesForAWhileIsWrittenLaterAndNothingIsSentTwice() throws Exception {
        Api.Account account = api.newAccount();
        String path = "/results/" + UUID.randomUUID();
        Api.Response endpoint = api.post("/v1/webhook_endpoints", account.testKey(),
                "{\"url\":\"" + receiver.url(path) + "\",\"enabled_events\":[\"*\"]}");
        String endpointId = endpoint.text("id");
        receiver.script(path, Reply.status(200).after(Duration.ofMillis(1_000)));

        Relay.Event event = new Relay(publisher, transactions).relay(account.id(), false, "customer.created");
        receiver.await(path, 1, Duration.ofSeconds(5));

        // While the receiver is still answering, another session locks the delivery's row for longer than the
        // background lock timeout: writing the result fails at least once.
        try (Connection holder = dataSource.getConnection()) {
            holder.setAutoCommit(false);
            try (Statement statement = holder.createStatement()) {
                statement.execute("SELECT 1 FROM webhooks_deliveries WHERE endpoint_id = '" + endpointId + "' FOR UPDATE");
            }
            Thread.sleep(4_000);
            assertThat(status(endpointId)).as("not written while the row is locked").isEqualTo("pending");
            holder.rollback();
        }

        Instant deadline = Instant.now().plusSeconds(10);
        while (!"succeeded".equals(status(endpointId)) && Instant.now().isBefore(deadline)) {
            Thread.sleep(50);
        }
        assertThat(status(endpointId)).isEqualTo("succeeded");
        assertThat(jdbc.sql("SELECT claim IS NULL FROM webhooks_deliveries WHERE endpoint_id = :id").param("id", endpointId)
                .query(Boolean.class).single()).isTrue();
        Thread.sleep(500);
        assertThat(receiver.at(path)).as("sent once: " + event.id()).hasSize(1);
    }

    private String status(String endpointId) {
        return jdbc.sql("SELECT status FROM webhooks_deliveries WHERE endpoint_id = :id").param("id", endpointId)
                .query(String.class).single();
    }
}
