package dev.settle.billing;

import static dev.settle.support.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.settle.support.Api;
import dev.settle.support.Payments;
import dev.settle.support.SettleTest;
import tools.jackson.databind.JsonNode;

/** A trial ending without a payment method (trial_settings.end_behavior), the paused status, and resuming. */
@SettleTest
class SubscriptionPauseTests {

    private static final Instant START = Instant.parse("2027-04-01T00:00:00Z");
    private static final Instant TRIAL_END = Instant.parse("2027-04-06T00:00:00Z");

    @Autowired
    Api api;

    private record Fixture(String key, String clock, String customer, String subscription) {
    }

    /** A customer on a clock at Apr 1 without a card, on a five-day trial of 20.00 a month (ends Apr 6). */
    private Fixture trial(String missingPaymentMethod) {
        String key = api.newAccount().testKey();
        String clock = Billing.clock(api, key, START);
        String customer = api.post("/v1/customers", key, "{\"test_clock\":\"" + clock + "\"}").text("id");
        String price = Billing.price(api, key, "usd", 2000, "month");
        Api.Response created = api.post("/v1/subscriptions", key, """
                {"customer":"%s","items":[{"price":"%s"}],"trial_period_days":5,
                 "trial_settings":{"end_behavior":{"missing_payment_method":"%s"}}}""".formatted(customer, price, missingPaymentMethod));
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        assertThat(created.text("status")).isEqualTo("trialing");
        return new Fixture(key, clock, customer, created.text("id"));
    }

    @Test
    void aTrialEndingWithoutACardPausesAndResumingNowStartsAWholePeriod() {
        Fixture f = trial("pause");
        Billing.advance(api, f.key(), f.clock(), Instant.parse("2027-04-07T00:00:00Z"));
        Api.Response paused = api.get("/v1/subscriptions/" + f.subscription(), f.key());
        assertThat(paused.text("status")).isEqualTo("paused");
        assertThat(Billing.invoices(api, f.key(), f.subscription())).as("only the trial's 0.00 invoice").hasSize(1);
        assertThat(Billing.events(api, f.key(), "customer.subscription.paused", 1)).singleElement()
                .satisfies(e -> assertThat(e.path("created").asLong()).isEqualTo(TRIAL_END.getEpochSecond()));
        // Paused stays paused: a month later still no invoice.
        Billing.advance(api, f.key(), f.clock(), Instant.parse("2027-05-10T00:00:00Z"));
        assertThat(Billing.invoices(api, f.key(), f.subscription())).hasSize(1);

        Billing.attachDefault(api, f.key(), f.customer(), Payments.SUCCESS);
        Api.Response resumed = api.post("/v1/subscriptions/" + f.subscription() + "/resume", f.key(), "{}");
        assertThat(resumed.status()).as(resumed.toString()).isEqualTo(200);
        // billing_cycle_anchor now: May 10 → Jun 10, the whole 20.00 invoiced and charged at once.
        Instant now = Instant.parse("2027-05-10T00:00:00Z");
        assertThat(resumed.text("status")).isEqualTo("active");
        assertThat(resumed.json().path("billing_cycle_anchor").asLong()).isEqualTo(now.getEpochSecond());
        assertThat(resumed.json().path("current_period_end").asLong()).isEqualTo(Instant.parse("2027-06-10T00:00:00Z").getEpochSecond());
        List<JsonNode> invoices = Billing.invoices(api, f.key(), f.subscription());
        assertThat(invoices).hasSize(2);
        assertThat(invoices.get(1).path("amount_paid").asLong()).isEqualTo(2000);
        assertThat(invoices.get(1).path("status").asString()).isEqualTo("paid");
        assertThat(Billing.events(api, f.key(), "customer.subscription.resumed", 1)).singleElement()
                .satisfies(e -> assertThat(e.path("created").asLong()).isEqualTo(now.getEpochSecond()));
        assertProblem(api.post("/v1/subscriptions/" + f.subscription() + "/resume", f.key(), "{}"), 409, "subscription_unexpected_state");
    }

    @Test
    void resumingUnchangedKeepsTheAnchorAndProratesTheRestOfThePeriodIntoTheNextInvoice() {
        Fixture f = trial("pause");
        Instant now = Instant.parse("2027-04-16T00:00:00Z");
        Billing.advance(api, f.key(), f.clock(), now);
        Billing.attachDefault(api, f.key(), f.customer(), Payments.SUCCESS);
        Api.Response resumed = api.post("/v1/subscriptions/" + f.subscription() + "/resume", f.key(),
                "{\"billing_cycle_anchor\":\"unchanged\"}");
        assertThat(resumed.status()).as(resumed.toString()).isEqualTo(200);
        assertThat(resumed.text("status")).isEqualTo("active");
        // The anchor stays Apr 6: the period Apr 6 → May 6 (30 days), of which Apr 16 → May 6 (20 days) is left.
        assertThat(resumed.json().path("current_period_start").asLong()).isEqualTo(TRIAL_END.getEpochSecond());
        assertThat(resumed.json().path("current_period_end").asLong()).isEqualTo(Instant.parse("2027-05-06T00:00:00Z").getEpochSecond());
        assertThat(Billing.invoices(api, f.key(), f.subscription())).as("nothing invoiced now").hasSize(1);

        Billing.advance(api, f.key(), f.clock(), Instant.parse("2027-05-06T02:00:00Z"));
        List<JsonNode> invoices = Billing.invoices(api, f.key(), f.subscription());
        assertThat(invoices).hasSize(2);
        // 2000 × 20 / 30 = 1333.33 → 1333 for the rest of Apr 6 → May 6, plus 2000 for May 6 → Jun 6: 3333.
        assertThat(invoices.get(1).path("total").asLong()).isEqualTo(3333);
        assertThat(invoices.get(1).path("amount_paid").asLong()).isEqualTo(3333);
        assertThat(invoices.get(1).path("period_start").asLong()).isEqualTo(Instant.parse("2027-05-06T00:00:00Z").getEpochSecond());
    }

    @Test
    void cancelEndsTheSubscriptionAtTheTrialsEndAndACardLetsTheTrialConvert() {
        Fixture f = trial("cancel");
        Billing.advance(api, f.key(), f.clock(), Instant.parse("2027-04-07T00:00:00Z"));
        Api.Response canceled = api.get("/v1/subscriptions/" + f.subscription(), f.key());
        assertThat(canceled.text("status")).isEqualTo("canceled");
        assertThat(canceled.json().path("ended_at").asLong()).isEqualTo(TRIAL_END.getEpochSecond());
        assertThat(Billing.invoices(api, f.key(), f.subscription())).hasSize(1);

        // With a card the end behavior does not apply: the trial converts and 20.00 is charged.
        Fixture withCard = trial("pause");
        Billing.attachDefault(api, withCard.key(), withCard.customer(), Payments.SUCCESS);
        Billing.advance(api, withCard.key(), withCard.clock(), Instant.parse("2027-04-07T00:00:00Z"));
        assertThat(api.get("/v1/subscriptions/" + withCard.subscription(), withCard.key()).text("status")).isEqualTo("active");
        assertThat(Billing.invoices(api, withCard.key(), withCard.subscription()).get(1).path("amount_paid").asLong()).isEqualTo(2000);
    }
}
