package dev.settle.billing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.settle.support.Api;
import dev.settle.support.Payments;
import dev.settle.support.SettleTest;
import tools.jackson.databind.JsonNode;

/** {@code GET /v1/customers/{id}/credit_balance}: the balance finalized invoices leave, per currency; others' customers are 404. */
@SettleTest
class CreditBalanceApiTests {

    @Autowired
    Api api;

    @Test
    void aDowngradesCreditIsTheCustomersBalanceUntilTheNextInvoiceConsumesIt() {
        Api.Account account = api.newAccount();
        String key = account.testKey();
        String clock = Billing.clock(api, key, Instant.parse("2027-04-01T00:00:00Z"));
        String customer = Billing.customer(api, key, clock, Payments.SUCCESS);
        assertThat(api.get("/v1/customers/" + customer + "/credit_balance", key).json().path("balances").isEmpty())
                .as("never invoiced").isTrue();
        String basic = Billing.price(api, key, "usd", 1000, "month");
        String pro = Billing.price(api, key, "usd", 3000, "month");
        String sub = api.post("/v1/subscriptions", key, "{\"customer\":\"" + customer + "\",\"items\":[{\"price\":\"" + pro + "\"}]}")
                .text("id");
        Billing.advance(api, key, clock, Instant.parse("2027-04-11T00:00:00Z"));
        api.post("/v1/subscriptions/" + sub, key, "{\"items\":[{\"price\":\"" + basic + "\"}],\"proration_behavior\":\"always_invoice\"}");

        JsonNode balance = api.get("/v1/customers/" + customer + "/credit_balance", key).json();
        assertThat(balance.path("object").asString()).isEqualTo("customer_credit_balance");
        assertThat(balance.path("customer").asString()).isEqualTo(customer);
        assertThat(balance.path("balances").path("usd").asLong()).as("the −13.33 the downgrade invoice left").isEqualTo(-1333);
        JsonNode credit = Billing.invoices(api, key, sub).getLast();
        assertThat(balance.path("balances").path("usd").asLong()).isEqualTo(credit.path("ending_balance").asLong());

        Billing.advance(api, key, clock, Instant.parse("2027-05-01T02:00:00Z"));
        assertThat(api.get("/v1/customers/" + customer + "/credit_balance", key).json().path("balances").path("usd").asLong())
                .as("May's 10.00 consumed 10.00 of it").isEqualTo(-333);

        Api.Account other = api.newAccount();
        Api.Response foreign = api.get("/v1/customers/" + customer + "/credit_balance", other.testKey());
        assertThat(foreign.status()).isEqualTo(404);
        assertThat(foreign.text("code")).isEqualTo("resource_missing");
        assertThat(api.get("/v1/customers/" + customer + "/credit_balance", account.liveKey()).status()).as("the other mode").isEqualTo(404);
    }
}
