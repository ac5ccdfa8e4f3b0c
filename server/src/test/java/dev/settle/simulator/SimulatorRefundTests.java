package dev.settle.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.settle.simulator.SimulatorClient.Response;

/** Refunds: limits, idempotency, and the card whose refunds fail asynchronously. */
class SimulatorRefundTests {

    private final SimulatorFixture fixture = SimulatorFixture.get();
    private final SimulatorClient client = fixture.client;

    @Test
    void refundsPartThenTheRestAndNoMore() {
        String charge = client.charge("4242424242424242", true).text("id");
        String key = SimulatorClient.newKey();
        Response refund = refund(charge, 500, key);

        assertThat(refund.status()).as(refund.toString()).isEqualTo(200);
        assertThat(refund.text("id")).startsWith("sre_");
        assertThat(refund.text("object")).isEqualTo("refund");
        assertThat(refund.text("charge")).isEqualTo(charge);
        assertThat(refund.json().path("amount").asLong()).isEqualTo(500);
        assertThat(refund.text("currency")).isEqualTo("usd");
        assertThat(refund.text("status")).isEqualTo("succeeded");
        assertThat(refund.json().path("failure_code").isNull()).isTrue();
        assertThat(refund.text("idempotency_key")).isEqualTo(key);
        assertThat(refund.json().propertyNames()).containsExactlyInAnyOrder("id", "object", "charge", "amount", "currency", "status",
                "failure_code", "idempotency_key", "created");
        assertThat(client.get("/v1/charges/" + charge).json().path("amount_refunded").asLong()).isEqualTo(500);

        Response tooMuch = refund(charge, 1500, SimulatorClient.newKey());
        assertThat(tooMuch.status()).isEqualTo(400);
        assertThat(tooMuch.errorCode()).isEqualTo("invalid_amount");

        Response rest = client.post("/v1/refunds", "{\"charge\": \"" + charge + "\"}", SimulatorClient.newKey());
        assertThat(rest.json().path("amount").asLong()).as("the rest by default").isEqualTo(1499);
        assertThat(client.get("/v1/charges/" + charge).json().path("amount_refunded").asLong()).isEqualTo(1999);
        assertThat(refund(charge, 1, SimulatorClient.newKey()).errorCode()).isEqualTo("invalid_amount");

        assertThat(client.get("/v1/refunds/" + refund.text("id")).raw().body()).isEqualTo(refund.raw().body());
        assertThat(client.get("/v1/refunds?idempotency_key=" + key).text("id")).isEqualTo(refund.text("id"));
    }

    @Test
    void onlyWhatWasCapturedCanBeRefunded() {
        String partial = client.charge("4242424242424242", false).text("id");
        client.post("/v1/charges/" + partial + "/capture", "{\"amount\": 1000}", SimulatorClient.newKey());
        assertThat(refund(partial, 1001, SimulatorClient.newKey()).errorCode()).isEqualTo("invalid_amount");
        assertThat(refund(partial, 1000, SimulatorClient.newKey()).text("status")).isEqualTo("succeeded");

        String authorized = client.charge("4242424242424242", false).text("id");
        Response notCaptured = refund(authorized, 100, SimulatorClient.newKey());
        assertThat(notCaptured.status()).isEqualTo(409);
        assertThat(notCaptured.errorCode()).isEqualTo("charge_not_refundable");

        String declined = client.charge("4000000000000002", true).text("id");
        assertThat(refund(declined, 100, SimulatorClient.newKey()).errorCode()).isEqualTo("charge_not_refundable");

        Response unknown = refund("sch_nope0000000000000000000", 100, SimulatorClient.newKey());
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.errorCode()).isEqualTo("resource_missing");
        assertThat(unknown.errorParam()).isEqualTo("charge");

        assertThat(refund(partial, 0, SimulatorClient.newKey()).errorCode()).isEqualTo("invalid_amount");
        assertThat(client.post("/v1/refunds", "{\"charge\": \"" + partial + "\"}").errorCode()).isEqualTo("idempotency_key_missing");
    }

    @Test
    void refundsAreIdempotent() {
        String charge = client.charge("4242424242424242", true).text("id");
        String key = SimulatorClient.newKey();
        Response first = refund(charge, 300, key);
        Response again = refund(charge, 300, key);
        assertThat(again.raw().body()).isEqualTo(first.raw().body());
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(refund(charge, 301, key).status()).isEqualTo(422);
        assertThat(client.get("/v1/charges/" + charge).json().path("amount_refunded").asLong()).isEqualTo(300);
    }

    @Test
    void theRefundFailureCardsRefundIsPendingThenFailsWithAWebhook() {
        String charge = client.charge("4000000000005126", true).text("id");
        Response refund = refund(charge, 700, SimulatorClient.newKey());
        String id = refund.text("id");
        assertThat(refund.text("status")).isEqualTo("pending");

        List<WebhookReceiver.Delivery> events = fixture.receiver.await(id, 1, Duration.ofSeconds(5));
        assertThat(events).extracting(WebhookReceiver.Delivery::type).containsExactly("refund.failed");
        assertThat(events.getFirst().event().path("data").path("object").path("failure_code").asString()).isEqualTo("refund_failed");

        Response after = client.get("/v1/refunds/" + id);
        assertThat(after.text("status")).isEqualTo("failed");
        assertThat(after.text("failure_code")).isEqualTo("refund_failed");
        assertThat(client.get("/v1/charges/" + charge).json().path("amount_refunded").asLong()).as("nothing was refunded").isZero();
        assertThat(refund(charge, 1999, SimulatorClient.newKey()).text("status")).as("the whole amount is still refundable")
                .isEqualTo("pending");
    }

    @Test
    void unknownRefundsAre404s() {
        assertThat(client.get("/v1/refunds/sre_nope0000000000000000000").errorCode()).isEqualTo("resource_missing");
        assertThat(client.get("/v1/refunds?idempotency_key=nope").status()).isEqualTo(404);
    }

    private Response refund(String charge, long amount, String key) {
        return client.post("/v1/refunds", "{\"charge\": \"%s\", \"amount\": %d}".formatted(charge, amount), key);
    }
}
