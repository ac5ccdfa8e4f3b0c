package dev.settle.payments;

import static dev.settle.support.Payments.awaitStatus;
import static dev.settle.support.Payments.pay;
import static dev.settle.support.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.settle.support.Api;
import dev.settle.support.Payments;
import dev.settle.support.SettleTest;

/** Every test-card row of the simulator, end to end through real HTTP between Settle and the simulator. */
@SettleTest
class PaymentIntentApiTests {

    @Autowired
    Api api;

    @Autowired
    JdbcClient jdbc;

    @Test
    void aSuccessfulCardIsChargedCapturedAndPostedToTheLedger() {
        Api.Account account = api.newAccount();
        Api.Response intent = pay(api, account.testKey(), Payments.SUCCESS, 2000, "usd", "automatic");

        assertThat(intent.status()).isEqualTo(200);
        assertThat(intent.text("id")).startsWith("pi_");
        assertThat(intent.text("status")).isEqualTo("succeeded");
        assertThat(intent.json().path("amount_received").asLong()).isEqualTo(2000);
        var charge = intent.json().path("charges").path("data").path(0);
        assertThat(charge.path("id").asString()).startsWith("ch_").isEqualTo(intent.text("latest_charge"));
        assertThat(charge.path("status").asString()).isEqualTo("succeeded");
        assertThat(charge.path("captured").asBoolean()).isTrue();
        long fee = charge.path("fee").asLong();
        assertThat(fee).isEqualTo(2000 * 290 / 10000 + 30);

        List<String> entries = jdbc.sql("""
                SELECT e.ledger_account || ':' || e.amount FROM ledger_entries e
                JOIN ledger_transactions t ON t.id = e.transaction_id
                WHERE t.source_id = :charge ORDER BY e.ledger_account""")
                .param("charge", charge.path("id").asString()).query(String.class).list();
        assertThat(entries).containsExactly("gross_volume:-2000", "processor_fees:" + fee, "receivable_pending:" + (2000 - fee));

        assertThat(eventTypes(account, intent.text("id"))).containsExactly("payment_intent.created", "payment_intent.processing", "payment_intent.succeeded");
        assertThat(eventTypes(account, charge.path("id").asString())).containsExactly("charge.succeeded");

        Api.Response balance = api.get("/v1/balance", account.testKey());
        assertThat(balance.json().path("pending").path(0).path("amount").asLong()).isEqualTo(2000 - fee);
        assertThat(balance.json().path("pending").path(0).path("currency").asString()).isEqualTo("usd");
        Api.Response transactions = api.get("/v1/balance_transactions?source=" + charge.path("id").asString(), account.testKey());
        assertThat(transactions.json().path("data")).hasSize(1);
        assertThat(transactions.json().path("data").path(0).path("net").asLong()).isEqualTo(2000 - fee);
        assertThat(transactions.json().path("data").path(0).path("status").asString()).isEqualTo("pending");
    }

    @ParameterizedTest(name = "{0} is declined: {1} / {2}")
    @CsvSource({
            Payments.DECLINE + ",card_declined,generic_decline",
            Payments.INSUFFICIENT_FUNDS + ",card_declined,insufficient_funds",
            Payments.EXPIRED + ",expired_card,expired_card",
            Payments.INCORRECT_CVC + ",incorrect_cvc,incorrect_cvc"})
    void declinedCardsLeaveTheIntentAwaitingAnotherPaymentMethod(String card, String code, String declineCode) {
        Api.Account account = api.newAccount();
        Api.Response intent = pay(api, account.testKey(), card);

        assertThat(intent.status()).isEqualTo(200);
        assertThat(intent.text("status")).isEqualTo("requires_payment_method");
        var error = intent.json().path("last_payment_error");
        assertThat(error.path("code").asString()).isEqualTo(code);
        assertThat(error.path("decline_code").asString()).isEqualTo(declineCode);
        assertThat(error.path("charge").asString()).isEqualTo(intent.text("latest_charge"));
        assertThat(intent.json().path("charges").path("data").path(0).path("status").asString()).isEqualTo("failed");
        assertThat(ledgerTransactions(account)).isZero();
        assertThat(eventTypes(account, intent.text("id"))).containsExactly("payment_intent.created", "payment_intent.processing", "payment_intent.payment_failed");
        assertThat(eventTypes(account, intent.text("latest_charge"))).containsExactly("charge.failed");

        String retry = Payments.paymentMethod(api, account.testKey(), Payments.SUCCESS);
        Api.Response second = api.post("/v1/payment_intents/" + intent.text("id") + "/confirm", account.testKey(),
                "{\"payment_method\":\"" + retry + "\"}");
        assertThat(second.text("status")).as("a failed attempt can be retried with another card").isEqualTo("succeeded");
        assertThat(second.json().path("charges").path("data")).hasSize(2);
        assertThat(second.json().path("last_payment_error").isNull()).isTrue();
    }

