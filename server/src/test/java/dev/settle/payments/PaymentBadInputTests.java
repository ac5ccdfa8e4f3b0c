package dev.settle.payments;

import static dev.settle.support.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.settle.support.Api;
import dev.settle.support.Payments;
import dev.settle.support.SettleTest;

/** Bad input on every payments endpoint: a 4xx problem naming the param, and nothing written. */
@SettleTest
class PaymentBadInputTests {

    @Autowired
    Api api;

    @Autowired
    JdbcClient jdbc;

    Api.Account account;
    Api.Account other;
    String method;
    String othersMethod;
    String othersCustomer;
    String othersIntent;
    String snapshot;

    @BeforeEach
    void twoAccounts() {
        account = api.newAccount();
        other = api.newAccount();
        method = Payments.paymentMethod(api, account.testKey(), Payments.SUCCESS);
        othersMethod = Payments.paymentMethod(api, other.testKey(), Payments.SUCCESS);
        othersCustomer = api.post("/v1/customers", other.testKey(), "{}").text("id");
        othersIntent = api.post("/v1/payment_intents", other.testKey(), "{\"amount\":100,\"currency\":\"usd\"}").text("id");
        snapshot = snapshot();
    }

    static Stream<Arguments> badIntents() {
        return Stream.of(
                Arguments.of("{\"currency\":\"usd\"}", 400, "parameter_missing", "amount"),
                Arguments.of("{\"amount\":0,\"currency\":\"usd\"}", 400, "parameter_invalid", "amount"),
                Arguments.of("{\"amount\":-5,\"currency\":\"usd\"}", 400, "parameter_invalid", "amount"),
                Arguments.of("{\"amount\":100000000,\"currency\":\"usd\"}", 400, "amount_too_large", "amount"),
                Arguments.of("{\"amount\":99999999999999999999999,\"currency\":\"usd\"}", 400, "parameter_invalid", "amount"),
                Arguments.of("{\"amount\":10.5,\"currency\":\"usd\"}", 400, "parameter_invalid", "amount"),
                Arguments.of("{\"amount\":\"100\",\"currency\":\"usd\"}", 400, "parameter_invalid", "amount"),
                Arguments.of("{\"amount\":100}", 400, "parameter_missing", "currency"),
                Arguments.of("{\"amount\":100,\"currency\":\"xyz\"}", 400, "invalid_currency", "currency"),
                Arguments.of("{\"amount\":100,\"currency\":\"dollars\"}", 400, "invalid_currency", "currency"),
                Arguments.of("{\"amount\":100,\"currency\":\"usd\",\"capture_method\":\"later\"}", 400, "parameter_invalid", "capture_method"),
                Arguments.of("{\"amount\":100,\"currency\":\"usd\",\"confirm\":\"yes\"}", 400, "parameter_invalid", "confirm"),
                Arguments.of("{\"amount\":100,\"currency\":\"usd\",\"tip\":5}", 400, "parameter_unknown", "tip"),
                Arguments.of("{\"amount\":100,\"currency\":\"usd\",\"metadata\":{\"k\":[1]}}", 400, "parameter_invalid", "metadata[k]"),
                Arguments.of("{\"amount\":100,\"currency\":\"usd\",\"return_url\":\"javascript:alert(1)\"}", 400, "parameter_invalid", "return_url"),
                Arguments.of("{\"amount\":100,\"currency\":\"usd\",\"customer\":\"cus_nope\"}", 404, "resource_missing", "customer"),
                Arguments.of("{\"amount\":100,\"currency\":\"usd\",\"payment_method\":\"pm_nope\"}", 404, "resource_missing", "payment_method"),
                Arguments.of("{\"amount\":100,", 400, "invalid_json", null));
    }

    @ParameterizedTest(name = "create payment intent: {0}")
    @MethodSource("badIntents")
    void createRefusesBadInput(String body, int status, String code, String param) {
        assertRefused(api.post("/v1/payment_intents", account.testKey(), body), status, code, param);
    }

    @Test
    void anotherAccountsObjectsAre404AndUntouched() {
        assertRefused(api.post("/v1/payment_intents", account.testKey(),
                "{\"amount\":100,\"currency\":\"usd\",\"customer\":\"" + othersCustomer + "\"}"), 404, "resource_missing", "customer");
        assertRefused(api.post("/v1/payment_intents", account.testKey(),
                "{\"amount\":100,\"currency\":\"usd\",\"payment_method\":\"" + othersMethod + "\",\"confirm\":true}"),
                404, "resource_missing", "payment_method");
        assertRefused(api.get("/v1/payment_intents/" + othersIntent, account.testKey()), 404, "resource_missing", "id");
        assertRefused(api.post("/v1/payment_intents/" + othersIntent + "/confirm", account.testKey(),
                "{\"payment_method\":\"" + method + "\"}"), 404, "resource_missing", "id");
        assertRefused(api.post("/v1/payment_intents/" + othersIntent + "/cancel", account.testKey(), "{}"), 404, "resource_missing", "id");
        assertRefused(api.post("/v1/payment_intents/" + othersIntent + "/capture", account.testKey(), "{}"), 404, "resource_missing", "id");
        assertRefused(api.get("/v1/payment_methods/" + othersMethod, account.testKey()), 404, "resource_missing", "id");
        assertRefused(api.post("/v1/payment_methods/" + othersMethod + "/attach", account.testKey(),
                "{\"customer\":\"" + othersCustomer + "\"}"), 404, "resource_missing", "customer");
        assertRefused(api.get("/v1/customers/" + othersCustomer + "/payment_methods", account.testKey()), 404, "resource_missing", "customer");
        assertThat(api.get("/v1/payment_intents/" + othersIntent, other.testKey()).text("status")).isEqualTo("requires_payment_method");
    }

