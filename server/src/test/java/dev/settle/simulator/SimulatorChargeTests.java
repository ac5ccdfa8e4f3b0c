package dev.settle.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.settle.simulator.SimulatorClient.Response;

/** Every row of the test-card table, and the charge object's fields, through real HTTP. */
class SimulatorChargeTests {

    private final SimulatorFixture fixture = SimulatorFixture.get();
    private final SimulatorClient client = fixture.client;

    @Test
    void aGoodCardSucceedsAndCapturesWithTheFee() {
        String key = SimulatorClient.newKey();
        String token = client.token("4242 4242 4242 4242");
        Response charge = client.charge(token, 1999, "USD", true, key);

        assertThat(charge.status()).as(charge.toString()).isEqualTo(200);
        assertThat(charge.text("id")).startsWith("sch_");
        assertThat(charge.text("object")).isEqualTo("charge");
        assertThat(charge.text("status")).isEqualTo("succeeded");
        assertThat(charge.json().path("amount").asLong()).isEqualTo(1999);
        assertThat(charge.text("currency")).isEqualTo("usd");
        assertThat(charge.json().path("captured").asBoolean()).isTrue();
        assertThat(charge.json().path("amount_captured").asLong()).isEqualTo(1999);
        assertThat(charge.json().path("amount_refunded").asLong()).isZero();
        // 1999 × 2.9 % = 57.971 → 58, plus 30
        assertThat(charge.json().path("fee").asLong()).isEqualTo(88);
        assertThat(charge.text("idempotency_key")).isEqualTo(key);
        assertThat(charge.text("token")).isEqualTo(token);
        assertThat(charge.json().path("created").asLong()).isCloseTo(System.currentTimeMillis() / 1000, org.assertj.core.data.Offset.offset(60L));
        assertThat(charge.json().propertyNames()).containsExactlyInAnyOrder("id", "object", "status", "amount", "currency", "captured",
                "amount_captured", "amount_refunded", "fee", "failure_code", "decline_code", "failure_message", "next_action_url",
                "idempotency_key", "token", "created");
        assertThat(charge.json().path("failure_code").isNull()).isTrue();
        assertThat(charge.json().path("next_action_url").isNull()).isTrue();
    }

    @Test
    void anyOtherLuhnValidNumberSucceeds() {
        Response charge = client.charge("5555555555554444", true);
        assertThat(charge.text("status")).isEqualTo("succeeded");
    }

    @Test
    void withoutCaptureTheChargeIsOnlyAuthorized() {
        Response charge = client.charge("4242424242424242", false);
        assertThat(charge.text("status")).isEqualTo("succeeded");
        assertThat(charge.json().path("captured").asBoolean()).isFalse();
        assertThat(charge.json().path("amount_captured").asLong()).isZero();
        assertThat(charge.json().path("fee").asLong()).isZero();
    }

    @ParameterizedTest
    @CsvSource({
            "4000000000000002, card_declined, generic_decline",
            "4000000000009995, card_declined, insufficient_funds",
            "4000000000000069, expired_card, expired_card",
            "4000000000000127, incorrect_cvc, incorrect_cvc",
    })
    void declinedCardsFail(String number, String failureCode, String declineCode) {
        Response charge = client.charge(number, true);
        assertThat(charge.status()).isEqualTo(200);
        assertThat(charge.text("status")).isEqualTo("failed");
        assertThat(charge.text("failure_code")).isEqualTo(failureCode);
        assertThat(charge.text("decline_code")).isEqualTo(declineCode);
        assertThat(charge.text("failure_message")).isNotBlank();
        assertThat(charge.json().path("captured").asBoolean()).isFalse();
        assertThat(charge.json().path("fee").asLong()).isZero();
    }

    @Test
    void theThreeDSecureCardRequiresAction() {
        Response charge = client.charge("4000002500003155", true);
        assertThat(charge.text("status")).isEqualTo("requires_action");
        assertThat(charge.text("next_action_url")).isEqualTo(client.baseUrl + "/3ds/" + charge.text("id"));
        assertThat(charge.json().path("captured").asBoolean()).isFalse();
    }

    @Test
    void theRefundFailureCardChargesNormally() {
        Response charge = client.charge("4000000000005126", true);
        assertThat(charge.text("status")).isEqualTo("succeeded");
        assertThat(charge.json().path("amount_captured").asLong()).isEqualTo(1999);
    }

    @Test
    void theAsyncSuccessCardIsProcessingThenSucceedsWithAWebhook() {
        Response charge = client.charge("4000099000000012", false);
        String id = charge.text("id");
        assertThat(charge.text("status")).isEqualTo("processing");

        List<WebhookReceiver.Delivery> events = fixture.receiver.await(id, 1, Duration.ofSeconds(5));
        assertThat(events).extracting(WebhookReceiver.Delivery::type).containsExactly("charge.succeeded");
        assertThat(events.getFirst().event().path("data").path("object").path("status").asString()).isEqualTo("succeeded");
        Response after = client.get("/v1/charges/" + id);
        assertThat(after.text("status")).isEqualTo("succeeded");
        assertThat(after.json().path("captured").asBoolean()).as("captured per the flag").isFalse();
    }

