package dev.settle.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.settle.simulator.SimulatorClient.Response;

/** Capturing and voiding authorizations, and the states that refuse them. */
class SimulatorCaptureTests {

    private final SimulatorClient client = SimulatorFixture.get().client;

    @Test
    void capturesTheWholeAuthorizationByDefault() {
        String id = client.charge("4242424242424242", false).text("id");
        Response captured = client.post("/v1/charges/" + id + "/capture", "", SimulatorClient.newKey());

        assertThat(captured.status()).as(captured.toString()).isEqualTo(200);
        assertThat(captured.text("status")).isEqualTo("succeeded");
        assertThat(captured.json().path("captured").asBoolean()).isTrue();
        assertThat(captured.json().path("amount_captured").asLong()).isEqualTo(1999);
        assertThat(captured.json().path("fee").asLong()).isEqualTo(88);
    }

    @Test
    void capturesPartOfTheAuthorizationWithTheFeeOnWhatWasCaptured() {
        String id = client.charge("4242424242424242", false).text("id");
        Response captured = client.post("/v1/charges/" + id + "/capture", "{\"amount\": 1500}", SimulatorClient.newKey());

        assertThat(captured.json().path("amount").asLong()).isEqualTo(1999);
        assertThat(captured.json().path("amount_captured").asLong()).isEqualTo(1500);
        // 1500 × 2.9 % = 43.5 → 44, plus 30
        assertThat(captured.json().path("fee").asLong()).isEqualTo(74);
        assertThat(client.get("/v1/charges/" + id).raw().body()).isEqualTo(captured.raw().body());
    }

    @Test
    void aCaptureIsIdempotentAndASecondCaptureIsRefused() {
        String id = client.charge("4242424242424242", false).text("id");
        String key = SimulatorClient.newKey();
        Response first = client.post("/v1/charges/" + id + "/capture", "{\"amount\": 1000}", key);
        Response replay = client.post("/v1/charges/" + id + "/capture", "{\"amount\": 1000}", key);
        assertThat(replay.raw().body()).isEqualTo(first.raw().body());

        Response again = client.post("/v1/charges/" + id + "/capture", "{\"amount\": 999}", SimulatorClient.newKey());
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.errorCode()).isEqualTo("charge_not_capturable");
    }

    @Test
    void refusesAmountsOutsideTheAuthorization() {
        String id = client.charge("4242424242424242", false).text("id");
        for (String amount : new String[] {"0", "2000", "-1"}) {
            Response refused = client.post("/v1/charges/" + id + "/capture", "{\"amount\": " + amount + "}", SimulatorClient.newKey());
            assertThat(refused.status()).as(amount).isEqualTo(400);
            assertThat(refused.errorCode()).isEqualTo("invalid_amount");
        }
        assertThat(client.get("/v1/charges/" + id).json().path("captured").asBoolean()).isFalse();
    }

    @Test
    void onlySucceededUncapturedChargesCanBeCaptured() {
        String capturedAlready = client.charge("4242424242424242", true).text("id");
        String declined = client.charge("4000000000000002", false).text("id");
        String needsAction = client.charge("4000002500003155", false).text("id");
        for (String id : new String[] {capturedAlready, declined, needsAction}) {
            Response refused = client.post("/v1/charges/" + id + "/capture", "", SimulatorClient.newKey());
            assertThat(refused.status()).as(id).isEqualTo(409);
            assertThat(refused.errorCode()).isEqualTo("charge_not_capturable");
        }
        Response missing = client.post("/v1/charges/sch_nope0000000000000000000/capture", "", SimulatorClient.newKey());
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.errorCode()).isEqualTo("resource_missing");
        assertThat(client.post("/v1/charges/" + capturedAlready + "/capture", "").errorCode()).isEqualTo("idempotency_key_missing");
    }

    @Test
    void voidsAnAuthorizationOrAPendingAuthentication() {
        String authorized = client.charge("4242424242424242", false).text("id");
        Response voided = client.post("/v1/charges/" + authorized + "/void", "", SimulatorClient.newKey());
        assertThat(voided.status()).as(voided.toString()).isEqualTo(200);
        assertThat(voided.text("status")).isEqualTo("canceled");
        assertThat(voided.json().path("captured").asBoolean()).isFalse();

        String needsAction = client.charge("4000002500003155", true).text("id");
        Response abandoned = client.post("/v1/charges/" + needsAction + "/void", "", SimulatorClient.newKey());
        assertThat(abandoned.text("status")).isEqualTo("canceled");
        assertThat(abandoned.json().path("next_action_url").isNull()).isTrue();

        Response captureAfterVoid = client.post("/v1/charges/" + authorized + "/capture", "", SimulatorClient.newKey());
        assertThat(captureAfterVoid.errorCode()).isEqualTo("charge_not_capturable");
    }

    @Test
    void capturedFailedAndCanceledChargesCannotBeVoided() {
        String captured = client.charge("4242424242424242", true).text("id");
        String declined = client.charge("4000000000009995", false).text("id");
        String canceled = client.charge("4242424242424242", false).text("id");
        client.post("/v1/charges/" + canceled + "/void", "", SimulatorClient.newKey());
        String processing = client.charge("4000099000000012", true).text("id");
        for (String id : new String[] {captured, declined, canceled, processing}) {
            Response refused = client.post("/v1/charges/" + id + "/void", "", SimulatorClient.newKey());
            assertThat(refused.status()).as(id).isEqualTo(409);
            assertThat(refused.errorCode()).isEqualTo("charge_not_voidable");
        }
    }
}