    @Test
    void confirmAndCaptureRefuseBadInput() {
        String intent = api.post("/v1/payment_intents", account.testKey(), "{\"amount\":100,\"currency\":\"usd\"}").text("id");
        snapshot = snapshot();
        assertRefused(api.post("/v1/payment_intents/" + intent + "/confirm", account.testKey(), "{}"),
                400, "payment_method_missing", "payment_method");
        assertRefused(api.post("/v1/payment_intents/" + intent + "/confirm", account.testKey(), "{\"payment_method\":5}"),
                400, "parameter_invalid", "payment_method");
        assertRefused(api.post("/v1/payment_intents/" + intent + "/capture", account.testKey(), "{\"amount_to_capture\":50}"),
                409, "payment_intent_unexpected_state", null);
        assertRefused(api.post("/v1/payment_intents/" + intent + "/cancel", account.testKey(), "{\"cancellation_reason\":\"bored\"}"),
                400, "parameter_invalid", "cancellation_reason");
    }

    static Stream<Arguments> badCards() {
        return Stream.of(
                Arguments.of("{\"type\":\"card\",\"card\":{\"number\":\"4242424242424241\",\"exp_month\":12,\"exp_year\":2034,\"cvc\":\"123\"}}",
                        "invalid_number", "card[number]"),
                Arguments.of("{\"type\":\"card\",\"card\":{\"number\":\"42abc\",\"exp_month\":12,\"exp_year\":2034,\"cvc\":\"123\"}}",
                        "invalid_number", "card[number]"),
                Arguments.of("{\"type\":\"card\",\"card\":{\"number\":\"4242424242424242\",\"exp_month\":13,\"exp_year\":2034,\"cvc\":\"123\"}}",
                        "invalid_expiry_month", "card[exp_month]"),
                Arguments.of("{\"type\":\"card\",\"card\":{\"number\":\"4242424242424242\",\"exp_month\":1,\"exp_year\":2020,\"cvc\":\"123\"}}",
                        "invalid_expiry_year", "card[exp_year]"),
                Arguments.of("{\"type\":\"card\",\"card\":{\"number\":\"4242424242424242\",\"exp_month\":12,\"exp_year\":2034,\"cvc\":\"1\"}}",
                        "invalid_cvc", "card[cvc]"),
                Arguments.of("{\"type\":\"card\",\"card\":{\"exp_month\":12,\"exp_year\":2034,\"cvc\":\"123\"}}",
                        "parameter_missing", "card[number]"),
                Arguments.of("{\"type\":\"card\",\"card\":{\"number\":4242424242424242,\"exp_month\":12,\"exp_year\":2034,\"cvc\":\"123\"}}",
                        "parameter_invalid", "card[number]"),
                Arguments.of("{\"type\":\"card\",\"card\":{\"number\":\"4242424242424242\",\"exp_month\":\"12\",\"exp_year\":2034,\"cvc\":\"123\"}}",
                        "parameter_invalid", "card[exp_month]"),
                Arguments.of("{\"type\":\"card\",\"card\":{\"number\":\"4242424242424242\",\"exp_month\":12,\"exp_year\":2034,\"cvc\":\"123\",\"pin\":\"1\"}}",
                        "parameter_unknown", "card[pin]"),
                Arguments.of("{\"type\":\"sepa_debit\"}", "parameter_invalid", "type"),
                Arguments.of("{\"card\":{}}", "parameter_missing", "type"),
                Arguments.of("{\"type\":\"card\"}", "parameter_missing", "card"));
    }

    @ParameterizedTest(name = "create payment method: {0}")
    @MethodSource("badCards")
    void paymentMethodsRefuseBadCards(String body, String code, String param) {
        assertRefused(api.post("/v1/payment_methods", account.testKey(), body), 400, code, param);
    }

    @Test
    void liveModeRefusesRawCardData() {
        String before = snapshot(other);
        Api.Response refused = api.post("/v1/payment_methods", other.liveKey(),
                "{\"type\":\"card\",\"card\":{\"number\":\"4242424242424242\",\"exp_month\":12,\"exp_year\":2034,\"cvc\":\"123\"}}");
        assertProblem(refused, 400, "live_mode_card_data", "card[number]");
        assertThat(snapshot(other)).isEqualTo(before);
    }

    private void assertRefused(Api.Response response, int status, String code, String param) {
        if (param == null) {
            assertProblem(response, status, code);
        } else {
            assertProblem(response, status, code, param);
        }
        assertThat(snapshot()).as("nothing written").isEqualTo(snapshot);
    }

    private String snapshot() {
        return snapshot(account);
    }

    private String snapshot(Api.Account whose) {
        return jdbc.sql("""
                SELECT (SELECT count(*) FROM payments_intents WHERE account_id = :a) || '/' ||
                       (SELECT count(*) FROM payments_charges WHERE account_id = :a) || '/' ||
                       (SELECT count(*) FROM payments_methods WHERE account_id = :a) || '/' ||
                       (SELECT count(*) FROM payments_methods WHERE account_id = :a AND customer_id IS NOT NULL) || '/' ||
                       (SELECT count(*) FROM ledger_entries WHERE account_id = :a) || '/' ||
                       (SELECT count(*) FROM events_outbox WHERE account_id = :a) || '/' ||
                       coalesce((SELECT string_agg(status, ',' ORDER BY id) FROM payments_intents WHERE account_id = :a), '')""")
                .param("a", whose.id()).query(String.class).single();
    }
}
