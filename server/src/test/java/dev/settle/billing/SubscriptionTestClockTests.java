package dev.settle.billing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.settle.support.Api;
import dev.settle.support.Payments;
import dev.settle.support.SettleTest;
import tools.jackson.databind.JsonNode;

/** Subscriptions living through time on a test clock, through the public API only. */
@SettleTest
class SubscriptionTestClockTests {

    @Autowired
    Api api;

    @Test
    void fourteenDayTrialThenThreeMonthlyRenewals() {
        Api.Account account = api.newAccount();
        String key = account.testKey();
        Instant start = Instant.parse("2027-01-01T00:00:00Z");
        String clock = Billing.clock(api, key, start);
        String customer = Billing.customer(api, key, clock, Payments.SUCCESS);
        String price = Billing.price(api, key, "usd", 1000, "month");

        Api.Response created = api.post("/v1/subscriptions", key, """
                {"customer":"%s","items":[{"price":"%s"}],"trial_period_days":14}""".formatted(customer, price));
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        String sub = created.text("id");
        assertThat(created.text("status")).isEqualTo("trialing");
        // Trial: Jan 1 → Jan 15 (14 × 86,400 s), which becomes the billing cycle anchor.
        Instant trialEnd = Instant.parse("2027-01-15T00:00:00Z");
        assertThat(created.json().path("trial_end").asLong()).isEqualTo(trialEnd.getEpochSecond());
        assertThat(created.json().path("created").asLong()).as("the clock's time, not the wall clock's").isEqualTo(start.getEpochSecond());

        // Each renewal: the draft is made at the period start, finalized (and charged) one hour later.
        Instant[] periodStarts = {trialEnd, Instant.parse("2027-02-15T00:00:00Z"), Instant.parse("2027-03-15T00:00:00Z")};
        for (Instant periodStart : periodStarts) {
            Billing.advance(api, key, clock, periodStart.plus(Duration.ofHours(2)));
        }

        List<JsonNode> invoices = Billing.invoices(api, key, sub);
        // The trial's invoice: 0.00, paid at once, number 1.
        assertThat(invoices).hasSize(4);
        assertThat(invoices.get(0).path("billing_reason").asString()).isEqualTo("subscription_create");
        assertThat(invoices.get(0).path("total").asLong()).isZero();
        assertThat(invoices.get(0).path("status").asString()).isEqualTo("paid");
        String prefix = invoices.get(0).path("number").asString().substring(0, 8);
        assertThat(invoices.get(0).path("number").asString()).isEqualTo(prefix + "-000001");
        for (int i = 1; i <= 3; i++) {
            JsonNode invoice = invoices.get(i);
            Instant periodStart = periodStarts[i - 1];
            // 1 × 10.00 a month: subtotal = total = amount_due = amount_paid = 1000; nothing remains.
            assertThat(invoice.path("billing_reason").asString()).isEqualTo("subscription_cycle");
            assertThat(invoice.path("status").asString()).isEqualTo("paid");
            assertThat(invoice.path("total").asLong()).isEqualTo(1000);
            assertThat(invoice.path("amount_due").asLong()).isEqualTo(1000);
            assertThat(invoice.path("amount_paid").asLong()).isEqualTo(1000);
            assertThat(invoice.path("amount_remaining").asLong()).isZero();
            assertThat(invoice.path("number").asString()).isEqualTo(prefix + "-00000" + (i + 1));
            assertThat(invoice.path("period_start").asLong()).isEqualTo(periodStart.getEpochSecond());
            assertThat(invoice.path("created").asLong()).isEqualTo(periodStart.getEpochSecond());
            assertThat(invoice.path("finalized_at").asLong()).isEqualTo(periodStart.plus(Duration.ofHours(1)).getEpochSecond());
            assertThat(invoice.path("paid_at").asLong()).isEqualTo(periodStart.plus(Duration.ofHours(1)).getEpochSecond());
            assertThat(api.get("/v1/payment_intents/" + invoice.path("payment_intent").asString(), key).json()
                    .path("amount_received").asLong()).isEqualTo(1000);
        }
        // Feb 15 → Mar 15 → Apr 15: the calendar's months, counted from the anchor.
        assertThat(invoices.get(2).path("period_end").asLong()).isEqualTo(Instant.parse("2027-03-15T00:00:00Z").getEpochSecond());
        Api.Response now = api.get("/v1/subscriptions/" + sub, key);
        assertThat(now.text("status")).isEqualTo("active");
        assertThat(now.json().path("current_period_start").asLong()).isEqualTo(periodStarts[2].getEpochSecond());
        assertThat(now.json().path("current_period_end").asLong()).isEqualTo(Instant.parse("2027-04-15T00:00:00Z").getEpochSecond());

        // Three invoices finalized and three paid: six balanced ledger transactions of 10.00.
        List<JsonNode> finalized = api.get("/v1/balance_transactions?type=invoice", key).json().path("data").valueStream().toList();
        List<JsonNode> payments = api.get("/v1/balance_transactions?type=invoice_payment", key).json().path("data").valueStream().toList();
        assertThat(finalized).hasSize(3).allSatisfy(t -> assertThat(t.path("amount").asLong()).isEqualTo(1000));
        assertThat(payments).hasSize(3).allSatisfy(t -> assertThat(t.path("amount").asLong()).isEqualTo(1000));

        // Events carry the clock's time: invoice.paid at each period start + 1 h.
        List<JsonNode> paid = Billing.events(api, key, "invoice.paid", 4);
        assertThat(paid.stream().map(e -> e.path("created").asLong()).toList()).containsExactly(start.getEpochSecond(),
                periodStarts[0].plusSeconds(3600).getEpochSecond(), periodStarts[1].plusSeconds(3600).getEpochSecond(),
                periodStarts[2].plusSeconds(3600).getEpochSecond());
        assertThat(Billing.events(api, key, "test_helpers.test_clock.ready", 3)).hasSize(3);
        // invoice.upcoming seven days before each renewal after the first (Feb 8, Mar 8), with the invoice to come.
        List<JsonNode> upcoming = Billing.events(api, key, "invoice.upcoming", 2);
        assertThat(upcoming).extracting(e -> e.path("created").asLong()).containsExactly(
                Instant.parse("2027-02-08T00:00:00Z").getEpochSecond(), Instant.parse("2027-03-08T00:00:00Z").getEpochSecond());
        assertThat(upcoming).allSatisfy(e -> assertThat(e.path("data").path("object").path("amount_due").asLong()).isEqualTo(1000));
        // Three days before the trial ends (Jan 15 − 3 days = Jan 12 00:00), once.
        assertThat(Billing.events(api, key, "customer.subscription.trial_will_end", 1)).extracting(e -> e.path("created").asLong())
                .containsExactly(Instant.parse("2027-01-12T00:00:00Z").getEpochSecond());
    }

