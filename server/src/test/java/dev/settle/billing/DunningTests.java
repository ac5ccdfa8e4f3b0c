package dev.settle.billing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.settle.support.Api;
import dev.settle.support.Payments;
import dev.settle.support.SettleTest;
import tools.jackson.databind.JsonNode;

/** A failing card on a test clock: retries on the account's schedule, then cancel or unpaid; a new card pays at once. */
@SettleTest
class DunningTests {

    @Autowired
    Api api;

    private static long at(String time) {
        return Instant.parse(time).getEpochSecond();
    }

    @Test
    void retriesOnDays3And5And7ThenCancelsWithoutCuttingPaidTime() {
        Api.Account account = api.newAccount();
        String key = account.testKey();
        String clock = Billing.clock(api, key, Instant.parse("2027-03-01T00:00:00Z"));
        String customer = Billing.customer(api, key, clock, Payments.SUCCESS);
        String price = Billing.price(api, key, "usd", 2000, "month");
        Api.Response sub = api.post("/v1/subscriptions", key, "{\"customer\":\"" + customer + "\",\"items\":[{\"price\":\"" + price + "\"}]}");
        assertThat(sub.text("status")).as(sub.toString()).isEqualTo("active");
        // March is paid; from April the card declines.
        Billing.attachDefault(api, key, customer, Payments.DECLINE);

        // One advance covers the renewal (Apr 1 00:00), its finalization and first attempt (01:00),
        // and the retries 3, 5 and 7 days after that first failure, each at its own time, in order.
        Billing.advance(api, key, clock, Instant.parse("2027-04-08T02:00:00Z"));

        List<JsonNode> invoices = Billing.invoices(api, key, sub.text("id"));
        JsonNode april = invoices.get(1);
        assertThat(april.path("status").asString()).isEqualTo("open");
        assertThat(april.path("attempt_count").asInt()).isEqualTo(4);
        assertThat(april.path("amount_remaining").asLong()).isEqualTo(2000);
        assertThat(april.path("next_payment_attempt").isNull()).isTrue();
        List<JsonNode> failures = Billing.events(api, key, "invoice.payment_failed", 4);
        assertThat(failures).extracting(e -> e.path("created").asLong()).containsExactly(at("2027-04-01T01:00:00Z"),
                at("2027-04-04T01:00:00Z"), at("2027-04-06T01:00:00Z"), at("2027-04-08T01:00:00Z"));

        Api.Response canceled = api.get("/v1/subscriptions/" + sub.text("id"), key);
        assertThat(canceled.text("status")).isEqualTo("canceled");
        assertThat(canceled.json().path("ended_at").asLong()).isEqualTo(at("2027-04-08T01:00:00Z"));
        // The paid period (March) was served whole: the subscription ended after it, during the unpaid one.
        assertThat(canceled.json().path("ended_at").asLong()).isGreaterThanOrEqualTo(invoices.get(0).path("period_end").asLong());
        List<String> statuses = Billing.events(api, key, "customer.subscription.*", 4).stream()
                .map(e -> e.path("type").asString() + ":" + e.path("data").path("object").path("status").asString()).toList();
        assertThat(statuses).contains("customer.subscription.updated:past_due", "customer.subscription.deleted:canceled");
    }

