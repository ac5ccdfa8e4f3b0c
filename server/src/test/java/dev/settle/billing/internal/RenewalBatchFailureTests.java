package dev.settle.billing.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.settle.support.Api;
import dev.settle.support.Payments;
import dev.settle.support.SettleTest;

/**
 * The failure mode of renewing a batch in one transaction: one subscription that cannot be
 * renewed fails the batch's transaction, and must hold up no other. The batch is then renewed one
 * by one; the bad one is left due (tried again on the next pass), the others renewed once.
 */
@SettleTest
class RenewalBatchFailureTests {

    @Autowired
    Api api;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    BillingPasses passes;

    @Test
    void oneBadSubscriptionHoldsUpNoOtherInItsBatch() {
        Api.Account account = api.newAccount();
        String key = account.testKey();
        Instant start = Instant.parse("2027-05-10T00:00:00Z");
        String clock = api.post("/v1/test_helpers/test_clocks", key, "{\"frozen_time\":" + start.getEpochSecond() + "}").text("id");
        String product = api.post("/v1/products", key, "{\"name\":\"Batch\"}").text("id");
        String price = api.post("/v1/prices", key, "{\"product\":\"" + product
                + "\",\"currency\":\"usd\",\"unit_amount\":800,\"recurring\":{\"interval\":\"month\"}}").text("id");
        List<String> subscriptions = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String customer = api.post("/v1/customers", key, "{\"test_clock\":\"" + clock + "\"}").text("id");
            String method = Payments.paymentMethod(api, key, Payments.SUCCESS);
            api.post("/v1/payment_methods/" + method + "/attach", key, "{\"customer\":\"" + customer + "\",\"default_for_customer\":true}");
            subscriptions.add(api.post("/v1/subscriptions", key, "{\"customer\":\"" + customer + "\",\"items\":[{\"price\":\"" + price
                    + "\"}]}").text("id"));
        }
        // The third one's item now names a price that does not exist: its renewal fails.
        String bad = subscriptions.get(2);
        jdbc.sql("UPDATE billing_subscription_items SET price_id = 'price_gone' WHERE subscription_id = :sub").param("sub", bad).update();

        Instant periodEnd = Instant.parse("2027-06-10T00:00:00Z");
        jdbc.sql("UPDATE billing_test_clocks SET frozen_time = :at WHERE id = :id").param("at", Timestamp.from(periodEnd)).param("id", clock).update();
        // The four good ones: invoice.upcoming (due seven days before, not sent yet), then the renewal.
        assertThat(passes.run(new Scope(clock, periodEnd))).isEqualTo(8);
        Instant hourLater = periodEnd.plus(Duration.ofHours(1));
        passes.run(new Scope(clock, hourLater));

        for (String sub : subscriptions) {
            List<String> cycle = jdbc.sql("SELECT status FROM billing_invoices WHERE subscription_id = :sub AND billing_reason = 'subscription_cycle'")
                    .param("sub", sub).query(String.class).list();
            if (sub.equals(bad)) {
                assertThat(cycle).as("the bad one is not renewed").isEmpty();
                assertThat(jdbc.sql("SELECT next_action_at FROM billing_subscriptions WHERE id = :sub").param("sub", sub)
                        .query(Timestamp.class).single().toInstant()).as("and stays due").isBeforeOrEqualTo(periodEnd);
            } else {
                assertThat(cycle).as(sub).containsExactly("paid");
            }
        }
    }
}