    @Test
    void januaryThirtyFirstRenewsOnFebruaryTheLastAndMarchThirtyFirst() {
        Api.Account account = api.newAccount();
        String key = account.testKey();
        Instant jan31 = Instant.parse("2028-01-31T12:00:00Z");
        String clock = Billing.clock(api, key, jan31);
        String customer = Billing.customer(api, key, clock, Payments.SUCCESS);
        String price = Billing.price(api, key, "eur", 2500, "month");
        Api.Response created = api.post("/v1/subscriptions", key, """
                {"customer":"%s","items":[{"price":"%s"}]}""".formatted(customer, price));
        assertThat(created.text("status")).as(created.toString()).isEqualTo("active");
        // 2028 is a leap year: Jan 31 → Feb 29 → Mar 31 (counted from the anchor, not from Feb 29).
        assertThat(created.json().path("current_period_end").asLong()).isEqualTo(Instant.parse("2028-02-29T12:00:00Z").getEpochSecond());
        Billing.advance(api, key, clock, Instant.parse("2028-03-01T00:00:00Z"));
        Billing.advance(api, key, clock, Instant.parse("2028-04-01T00:00:00Z"));
        List<JsonNode> invoices = Billing.invoices(api, key, created.text("id"));
        assertThat(invoices).extracting(i -> Instant.ofEpochSecond(i.path("period_start").asLong()).toString())
                .containsExactly("2028-01-31T12:00:00Z", "2028-02-29T12:00:00Z", "2028-03-31T12:00:00Z");
        assertThat(invoices).allSatisfy(i -> {
            assertThat(i.path("status").asString()).isEqualTo("paid");
            assertThat(i.path("amount_paid").asLong()).isEqualTo(2500);
        });
    }

