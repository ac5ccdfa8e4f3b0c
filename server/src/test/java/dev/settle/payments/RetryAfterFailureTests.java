package dev.settle.payments;

import static dev.settle.support.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.settle.support.Api;
import dev.settle.support.Payments;
import dev.settle.support.SettleTest;

/**
 * A request that records its work before it finishes (a payment's attempt, a refund's
 * reservation) and then dies — the node crashes, or it fails with a 5xx — must not run again
 * when the client retries with the same Idempotency-Key: that would charge or refund twice.
 * The retry answers with the object the first run committed, as it now stands.
 */
@SettleTest
class RetryAfterFailureTests {

    @Autowired
    Api api;

    @Autowired
    JdbcClient jdbc;

    @Test
    void aRetriedPaymentWhoseFirstRunDiedAfterRecordingItsAttemptAnswersWithThatIntentAndChargesOnce() {
        Api.Account account = api.newAccount();
        String method = Payments.paymentMethod(api, account.testKey(), Payments.SUCCESS);
        String key = UUID.randomUUID().toString();
        String body = "{\"amount\":1500,\"currency\":\"usd\",\"payment_method\":\"" + method + "\",\"confirm\":true}";
        Api.Response first = api.post("/v1/payment_intents", account.testKey(), body, key);
        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        assertThat(boundResource(account, key)).as("the key is tied to the intent in the attempt's own transaction")
                .isEqualTo("payment_intent " + first.text("id"));

        diedBeforeAnswering(account, key, -1);
        Api.Response retried = api.post("/v1/payment_intents", account.testKey(), body, key);

        assertThat(retried.status()).as(retried.toString()).isEqualTo(200);
        assertThat(retried.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(retried.text("id")).isEqualTo(first.text("id"));
        assertThat(retried.text("status")).isEqualTo("succeeded");
        assertThat(api.get("/v1/payment_intents", account.testKey()).json().path("data")).hasSize(1);
        assertThat(retried.json().path("charges").path("data")).as("one attempt, one processor charge").hasSize(1);
        assertThat(api.get("/v1/balance_transactions", account.testKey()).json().path("data")).as("one ledger posting").hasSize(1);
        assertThat(api.post("/v1/payment_intents", account.testKey(), body, key).body())
                .as("the recovered answer is remembered").isEqualTo(retried.body());
    }

    @Test
    void whileTheFirstRunMayStillBeAliveTheRetryIsToldToWait() {
        Api.Account account = api.newAccount();
        String method = Payments.paymentMethod(api, account.testKey(), Payments.SUCCESS);
        String key = UUID.randomUUID().toString();
        String body = "{\"amount\":1500,\"currency\":\"usd\",\"payment_method\":\"" + method + "\",\"confirm\":true}";
        assertThat(api.post("/v1/payment_intents", account.testKey(), body, key).status()).isEqualTo(200);

        diedBeforeAnswering(account, key, 60);

        assertProblem(api.post("/v1/payment_intents", account.testKey(), body, key), 409, "idempotency_key_in_use");
        assertThat(api.get("/v1/payment_intents", account.testKey()).json().path("data")).hasSize(1);
    }

    @Test
    void aRetriedConfirmAnswersWithTheIntentItAttempted() {
        Api.Account account = api.newAccount();
        String method = Payments.paymentMethod(api, account.testKey(), Payments.SUCCESS);
        String intent = api.post("/v1/payment_intents", account.testKey(),
                "{\"amount\":900,\"currency\":\"eur\",\"payment_method\":\"" + method + "\"}").text("id");
        String key = UUID.randomUUID().toString();
        assertThat(api.post("/v1/payment_intents/" + intent + "/confirm", account.testKey(), "{}", key).status()).isEqualTo(200);

        diedBeforeAnswering(account, key, -1);
        Api.Response retried = api.post("/v1/payment_intents/" + intent + "/confirm", account.testKey(), "{}", key);

        assertThat(retried.status()).as(retried.toString()).isEqualTo(200);
        assertThat(retried.text("id")).isEqualTo(intent);
        assertThat(retried.text("status")).isEqualTo("succeeded");
        assertThat(retried.json().path("charges").path("data")).hasSize(1);
    }

    @Test
    void aRetriedRefundWhoseFirstRunDiedAfterReservingItAnswersWithThatRefund() {
        Api.Account account = api.newAccount();
        String intent = Payments.pay(api, account.testKey(), Payments.SUCCESS).text("id");
        String key = UUID.randomUUID().toString();
        String body = "{\"payment_intent\":\"" + intent + "\",\"amount\":500}";
        Api.Response first = api.post("/v1/refunds", account.testKey(), body, key);
        assertThat(first.status()).as(first.toString()).isEqualTo(200);

        diedBeforeAnswering(account, key, -1);
        Api.Response retried = api.post("/v1/refunds", account.testKey(), body, key);

        assertThat(retried.status()).as(retried.toString()).isEqualTo(200);
        assertThat(retried.text("id")).isEqualTo(first.text("id"));
        assertThat(api.get("/v1/refunds?payment_intent=" + intent, account.testKey()).json().path("data")).hasSize(1);
        assertThat(api.get("/v1/payment_intents/" + intent, account.testKey()).json().path("amount_refunded").asLong())
                .isEqualTo(500);
    }

    @Test
    void aKeyWhoseRequestCommittedNothingIsNotTiedToAnything() {
        Api.Account account = api.newAccount();
        String key = UUID.randomUUID().toString();
        assertProblem(api.post("/v1/payment_intents", account.testKey(), "{\"amount\":-5,\"currency\":\"usd\"}", key),
                400, "parameter_invalid", "amount");
        assertThat(boundResource(account, key)).isEqualTo("none");
    }

    /**
     * Leaves the key as a node that died after its first committed phase leaves it: in flight,
     * bound, no stored answer, with its lease ending {@code leaseSeconds} from now.
     */
    private void diedBeforeAnswering(Api.Account account, String key, int leaseSeconds) {
        int updated = jdbc.sql("""
                UPDATE idempotency_keys
                SET state = 'in_flight', response_status = NULL, response_content_type = NULL, response_body = NULL,
                    completed_at = NULL, locked_until = now() + make_interval(secs => :lease)
                WHERE account_id = :account AND livemode = false AND idempotency_key = :key
                """).param("lease", leaseSeconds).param("account", account.id()).param("key", key).update();
        assertThat(updated).isEqualTo(1);
    }

    private String boundResource(Api.Account account, String key) {
        return jdbc.sql("""
                SELECT coalesce(resource_type || ' ' || resource_id, 'none')
                FROM idempotency_keys
                WHERE account_id = :account AND livemode = false AND idempotency_key = :key
                """).param("account", account.id()).param("key", key).query(String.class).single();
    }
}
