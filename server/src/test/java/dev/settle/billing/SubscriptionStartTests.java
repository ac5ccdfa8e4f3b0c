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

/** How a subscription's first period runs: an explicit billing_cycle_anchor, or the price's own trial. */
@SettleTest
class SubscriptionStartTests {

    @Autowired
    Api api;

    @Test
    void anExplicitAnchorProratesTheFirstPeriodAndLaterPeriodsFollowItsMonthEnds() {
        String key = api.newAccount().testKey();
        Instant start = Instant.parse("2027-01-20T00:00:00Z");
        String clock = Billing.clock(api, key, start);
        String customer = Billing.customer(api, key, clock, Payments.SUCCESS);
        String price = Billing.price(api, key, "usd", 3000, "month");
        Instant anchor = Instant.parse("2027-01-31T00:00:00Z");
        Api.Response created = api.post("/v1/subscriptions", key, """
                {"customer":"%s","items":[{"price":"%s"}],"billing_cycle_anchor":%d}""".formatted(customer, price, anchor.getEpochSecond()));
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        assertThat(created.text("status")).isEqualTo("active");
        assertThat(created.json().path("billing_cycle_anchor").asLong()).isEqualTo(anchor.getEpochSecond());
        assertThat(created.json().path("current_period_start").asLong()).isEqualTo(start.getEpochSecond());
        assertThat(created.json().path("current_period_end").asLong()).isEqualTo(anchor.getEpochSecond());

        // Two months on (the most one advance may go): renewals at Jan 31 and at Feb 28.
        Billing.advance(api, key, clock, Instant.parse("2027-03-01T00:00:00Z"));
        List<JsonNode> invoices = Billing.invoices(api, key, created.text("id"));
        assertThat(invoices).hasSize(3).allSatisfy(i -> assertThat(i.path("status").asString()).isEqualTo("paid"));
        // The whole period before the anchor is Dec 31 → Jan 31 (31 days); Jan 20 → Jan 31 is 11 of them:
        // 3000 × 11 / 31 = 1064.52 → 1065.
        JsonNode first = invoices.get(0);
        assertThat(first.path("total").asLong()).isEqualTo(1065);
        assertThat(first.path("amount_paid").asLong()).isEqualTo(1065);
        assertThat(first.path("lines").path("data").get(0).path("proration").asBoolean()).isTrue();
        assertThat(first.path("period_end").asLong()).isEqualTo(anchor.getEpochSecond());
        // Then whole months from the anchor, month ends following the calendar: Jan 31 → Feb 28 → Mar 31.
        assertThat(invoices.subList(1, 3)).extracting(i -> Instant.ofEpochSecond(i.path("period_start").asLong()).toString() + " "
                + Instant.ofEpochSecond(i.path("period_end").asLong()) + " " + i.path("amount_paid").asLong())
                .containsExactly("2027-01-31T00:00:00Z 2027-02-28T00:00:00Z 3000", "2027-02-28T00:00:00Z 2027-03-31T00:00:00Z 3000");
        Api.Response now = api.get("/v1/subscriptions/" + created.text("id"), key);
        assertThat(now.json().path("current_period_end").asLong()).isEqualTo(Instant.parse("2027-03-31T00:00:00Z").getEpochSecond());
    }

    @Test
    void aChangeInTheShortFirstPeriodIsProratedAgainstTheWholePeriodEndingAtTheAnchor() {
        String key = api.newAccount().testKey();
        Instant start = Instant.parse("2027-01-20T00:00:00Z");
        String clock = Billing.clock(api, key, start);
        String customer = Billing.customer(api, key, clock, Payments.SUCCESS);
        String small = Billing.price(api, key, "usd", 3000, "month");
        String large = Billing.price(api, key, "usd", 6200, "month");
        Api.Response created = api.post("/v1/subscriptions", key, """
                {"customer":"%s","items":[{"price":"%s"}],"billing_cycle_anchor":%d}"""
                .formatted(customer, small, Instant.parse("2027-01-31T00:00:00Z").getEpochSecond()));
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        Api.Response changed = api.post("/v1/subscriptions/" + created.text("id"), key, """
                {"items":[{"price":"%s"}],"proration_behavior":"always_invoice"}""".formatted(large));
        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
        // Whole period Dec 31 → Jan 31 (31 days), 11 left: −3000 × 11/31 = −1064.52 → −1065 (what the
        // first invoice charged) and +6200 × 11/31 = +2200: 1135.
        // Both invoices carry the clock's same instant: find the change's by its reason.
        List<JsonNode> updates = Billing.invoices(api, key, created.text("id")).stream()
                .filter(i -> i.path("billing_reason").asString().equals("subscription_update")).toList();
        assertThat(updates).hasSize(1);
        JsonNode update = updates.getFirst();
        assertThat(update.path("lines").path("data").valueStream().map(l -> l.path("amount").asLong()).toList())
                .containsExactlyInAnyOrder(-1065L, 2200L);
        assertThat(update.path("total").asLong()).isEqualTo(1135);
        assertThat(update.path("amount_paid").asLong()).isEqualTo(1135);
    }

