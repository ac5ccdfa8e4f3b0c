package dev.settle.refunds;

import static dev.settle.support.Payments.pay;
import static dev.settle.support.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.settle.support.Api;
import dev.settle.support.Payments;
import dev.settle.support.SettleTest;

/** Refunds refused for bad input: a 4xx problem naming the param, and nothing written. */
@SettleTest
class RefundBadInputTests {

    @Autowired
    Api api;

    @Autowired
    JdbcClient jdbc;

    Api.Account account;
    String paid;
    String snapshot;

    @BeforeEach
    void aPaidPayment() {
        account = api.newAccount();
        paid = pay(api, account.testKey(), Payments.SUCCESS, 1000, "usd", "automatic").text("id");
        snapshot = snapshot();
    }

    @Test
    void amountsMustBePositiveAndWithinWhatIsRefundable() {
        refused("{\"payment_intent\":\"" + paid + "\",\"amount\":0}", 400, "parameter_invalid", "amount");
        refused("{\"payment_intent\":\"" + paid + "\",\"amount\":-100}", 400, "parameter_invalid", "amount");
        refused("{\"payment_intent\":\"" + paid + "\",\"amount\":1001}", 400, "amount_too_large", "amount");
        refused("{\"payment_intent\":\"" + paid + "\",\"amount\":100000000000}", 400, "amount_too_large", "amount");
        refused("{\"payment_intent\":\"" + paid + "\",\"amount\":99999999999999999999}", 400, "parameter_invalid", "amount");
        refused("{\"payment_intent\":\"" + paid + "\",\"amount\":\"5\"}", 400, "parameter_invalid", "amount");
        refused("{\"payment_intent\":\"" + paid + "\",\"amount\":1.5}", 400, "parameter_invalid", "amount");
    }

    @Test
    void aRefundIsInThePaymentsCurrency() {
        refused("{\"payment_intent\":\"" + paid + "\",\"amount\":100,\"currency\":\"eur\"}", 400, "currency_mismatch", "currency");
        refused("{\"payment_intent\":\"" + paid + "\",\"amount\":100,\"currency\":\"xxx1\"}", 400, "invalid_currency", "currency");
    }

    @Test
    void otherFieldsAreChecked() {
        refused("{}", 400, "parameter_missing", "payment_intent");
        refused("{\"payment_intent\":\"" + paid + "\",\"reason\":\"bored\"}", 400, "parameter_invalid", "reason");
        refused("{\"payment_intent\":\"" + paid + "\",\"refund_all\":true}", 400, "parameter_unknown", "refund_all");
        refused("{\"payment_intent\":5}", 400, "parameter_invalid", "payment_intent");
        refused("{\"payment_intent\":\"" + paid + "\",\"charge\":\"ch_other\"}", 400, "parameter_invalid", "charge");
        refused("{\"payment_intent\":", 400, "invalid_json", null);
    }

    @Test
    void anotherAccountsPaymentIs404() {
        Api.Account other = api.newAccount();
        Api.Response theirs = pay(api, other.testKey(), Payments.SUCCESS);
        refused("{\"payment_intent\":\"" + theirs.text("id") + "\"}", 404, "resource_missing", "payment_intent");
        refused("{\"charge\":\"" + theirs.text("latest_charge") + "\"}", 404, "resource_missing", "charge");
        String theirRefund = api.post("/v1/refunds", other.testKey(), "{\"payment_intent\":\"" + theirs.text("id") + "\",\"amount\":1}").text("id");
        assertProblem(api.get("/v1/refunds/" + theirRefund, account.testKey()), 404, "resource_missing");
        assertProblem(api.post("/v1/refunds/" + theirRefund + "/cancel", account.testKey(), "{}"), 404, "resource_missing");
        assertProblem(api.post("/v1/refunds/" + theirRefund, account.testKey(), "{\"metadata\":{\"a\":\"b\"}}"), 404, "resource_missing");
        assertThat(snapshot()).isEqualTo(snapshot);
    }

    @Test
    void failedCanceledAndUncapturedPaymentsCannotBeRefunded() {
        String declined = pay(api, account.testKey(), Payments.DECLINE).text("id");
        String authorized = pay(api, account.testKey(), Payments.SUCCESS, 500, "usd", "manual").text("id");
        String canceled = api.post("/v1/payment_intents", account.testKey(), "{\"amount\":500,\"currency\":\"usd\"}").text("id");
        api.post("/v1/payment_intents/" + canceled + "/cancel", account.testKey(), "{}");
        snapshot = snapshot();

        refused("{\"payment_intent\":\"" + declined + "\"}", 409, "payment_intent_unexpected_state", null);
        refused("{\"payment_intent\":\"" + canceled + "\"}", 409, "payment_intent_unexpected_state", null);
        refused("{\"payment_intent\":\"" + authorized + "\"}", 409, "payment_intent_not_captured", "payment_intent");
    }

    @Test
    void listParametersAreChecked() {
        assertProblem(api.get("/v1/refunds?status=lost", account.testKey()), 400, "parameter_invalid", "status");
        assertProblem(api.get("/v1/refunds?created[gte]=yesterday", account.testKey()), 400, "parameter_invalid", "created[gte]");
        assertProblem(api.get("/v1/refunds?starting_after=re_nope", account.testKey()), 404, "resource_missing", "starting_after");
    }

    private void refused(String body, int status, String code, String param) {
        Api.Response response = api.post("/v1/refunds", account.testKey(), body);
        if (param == null) {
            assertProblem(response, status, code);
        } else {
            assertProblem(response, status, code, param);
        }
        assertThat(snapshot()).as("nothing written").isEqualTo(snapshot);
    }

    private String snapshot() {
        return jdbc.sql("""
                SELECT (SELECT count(*) FROM refunds WHERE account_id = :a) || '/' ||
                       (SELECT count(*) FROM ledger_entries WHERE account_id = :a) || '/' ||
                       (SELECT count(*) FROM events_outbox WHERE account_id = :a) || '/' ||
                       (SELECT coalesce(sum(amount_refunded + amount_refund_pending), 0) FROM payments_charges WHERE account_id = :a)""")
                .param("a", account.id()).query(String.class).single();
    }
}