    @Test
    void threeDSecureRequiresActionThenSucceedsWhenCompleted() throws Exception {
        Api.Account account = api.newAccount();
        Api.Response intent = pay(api, account.testKey(), Payments.THREE_D_SECURE);

        assertThat(intent.text("status")).isEqualTo("requires_action");
        String url = intent.json().path("next_action").path("redirect_to_url").path("url").asString();
        assertThat(intent.json().path("next_action").path("type").asString()).isEqualTo("redirect_to_url");
        assertThat(url).contains("/3ds/");
        assertThat(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);

        complete3ds(url, "succeed");

        Api.Response done = awaitStatus(api, account.testKey(), intent.text("id"), "succeeded");
        assertThat(done.json().path("next_action").isNull()).isTrue();
        assertThat(ledgerTransactions(account)).isEqualTo(1);
        assertThat(eventTypes(account, intent.text("id")))
                .containsExactly("payment_intent.created", "payment_intent.processing", "payment_intent.requires_action",
                        "payment_intent.succeeded");
    }

    @Test
    void failingThreeDSecureFailsThePayment() throws Exception {
        Api.Account account = api.newAccount();
        Api.Response intent = pay(api, account.testKey(), Payments.THREE_D_SECURE);

        complete3ds(intent.json().path("next_action").path("redirect_to_url").path("url").asString(), "fail");

        Api.Response failed = awaitStatus(api, account.testKey(), intent.text("id"), "requires_payment_method");
        assertThat(failed.json().path("last_payment_error").path("code").asString()).isEqualTo("authentication_failed");
        assertThat(ledgerTransactions(account)).isZero();
    }

    @Test
    void theRefundFailureCardPaysNormally() {
        Api.Account account = api.newAccount();
        assertThat(pay(api, account.testKey(), Payments.REFUND_FAILS).text("status")).isEqualTo("succeeded");
    }

    @Test
    void asynchronousSuccessArrivesBySignedWebhook() {
        Api.Account account = api.newAccount();
        Api.Response intent = pay(api, account.testKey(), Payments.ASYNC_SUCCESS);

        assertThat(intent.text("status")).isEqualTo("processing");
        awaitStatus(api, account.testKey(), intent.text("id"), "succeeded");
        assertThat(ledgerTransactions(account)).isEqualTo(1);
        assertThat(inboundEventsFor(intent.text("latest_charge"))).isGreaterThanOrEqualTo(1);
        assertThat(eventTypes(account, intent.text("id")))
                .containsExactly("payment_intent.created", "payment_intent.processing", "payment_intent.succeeded");
    }

    @Test
    void asynchronousFailureArrivesBySignedWebhook() {
        Api.Account account = api.newAccount();
        Api.Response intent = pay(api, account.testKey(), Payments.ASYNC_FAILURE);

        assertThat(intent.text("status")).isEqualTo("processing");
        Api.Response failed = awaitStatus(api, account.testKey(), intent.text("id"), "requires_payment_method");
        assertThat(failed.json().path("last_payment_error").path("decline_code").asString()).isEqualTo("generic_decline");
        assertThat(ledgerTransactions(account)).isZero();
    }

    @Test
    void theStoredAnswerOfACreateOrConfirmIsExactlyTheResponseWhateverTheOutcome() {
        Api.Account account = api.newAccount();
        for (String card : List.of(Payments.SUCCESS, Payments.DECLINE, Payments.THREE_D_SECURE, Payments.ASYNC_SUCCESS)) {
            String method = Payments.paymentMethod(api, account.testKey(), card);
            String createAndConfirm = "{\"amount\":1500,\"currency\":\"eur\",\"payment_method\":\"" + method + "\",\"confirm\":true}";
            Api.Response first = api.post("/v1/payment_intents", account.testKey(), createAndConfirm, "answer-" + card.substring(12));
            Api.Response replayed = api.post("/v1/payment_intents", account.testKey(), createAndConfirm, "answer-" + card.substring(12));
            assertThat(replayed.header("Idempotent-Replayed")).isEqualTo("true");
            assertThat(replayed.status()).isEqualTo(first.status()).isEqualTo(200);
            assertThat(replayed.body()).as(card).isEqualTo(first.body());

            String created = api.post("/v1/payment_intents", account.testKey(),
                    "{\"amount\":900,\"currency\":\"eur\",\"payment_method\":\"" + method + "\"}").text("id");
            Api.Response confirmed = api.post("/v1/payment_intents/" + created + "/confirm", account.testKey(), "{}", "confirm-" + card.substring(12));
            Api.Response again = api.post("/v1/payment_intents/" + created + "/confirm", account.testKey(), "{}", "confirm-" + card.substring(12));
            assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
            assertThat(again.body()).as(card).isEqualTo(confirmed.body());
        }
        assertThat(jdbc.sql("SELECT count(*) FROM idempotency_keys WHERE account_id = :a AND state = 'completed'")
                .param("a", account.id()).query(Long.class).single()).as("every key completed").isEqualTo(4 * 2L);
    }

