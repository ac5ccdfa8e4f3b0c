package dev.settle.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

import dev.settle.simulator.SimulatorClient.Response;

/** Outbound webhooks: the envelope, a signature a receiver can verify, retries, and the record kept. */
class SimulatorWebhookTests {

    private final SimulatorFixture fixture = SimulatorFixture.get();
    private final SimulatorClient client = fixture.client;

    @Test
    void anAsyncOutcomeSendsOneSignedEvent() {
        Response charge = client.charge("4000099000000012", true);
        String id = charge.text("id");

        WebhookReceiver.Delivery delivery = fixture.receiver.await(id, 1, Duration.ofSeconds(5)).getFirst();
        assertSigned(delivery, fixture.server.webhookSecret());
        assertThat(delivery.contentType()).startsWith("application/json");
        assertThat(delivery.event().path("id").asString()).startsWith("sevt_");
        assertThat(delivery.event().path("object").asString()).isEqualTo("event");
        assertThat(delivery.event().path("type").asString()).isEqualTo("charge.succeeded");
        assertThat(delivery.event().path("created").asLong()).isPositive();
        assertThat(delivery.event().path("data").path("object").path("object").asString()).isEqualTo("charge");
        assertThat(delivery.event().path("data").path("object").path("amount_captured").asLong()).isEqualTo(1999);

        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(3)).untilAsserted(() -> assertThat(fixture.jdbc.sql("""
                SELECT payload FROM simulator.events WHERE object_id = ? AND delivery_status = 'delivered'""")
                .param(id).query(String.class).optional()).as("the exact body sent, recorded as delivered").hasValue(delivery.body()));
        assertThat(fixture.receiver.about(id)).as("exactly one event for one outcome").hasSize(1);
    }

    @Test
    void aFailedDeliveryIsRetriedWithTheSameEvent() {
        String token = client.token("4000099000000020");
        fixture.receiver.failNext(token, 1);
        String id = client.charge(token, 1999, "usd", true, SimulatorClient.newKey()).text("id");

        List<WebhookReceiver.Delivery> attempts = fixture.receiver.await(id, 2, Duration.ofSeconds(6));
        assertThat(attempts).extracting(WebhookReceiver.Delivery::type).containsExactly("charge.failed", "charge.failed");
        assertThat(attempts.get(1).event().path("id").asString()).isEqualTo(attempts.get(0).event().path("id").asString());
        assertThat(Duration.between(attempts.get(0).at(), attempts.get(1).at())).isGreaterThanOrEqualTo(Duration.ofMillis(900));
        assertSigned(attempts.get(1), fixture.server.webhookSecret());

        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(3)).untilAsserted(() -> assertThat(fixture.jdbc.sql("""
                SELECT delivery_status || '/' || attempts || '/' || last_http_status FROM simulator.events WHERE object_id = ?""")
                .param(id).query(String.class).single()).isEqualTo("delivered/2/200"));
    }

    /** Verifies {@code Simulator-Signature: t=…,v1=…} as a receiver would: HMAC-SHA256 of "t.body", fresh t. */
    static void assertSigned(WebhookReceiver.Delivery delivery, String secret) {
        assertThat(delivery.signature()).matches("t=\\d+,v1=[0-9a-f]{64}");
        String[] parts = delivery.signature().split(",");
        String timestamp = parts[0].substring(2);
        String signature = parts[1].substring(3);
        assertThat(Long.parseLong(timestamp)).isCloseTo(System.currentTimeMillis() / 1000, org.assertj.core.data.Offset.offset(300L));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            String expected = HexFormat.of().formatHex(mac.doFinal((timestamp + "." + delivery.body()).getBytes(StandardCharsets.UTF_8)));
            assertThat(signature).isEqualTo(expected);
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }
}