    @Test
    void aRenewalChargedAYearAheadCarriesTheClocksTimeOnItsPaymentIntentAndEvents() {
        Api.Account account = api.newAccount();
        String key = account.testKey();
        Instant start = Instant.parse("2027-01-01T00:00:00Z");
        String clock = Billing.clock(api, key, start);
        String customer = Billing.customer(api, key, clock, Payments.SUCCESS);
        String price = Billing.price(api, key, "usd", 12000, "year");
        Api.Response created = api.post("/v1/subscriptions", key, """
                {"customer":"%s","items":[{"price":"%s"}]}""".formatted(customer, price));
        assertThat(created.text("status")).as(created.toString()).isEqualTo("active");
        // A year on: the renewal's draft is made on 2028-01-01 00:00 and finalized and charged one hour later.
        Billing.advance(api, key, clock, Instant.parse("2028-01-01T02:00:00Z"));
        List<JsonNode> invoices = Billing.invoices(api, key, created.text("id"));
        assertThat(invoices).hasSize(2);
        Instant[] chargedAt = {start, Instant.parse("2028-01-01T01:00:00Z")};
        for (int i = 0; i < 2; i++) {
            // 1 × 120.00 a year: each invoice is paid 12000 by its own payment intent.
            assertThat(invoices.get(i).path("amount_paid").asLong()).isEqualTo(12000);
            String intentId = invoices.get(i).path("payment_intent").asString();
            Api.Response intent = api.get("/v1/payment_intents/" + intentId, key);
            assertThat(intent.json().path("amount_received").asLong()).isEqualTo(12000);
            assertThat(intent.json().path("created").asLong()).as("the clock's time, not the wall clock's")
                    .isEqualTo(chargedAt[i].getEpochSecond());
            for (String type : List.of("payment_intent.created", "payment_intent.processing", "payment_intent.succeeded")) {
                List<JsonNode> ofIntent = Billing.events(api, key, type, 2).stream()
                        .filter(e -> e.path("data").path("object").path("id").asString().equals(intentId)).toList();
                assertThat(ofIntent).as(type).hasSize(1);
                assertThat(ofIntent.getFirst().path("created").asLong()).as(type).isEqualTo(chargedAt[i].getEpochSecond());
            }
            String charge = intent.json().path("latest_charge").asString();
            long at = chargedAt[i].getEpochSecond();
            List<JsonNode> chargeSucceeded = Billing.events(api, key, "charge.succeeded", 2).stream()
                    .filter(e -> e.path("data").path("object").path("id").asString().equals(charge)).toList();
            assertThat(chargeSucceeded).singleElement()
                    .satisfies(e -> assertThat(e.path("created").asLong()).isEqualTo(at))
                    .satisfies(e -> assertThat(e.path("data").path("object").path("created").asLong()).as("the charge in its event")
                            .isEqualTo(at));
            // The charge itself, read alone and inside its intent, shows the clock's time too.
            assertThat(api.get("/v1/charges/" + charge, key).json().path("created").asLong()).as("GET the charge").isEqualTo(at);
            assertThat(intent.json().path("charges").path("data").get(0).path("created").asLong()).as("the intent's charge").isEqualTo(at);
        }
        // A payment intent made without a clock keeps the wall clock's time (2026, not 2027 or 2028).
        Api.Response plain = api.post("/v1/payment_intents", key, """
                {"amount":500,"currency":"usd","payment_method":"%s","confirm":true}"""
                .formatted(Payments.paymentMethod(api, key, Payments.SUCCESS)));
        assertThat(plain.status()).as(plain.toString()).isEqualTo(200);
        assertThat(Instant.ofEpochSecond(plain.json().path("created").asLong())).isBefore(start);
        String plainCharge = plain.json().path("latest_charge").asString();
        assertThat(Instant.ofEpochSecond(api.get("/v1/charges/" + plainCharge, key).json().path("created").asLong())).isBefore(start);
    }
}