    @Test
    void aNewCardMidDunningPaysTheOpenInvoiceAtOnceAndUnpaidIsTheOtherEnding() {
        Api.Account account = api.newAccount();
        String key = account.testKey();
        Api.Response settings = api.post("/v1/billing/settings", key, "{\"retry_days\":[2,4],\"after_final_retry\":\"unpaid\"}");
        assertThat(settings.status()).as(settings.toString()).isEqualTo(200);
        String clock = Billing.clock(api, key, Instant.parse("2027-03-01T00:00:00Z"));
        String paying = Billing.customer(api, key, clock, Payments.SUCCESS);
        String unpaying = Billing.customer(api, key, clock, Payments.SUCCESS);
        String price = Billing.price(api, key, "usd", 2000, "month");
        String subPaying = api.post("/v1/subscriptions", key, "{\"customer\":\"" + paying + "\",\"items\":[{\"price\":\"" + price + "\"}]}").text("id");
        String subUnpaying = api.post("/v1/subscriptions", key, "{\"customer\":\"" + unpaying + "\",\"items\":[{\"price\":\"" + price + "\"}]}").text("id");
        Billing.attachDefault(api, key, paying, Payments.INSUFFICIENT_FUNDS);
        Billing.attachDefault(api, key, unpaying, Payments.DECLINE);

        // First failure Apr 1 01:00, retry 2 days later (Apr 3 01:00) fails too.
        Billing.advance(api, key, clock, Instant.parse("2027-04-03T12:00:00Z"));
        assertThat(api.get("/v1/subscriptions/" + subPaying, key).text("status")).isEqualTo("past_due");
        assertThat(Billing.invoices(api, key, subPaying).get(1).path("attempt_count").asInt()).isEqualTo(2);

        // A new default card pays the open invoice at once, at the clock's time, without waiting for Apr 5.
        Billing.attachDefault(api, key, paying, Payments.SUCCESS);
        JsonNode paid = Billing.invoices(api, key, subPaying).get(1);
        assertThat(paid.path("status").asString()).isEqualTo("paid");
        assertThat(paid.path("attempt_count").asInt()).isEqualTo(3);
        assertThat(paid.path("amount_paid").asLong()).isEqualTo(2000);
        assertThat(paid.path("paid_at").asLong()).isEqualTo(at("2027-04-03T12:00:00Z"));
        Api.Response active = api.get("/v1/subscriptions/" + subPaying, key);
        assertThat(active.text("status")).isEqualTo("active");
        assertThat(active.json().path("current_period_end").asLong()).as("the period is not cut").isEqualTo(at("2027-05-01T00:00:00Z"));

        // The other customer's last retry (Apr 5 01:00) fails: unpaid, per the account's setting.
        Billing.advance(api, key, clock, Instant.parse("2027-04-06T00:00:00Z"));
        assertThat(api.get("/v1/subscriptions/" + subUnpaying, key).text("status")).isEqualTo("unpaid");
        assertThat(Billing.invoices(api, key, subUnpaying).get(1).path("attempt_count").asInt()).isEqualTo(3);
        assertThat(api.get("/v1/subscriptions/" + subPaying, key).text("status")).isEqualTo("active");
    }

    @Test
    void aDeclinedFirstInvoiceLeavesTheSubscriptionIncompleteUntilANewCardOrExpiry() {
        Api.Account account = api.newAccount();
        String key = account.testKey();
        String clock = Billing.clock(api, key, Instant.parse("2027-03-01T00:00:00Z"));
        String price = Billing.price(api, key, "usd", 2000, "month");
        String rescued = Billing.customer(api, key, clock, Payments.DECLINE);
        String abandoned = Billing.customer(api, key, clock, Payments.DECLINE);
        Api.Response first = api.post("/v1/subscriptions", key, "{\"customer\":\"" + rescued + "\",\"items\":[{\"price\":\"" + price + "\"}]}");
        Api.Response second = api.post("/v1/subscriptions", key, "{\"customer\":\"" + abandoned + "\",\"items\":[{\"price\":\"" + price + "\"}]}");
        assertThat(first.text("status")).as(first.toString()).isEqualTo("incomplete");
        assertThat(second.text("status")).isEqualTo("incomplete");

        // A new card pays the first invoice at once: active.
        Billing.attachDefault(api, key, rescued, Payments.SUCCESS);
        assertThat(api.get("/v1/subscriptions/" + first.text("id"), key).text("status")).isEqualTo("active");
        assertThat(Billing.invoices(api, key, first.text("id")).get(0).path("status").asString()).isEqualTo("paid");

        // 23 hours without one: incomplete_expired, its invoice voided (nothing left receivable), nothing renewed later.
        Billing.advance(api, key, clock, Instant.parse("2027-03-02T00:00:00Z"));
        Api.Response expired = api.get("/v1/subscriptions/" + second.text("id"), key);
        assertThat(expired.text("status")).isEqualTo("incomplete_expired");
        assertThat(Billing.invoices(api, key, second.text("id"))).extracting(i -> i.path("status").asString()).containsExactly("void");
        Billing.advance(api, key, clock, Instant.parse("2027-04-01T02:00:00Z"));
        assertThat(Billing.invoices(api, key, second.text("id"))).hasSize(1);
        assertThat(Billing.invoices(api, key, first.text("id"))).hasSize(2);
    }
}
