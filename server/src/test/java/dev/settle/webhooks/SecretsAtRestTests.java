package dev.settle.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.settle.support.Api;
import dev.settle.support.ClearText;
import dev.settle.support.SettleTest;

/**
 * Webhook signing secrets are never stored in the clear: not in the endpoints table (current and
 * previous secret), not in the stored idempotent answers that showed them, nowhere else. A replay
 * of the request that made a secret still shows it to the client that retries.
 */
@SettleTest
class SecretsAtRestTests {

    @Autowired
    Api api;

    @Autowired
    JdbcClient jdbc;

    static TestReceiver receiver;

    @BeforeAll
    static void receiver() {
        receiver = TestReceiver.start();
    }

    @AfterAll
    static void stop() {
        receiver.close();
    }

    @Test
    void noSecretInTheClearInAnyColumnOfAnyTable() {
        Api.Account account = api.newAccount();
        Api.Response created = api.post("/v1/webhook_endpoints", account.testKey(),
                "{\"url\":\"" + receiver.url("/at-rest") + "\",\"enabled_events\":[\"customer.created\"]}", "at-rest-create");
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        String id = created.text("id");
        String first = created.text("secret");
        Api.Response rotated = api.post("/v1/webhook_endpoints/" + id + "/rotate_secret", account.testKey(),
                "{\"expires_in\": 3600}", "at-rest-rotate");
        String second = rotated.text("secret");
        assertThat(second).startsWith("whsec_").isNotEqualTo(first);

        api.post("/v1/customers", account.testKey(), "{\"email\":\"at-rest@example.com\"}");
        TestReceiver.Request delivered = receiver.await("/at-rest", 1, Duration.ofSeconds(20)).getFirst();
        assertThat(delivered.verifies(second)).as("signed with the new secret").isTrue();
        assertThat(delivered.verifies(first)).as("and with the previous one, still valid").isTrue();

        assertThat(ClearText.columnsSearched(jdbc)).isGreaterThan(50);
        for (String secret : List.of(first, second)) {
            String keyMaterial = secret.substring("whsec_".length());
            assertThat(ClearText.columnsContaining(jdbc, keyMaterial)).as("columns holding a signing secret in the clear").isEmpty();
        }
        assertThat(jdbc.sql("SELECT secret || ' ' || previous_secret FROM webhooks_endpoints WHERE id = :id")
                .param("id", id).query(String.class).single()).matches("sbx1\\.k1\\.\\S+ sbx1\\.k1\\.\\S+");
    }

    @Test
    void aReplayOfTheCreationStillShowsTheSecretItMade() {
        Api.Account account = api.newAccount();
        String body = "{\"url\":\"http://127.0.0.1:9/replayed\",\"enabled_events\":[\"*\"]}";
        Api.Response first = api.post("/v1/webhook_endpoints", account.testKey(), body, "replay-create");
        Api.Response replay = api.post("/v1/webhook_endpoints", account.testKey(), body, "replay-create");

        assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(replay.body()).isEqualTo(first.body());
        assertThat(replay.text("secret")).startsWith("whsec_").isEqualTo(first.text("secret"));
        String stored = jdbc.sql("""
                SELECT convert_from(response_body, 'UTF8') FROM idempotency_keys
                WHERE account_id = :account AND idempotency_key = 'replay-create'
                """).param("account", account.id()).query(String.class).single();
        assertThat(stored).startsWith("sbx1.k1.").doesNotContain(first.text("id"));

        Api.Response rotated = api.post("/v1/webhook_endpoints/" + first.text("id") + "/rotate_secret", account.testKey(), "{}",
                "replay-rotate");
        Api.Response rotateReplay = api.post("/v1/webhook_endpoints/" + first.text("id") + "/rotate_secret", account.testKey(),
                "{}", "replay-rotate");
        assertThat(rotateReplay.text("secret")).isEqualTo(rotated.text("secret"));
    }

    @Test
    void answersWithoutASecretAreStoredAsTheyWere() {
        Api.Account account = api.newAccount();
        Api.Response customer = api.post("/v1/customers", account.testKey(), "{\"email\":\"plain@example.com\"}", "plain-customer");
        String stored = jdbc.sql("""
                SELECT convert_from(response_body, 'UTF8') FROM idempotency_keys
                WHERE account_id = :account AND idempotency_key = 'plain-customer'
                """).param("account", account.id()).query(String.class).single();
        assertThat(stored).isEqualTo(customer.body());
    }
}