    @Test
    void aTimeoutLeavesTheOutcomeUnknownAndTheJanitorSettlesItOnce() {
        Api.Account account = api.newAccount();
        String method = Payments.paymentMethod(api, account.testKey(), Payments.TIMEOUT);
        String body = "{\"amount\":1500,\"currency\":\"eur\",\"payment_method\":\"" + method + "\",\"confirm\":true}";

        Api.Response first = api.post("/v1/payment_intents", account.testKey(), body, "checkout-timeout");
        assertThat(first.text("status")).as("no answer is not a failure").isEqualTo("processing");
        assertThat(first.json().path("charges").path("data").path(0).path("status").asString()).isEqualTo("pending");

        Api.Response retried = api.post("/v1/payment_intents", account.testKey(), body, "checkout-timeout");
        assertThat(retried.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(retried.body()).isEqualTo(first.body());

        awaitStatus(api, account.testKey(), first.text("id"), "succeeded");
        assertThat(ledgerTransactions(account)).isEqualTo(1);
        assertThat(jdbc.sql("SELECT count(*) FROM payments_charges WHERE account_id = :a").param("a", account.id())
                .query(Long.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT count(*) FROM simulator.charges WHERE idempotency_key LIKE 'settle_%' AND idempotency_key = :k")
                .param("k", "settle_" + first.text("latest_charge")).query(Long.class).single())
                .as("the processor charged exactly once").isEqualTo(1);
        api.post("/v1/payment_intents/" + first.text("id") + "/confirm", account.testKey(), "{}");
        assertThat(ledgerTransactions(account)).isEqualTo(1);
    }

    @Test
    void aServerErrorBeforeChargingEndsAsAFailedAttemptAfterTheJanitorAsks() {
        Api.Account account = api.newAccount();
        Api.Response intent = pay(api, account.testKey(), Payments.SERVER_ERROR);

        assertThat(intent.text("status")).isEqualTo("processing");
        Api.Response failed = awaitStatus(api, account.testKey(), intent.text("id"), "requires_payment_method");
        assertThat(failed.json().path("last_payment_error").path("code").asString()).isEqualTo("processing_error");
        assertThat(ledgerTransactions(account)).isZero();
    }

    @Test
    void manualCaptureCapturesPartOfTheAuthorizationAndReleasesTheRest() {
        Api.Account account = api.newAccount();
        Api.Response intent = pay(api, account.testKey(), Payments.SUCCESS, 10_000, "usd", "manual");
        assertThat(intent.text("status")).isEqualTo("requires_capture");
        assertThat(intent.json().path("amount_capturable").asLong()).isEqualTo(10_000);
        assertThat(ledgerTransactions(account)).as("nothing moves at authorization").isZero();
        String id = intent.text("id");

        assertProblem(api.post("/v1/payment_intents/" + id + "/capture", account.testKey(), "{\"amount_to_capture\":10001}"),
                400, "amount_too_large", "amount_to_capture");
        Api.Response captured = api.post("/v1/payment_intents/" + id + "/capture", account.testKey(), "{\"amount_to_capture\":7500}");

        assertThat(captured.text("status")).isEqualTo("succeeded");
        assertThat(captured.json().path("amount_received").asLong()).isEqualTo(7500);
        assertThat(captured.json().path("amount_capturable").asLong()).isZero();
        assertThat(captured.json().path("charges").path("data").path(0).path("amount_captured").asLong()).isEqualTo(7500);
        assertThat(jdbc.sql("SELECT amount FROM ledger_transactions WHERE account_id = :a").param("a", account.id())
                .query(Long.class).list()).containsExactly(7500L);
        assertProblem(api.post("/v1/payment_intents/" + id + "/capture", account.testKey(), "{}"),
                409, "payment_intent_unexpected_state");
        assertThat(eventTypes(account, id)).containsExactly("payment_intent.created", "payment_intent.processing",
                "payment_intent.amount_capturable_updated", "payment_intent.succeeded");
        assertThat(eventTypes(account, captured.text("latest_charge"))).containsExactly("charge.succeeded", "charge.captured");
    }

    @Test
    void cancelingAnAuthorizationVoidsIt() {
        Api.Account account = api.newAccount();
        Api.Response intent = pay(api, account.testKey(), Payments.SUCCESS, 3000, "usd", "manual");

        Api.Response canceled = api.post("/v1/payment_intents/" + intent.text("id") + "/cancel", account.testKey(),
                "{\"cancellation_reason\":\"requested_by_customer\"}");

        assertThat(canceled.text("status")).isEqualTo("canceled");
        assertThat(canceled.text("cancellation_reason")).isEqualTo("requested_by_customer");
        assertThat(canceled.json().path("charges").path("data").path(0).path("status").asString()).isEqualTo("canceled");
        assertThat(jdbc.sql("SELECT status FROM simulator.charges WHERE id = :id")
                .param("id", canceled.json().path("charges").path("data").path(0).path("processor_reference").asString())
                .query(String.class).single()).isEqualTo("canceled");
        assertThat(eventTypes(account, intent.text("id"))).contains("payment_intent.canceled");
        assertProblem(api.post("/v1/payment_intents/" + intent.text("id") + "/confirm", account.testKey(), "{}"),
                409, "payment_intent_unexpected_state");
    }

    @Test
    void aSucceededPaymentCannotBeCanceled() {
        Api.Account account = api.newAccount();
        Api.Response intent = pay(api, account.testKey(), Payments.SUCCESS);

        Api.Response refused = api.post("/v1/payment_intents/" + intent.text("id") + "/cancel", account.testKey(), "{}");

        assertProblem(refused, 409, "payment_intent_unexpected_state");
        assertThat(refused.text("detail")).contains("succeeded");
    }

    @Test
    void createThenConfirmInTwoSteps() {
        Api.Account account = api.newAccount();
        String customer = api.post("/v1/customers", account.testKey(), "{\"email\":\"p@example.com\"}").text("id");
        String method = Payments.paymentMethod(api, account.testKey(), Payments.SUCCESS);
        api.post("/v1/payment_methods/" + method + "/attach", account.testKey(),
                "{\"customer\":\"" + customer + "\",\"default_for_customer\":true}");

        Api.Response created = api.post("/v1/payment_intents", account.testKey(),
                "{\"amount\":500,\"currency\":\"JPY\",\"customer\":\"" + customer + "\",\"description\":\"Tea\",\"metadata\":{\"order\":\"9\"}}");
        assertThat(created.text("status")).isEqualTo("requires_payment_method");
        assertThat(created.text("currency")).isEqualTo("jpy");

        Api.Response confirmed = api.post("/v1/payment_intents/" + created.text("id") + "/confirm", account.testKey(), "{}");
        assertThat(confirmed.text("status")).as("the customer's default method is used").isEqualTo("succeeded");
        assertThat(confirmed.text("payment_method")).isEqualTo(method);
        assertThat(confirmed.json().path("charges").path("data").path(0).path("fee").asLong())
                .as("no fixed fee part for a zero-exponent currency").isEqualTo(Math.round(500 * 0.029));

        Api.Response list = api.get("/v1/payment_intents?customer=" + customer + "&status=succeeded", account.testKey());
        assertThat(list.json().path("data")).hasSize(1);
        assertThat(api.get("/v1/payment_intents?status=canceled", account.testKey()).json().path("data")).isEmpty();
        assertThat(api.get("/v1/charges?payment_intent=" + created.text("id"), account.testKey()).json().path("data")).hasSize(1);
    }

    private void complete3ds(String url, String outcome) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url + "/complete"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"outcome\":\"" + outcome + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    private List<String> eventTypes(Api.Account account, String objectId) {
        return jdbc.sql("SELECT type FROM events_outbox WHERE account_id = :a AND object_id = :o ORDER BY position")
                .param("a", account.id()).param("o", objectId).query(String.class).list();
    }

    private long ledgerTransactions(Api.Account account) {
        return jdbc.sql("SELECT count(*) FROM ledger_transactions WHERE account_id = :a AND type = 'charge'")
                .param("a", account.id()).query(Long.class).single();
    }

    private long inboundEventsFor(String chargeId) {
        String reference = jdbc.sql("SELECT processor_reference FROM payments_charges WHERE id = :c").param("c", chargeId)
                .query(String.class).single();
        return jdbc.sql("SELECT count(*) FROM webhooks_inbound_events WHERE object_id = :r").param("r", reference)
                .query(Long.class).single();
    }
}
