package dev.settle.payments;

import static dev.settle.support.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.settle.support.Api;
import dev.settle.support.Payments;
import dev.settle.support.SettleTest;

/** {@code GET /v1/payment_intents} by amount range and card last 4 (the dashboard's filters), and their bad values. */
@SettleTest
class PaymentIntentListFilterTests {

    @Autowired
    Api api;

    private List<String> ids(String query, Api.Account account) {
        Api.Response list = api.get("/v1/payment_intents?" + query, account.testKey());
        assertThat(list.status()).as(list.toString()).isEqualTo(200);
        return list.json().path("data").valueStream().map(p -> p.path("id").asString()).toList();
    }

    @Test
    void filtersByAmountRangeAndLast4() {
        Api.Account account = api.newAccount();
        String small = Payments.pay(api, account.testKey(), "4242424242424242", 500, "usd", "automatic").text("id");
        String large = Payments.pay(api, account.testKey(), "5555555555554444", 90_000, "usd", "automatic").text("id");
        assertThat(ids("amount[gte]=500&amount[lte]=500", account)).containsExactly(small);
        assertThat(ids("amount[gte]=501", account)).containsExactly(large);
        assertThat(ids("last4=4444", account)).containsExactly(large);
        assertThat(ids("last4=4242&amount[lte]=1000", account)).containsExactly(small);
        assertThat(ids("last4=0000", account)).isEmpty();
        Api.Account other = api.newAccount();
        assertThat(ids("last4=4444", other)).as("another account's cards").isEmpty();
    }

    @Test
    void badFilterValuesAre400sNamingTheParameter() {
        Api.Account account = api.newAccount();
        assertProblem(api.get("/v1/payment_intents?amount[gte]=-1", account.testKey()), 400, "parameter_invalid", "amount[gte]");
        assertProblem(api.get("/v1/payment_intents?amount[lte]=1.5", account.testKey()), 400, "parameter_invalid", "amount[lte]");
        assertProblem(api.get("/v1/payment_intents?amount[lte]=99999999999999999999", account.testKey()), 400, "parameter_invalid",
                "amount[lte]");
        assertProblem(api.get("/v1/payment_intents?last4=42a2", account.testKey()), 400, "parameter_invalid", "last4");
        assertProblem(api.get("/v1/payment_intents?last4=12345", account.testKey()), 400, "parameter_invalid", "last4");
    }
}