    @Test
    void theAsyncFailureCardIsProcessingThenFailsWithAWebhook() {
        Response charge = client.charge("4000099000000020", true);
        String id = charge.text("id");
        assertThat(charge.text("status")).isEqualTo("processing");

        List<WebhookReceiver.Delivery> events = fixture.receiver.await(id, 1, Duration.ofSeconds(5));
        assertThat(events).extracting(WebhookReceiver.Delivery::type).containsExactly("charge.failed");
        Response after = client.get("/v1/charges/" + id);
        assertThat(after.text("status")).isEqualTo("failed");
        assertThat(after.text("failure_code")).isEqualTo("card_declined");
        assertThat(after.text("decline_code")).isEqualTo("generic_decline");
    }

    @Test
    void feesFollowTheCurrencyExponentAndNeverExceedTheAmount() {
        String token = client.token("4242424242424242");
        assertThat(client.charge(token, 10_000, "jpy", true, SimulatorClient.newKey()).json().path("fee").asLong())
                .as("no fixed part for a zero-decimal currency").isEqualTo(290);
        assertThat(client.charge(token, 10_000, "kwd", true, SimulatorClient.newKey()).json().path("fee").asLong())
                .as("no fixed part for a three-decimal currency").isEqualTo(290);
        assertThat(client.charge(token, 10, "usd", true, SimulatorClient.newKey()).json().path("fee").asLong())
                .as("capped at the captured amount").isEqualTo(10);
        assertThat(client.charge(token, 500, "eur", true, SimulatorClient.newKey()).json().path("fee").asLong())
                .as("14.5 rounds half up to 15, plus 30").isEqualTo(45);
        assertThat(client.charge(token, 50, "eur", true, SimulatorClient.newKey()).json().path("fee").asLong())
                .as("1.45 rounds to 1, plus 30").isEqualTo(31);
    }

    @Test
    void badChargeRequestsAre400s() {
        String token = client.token("4242424242424242");
        Response unknownToken = client.charge("tok_doesnotexist000000000000", 1999, "usd", true, SimulatorClient.newKey());
        assertThat(unknownToken.status()).isEqualTo(400);
        assertThat(unknownToken.errorCode()).isEqualTo("resource_missing");
        assertThat(unknownToken.errorParam()).isEqualTo("token");

        Response zero = client.charge(token, 0, "usd", true, SimulatorClient.newKey());
        assertThat(zero.status()).isEqualTo(400);
        assertThat(zero.errorCode()).isEqualTo("invalid_amount");

        Response negative = client.charge(token, -5, "usd", true, SimulatorClient.newKey());
        assertThat(negative.errorCode()).isEqualTo("invalid_amount");

        Response fractional = client.post("/v1/charges", """
                {"amount": 19.99, "currency": "usd", "token": "%s"}""".formatted(token), SimulatorClient.newKey());
        assertThat(fractional.errorCode()).isEqualTo("invalid_amount");

        Response currency = client.charge(token, 1999, "usdollars", true, SimulatorClient.newKey());
        assertThat(currency.status()).isEqualTo(400);
        assertThat(currency.errorCode()).isEqualTo("invalid_currency");

        Response noKey = client.post("/v1/charges", """
                {"amount": 1999, "currency": "usd", "token": "%s"}""".formatted(token));
        assertThat(noKey.status()).isEqualTo(400);
        assertThat(noKey.errorCode()).isEqualTo("idempotency_key_missing");

        Response unknownField = client.post("/v1/charges", """
                {"amount": 1999, "currency": "usd", "token": "%s", "amount_to_capture": 5}""".formatted(token), SimulatorClient.newKey());
        assertThat(unknownField.status()).isEqualTo(400);
        assertThat(unknownField.errorCode()).isEqualTo("parameter_unknown");
        assertThat(unknownField.errorParam()).isEqualTo("amount_to_capture");

        Response notJson = client.post("/v1/charges", "{amount", SimulatorClient.newKey());
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.errorCode()).isEqualTo("invalid_json");
    }

    @Test
    void unknownChargesAndRoutesAre404s() {
        Response missing = client.get("/v1/charges/sch_doesnotexist00000000000");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.errorCode()).isEqualTo("resource_missing");

        Response byKey = client.get("/v1/charges?idempotency_key=" + SimulatorClient.newKey());
        assertThat(byKey.status()).isEqualTo(404);
        assertThat(byKey.errorCode()).isEqualTo("resource_missing");

        assertThat(client.get("/v1/nothing").status()).isEqualTo(404);
    }
}