    @Test
    void anAnchorWithoutProrationMakesTheFirstPeriodFree() {
        String key = api.newAccount().testKey();
        Instant start = Instant.parse("2027-05-10T12:00:00Z");
        String clock = Billing.clock(api, key, start);
        String customer = Billing.customer(api, key, clock, Payments.SUCCESS);
        String price = Billing.price(api, key, "eur", 2000, "month");
        Instant anchor = Instant.parse("2027-06-01T00:00:00Z");
        Api.Response created = api.post("/v1/subscriptions", key, """
                {"customer":"%s","items":[{"price":"%s","quantity":2}],"billing_cycle_anchor":%d,"proration_behavior":"none"}"""
                .formatted(customer, price, anchor.getEpochSecond()));
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        assertThat(created.text("status")).isEqualTo("active");
        Billing.advance(api, key, clock, Instant.parse("2027-06-01T02:00:00Z"));
        List<JsonNode> invoices = Billing.invoices(api, key, created.text("id"));
        // May 10 → Jun 1: nothing (0.00, paid at once, no payment intent); Jun 1 → Jul 1: 2 × 20.00 = 4000.
        assertThat(invoices).extracting(i -> i.path("total").asLong() + " " + i.path("status").asString())
                .containsExactly("0 paid", "4000 paid");
        assertThat(invoices.get(0).path("payment_intent").isNull()).isTrue();
        assertThat(invoices.get(1).path("period_end").asLong()).isEqualTo(Instant.parse("2027-07-01T00:00:00Z").getEpochSecond());
    }

    @Test
    void trialFromPlanTakesThePricesTrialPeriodDays() {
        String key = api.newAccount().testKey();
        Instant start = Instant.parse("2027-03-01T00:00:00Z");
        String clock = Billing.clock(api, key, start);
        String customer = Billing.customer(api, key, clock, Payments.SUCCESS);
        String product = api.post("/v1/products", key, "{\"name\":\"Plan\"}").text("id");
        Api.Response price = api.post("/v1/prices", key, """
                {"product":"%s","currency":"usd","unit_amount":1500,"recurring":{"interval":"month","trial_period_days":10}}"""
                .formatted(product));
        assertThat(price.status()).as(price.toString()).isEqualTo(200);
        assertThat(price.json().path("recurring").path("trial_period_days").asInt()).isEqualTo(10);
        assertThat(api.get("/v1/prices/" + price.text("id"), key).json().path("recurring").path("trial_period_days").asInt()).isEqualTo(10);

        Api.Response created = api.post("/v1/subscriptions", key, """
                {"customer":"%s","items":[{"price":"%s"}],"trial_from_plan":true}""".formatted(customer, price.text("id")));
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        assertThat(created.text("status")).isEqualTo("trialing");
        // Mar 1 + 10 days = Mar 11 00:00: the trial's end and the anchor.
        Instant trialEnd = Instant.parse("2027-03-11T00:00:00Z");
        assertThat(created.json().path("trial_end").asLong()).isEqualTo(trialEnd.getEpochSecond());
        assertThat(created.json().path("billing_cycle_anchor").asLong()).isEqualTo(trialEnd.getEpochSecond());

        // Without trial_from_plan the same price starts at once.
        String other = Billing.customer(api, key, clock, Payments.SUCCESS);
        Api.Response plain = api.post("/v1/subscriptions", key, """
                {"customer":"%s","items":[{"price":"%s"}]}""".formatted(other, price.text("id")));
        assertThat(plain.text("status")).isEqualTo("active");
        assertThat(Billing.invoices(api, key, plain.text("id")).get(0).path("amount_paid").asLong()).isEqualTo(1500);
    }
}
