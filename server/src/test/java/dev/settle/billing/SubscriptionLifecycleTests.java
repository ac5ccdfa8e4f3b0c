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

/** Tiered and zero- and three-decimal prices on real invoices; cancellation and paused collection. */
@SettleTest
class SubscriptionLifecycleTests {

    @Autowired
    Api api;

    private static long at(String time) {
        return Instant.parse(time).getEpochSecond();
    }

    private String subscribe(String key, String customer, String price, long quantity) {
        Api.Response sub = api.post("/v1/subscriptions", key, "{\"customer\":\"" + customer + "\",\"items\":[{\"price\":\"" + price
                + "\",\"quantity\":" + quantity + "}]}");
        assertThat(sub.status()).as(sub.toString()).isEqualTo(200);
        return sub.text("id");
    }

    private String tiered(String key, String mode) {
        String product = api.post("/v1/products", key, "{\"name\":\"Seats\"}").text("id");
        // Units 1–5 at 5.00 plus 1.00 flat, 6–10 at 4.00 plus 2.00 flat, 11+ at 3.00.
        return api.post("/v1/prices", key, """
                {"product":"%s","currency":"usd","recurring":{"interval":"month"},"billing_scheme":"tiered","tiers_mode":"%s",
                 "tiers":[{"up_to":5,"unit_amount":500,"flat_amount":100},{"up_to":10,"unit_amount":400,"flat_amount":200},
                          {"up_to":"inf","unit_amount":300}]}""".formatted(product, mode)).text("id");
    }

    @Test
    void tieredAndCurrencyExponentsOnPaidInvoices() {
        Api.Account account = api.newAccount();
        String key = account.testKey();
        String clock = Billing.clock(api, key, Instant.parse("2027-08-01T00:00:00Z"));
        String graduated = tiered(key, "graduated");
        String volume = tiered(key, "volume");
        record Case(String price, long quantity, long expected) {
        }
        List<Case> cases = List.of(
                // graduated, 5: 5 × 500 + 100 = 2600 (the last unit of tier 1)
                new Case(graduated, 5, 2600),
                // graduated, 6: 2600 + 1 × 400 + 200 = 3200 (the first unit of tier 2)
                new Case(graduated, 6, 3200),
                // graduated, 11: 2600 + (5 × 400 + 200) + 1 × 300 = 5100
                new Case(graduated, 11, 5100),
                // volume, 5: 5 × 500 + 100 = 2600
                new Case(volume, 5, 2600),
                // volume, 6: every unit at tier 2: 6 × 400 + 200 = 2600
                new Case(volume, 6, 2600),
                // volume, 10: 10 × 400 + 200 = 4200; 11: 11 × 300 = 3300
                new Case(volume, 10, 4200),
                new Case(volume, 11, 3300),
                // JPY has no minor unit: ¥1,500 × 3 = ¥4,500 = 4500
                new Case(Billing.price(api, key, "jpy", 1500, "month"), 3, 4500),
                // KWD has three: 12.345 KWD × 2 = 24.690 KWD = 24690 fils
                new Case(Billing.price(api, key, "kwd", 12345, "month"), 2, 24690));
        for (Case c : cases) {
            String customer = Billing.customer(api, key, clock, Payments.SUCCESS);
            String sub = subscribe(key, customer, c.price(), c.quantity());
            JsonNode invoice = Billing.invoices(api, key, sub).get(0);
            assertThat(invoice.path("total").asLong()).as(c.toString()).isEqualTo(c.expected());
            assertThat(invoice.path("amount_paid").asLong()).as(c.toString()).isEqualTo(c.expected());
            Api.Response intent = api.get("/v1/payment_intents/" + invoice.path("payment_intent").asString(), key);
            assertThat(intent.json().path("amount_received").asLong()).isEqualTo(c.expected());
            assertThat(intent.text("currency")).isEqualTo(invoice.path("currency").asString());
        }
    }

    @Test
    void cancelAtPeriodEndAtATimeAndNow() {
        Api.Account account = api.newAccount();
        String key = account.testKey();
        String clock = Billing.clock(api, key, Instant.parse("2027-09-01T00:00:00Z"));
        String price = Billing.price(api, key, "usd", 900, "month");
        String atEnd = subscribe(key, Billing.customer(api, key, clock, Payments.SUCCESS), price, 1);
        String atTime = subscribe(key, Billing.customer(api, key, clock, Payments.SUCCESS), price, 1);
        String now = subscribe(key, Billing.customer(api, key, clock, Payments.SUCCESS), price, 1);
        assertThat(api.post("/v1/subscriptions/" + atEnd, key, "{\"cancel_at_period_end\":true}").json()
                .path("cancel_at_period_end").asBoolean()).isTrue();
        assertThat(api.post("/v1/subscriptions/" + atTime, key, "{\"cancel_at\":" + at("2027-09-20T00:00:00Z") + "}").status()).isEqualTo(200);
        Api.Response canceled = api.delete("/v1/subscriptions/" + now, key);
        assertThat(canceled.text("status")).isEqualTo("canceled");
        assertThat(canceled.json().path("ended_at").asLong()).isEqualTo(at("2027-09-01T00:00:00Z"));
        assertProblem(api.delete("/v1/subscriptions/" + now, key), 409, "subscription_unexpected_state");

        Billing.advance(api, key, clock, Instant.parse("2027-10-01T02:00:00Z"));
        Api.Response ended = api.get("/v1/subscriptions/" + atEnd, key);
        assertThat(ended.text("status")).isEqualTo("canceled");
        assertThat(ended.json().path("ended_at").asLong()).as("the paid September is served whole").isEqualTo(at("2027-10-01T00:00:00Z"));
        Api.Response endedAtTime = api.get("/v1/subscriptions/" + atTime, key);
        assertThat(endedAtTime.text("status")).isEqualTo("canceled");
        assertThat(endedAtTime.json().path("ended_at").asLong()).isEqualTo(at("2027-09-20T00:00:00Z"));
        for (String sub : List.of(atEnd, atTime, now)) {
            assertThat(Billing.invoices(api, key, sub)).as("no renewal after a cancellation").hasSize(1);
        }
    }

    @Test
    void pausedCollectionVoidsOrKeepsDraftsAndResumes() {
        Api.Account account = api.newAccount();
        String key = account.testKey();
        String clock = Billing.clock(api, key, Instant.parse("2027-09-01T00:00:00Z"));
        String price = Billing.price(api, key, "usd", 900, "month");
        String voiding = subscribe(key, Billing.customer(api, key, clock, Payments.SUCCESS), price, 1);
        String drafting = subscribe(key, Billing.customer(api, key, clock, Payments.SUCCESS), price, 1);
        api.post("/v1/subscriptions/" + voiding, key, "{\"pause_collection\":{\"behavior\":\"void\"}}");
        Api.Response paused = api.post("/v1/subscriptions/" + drafting, key, "{\"pause_collection\":{\"behavior\":\"keep_as_draft\"}}");
        assertThat(paused.json().path("pause_collection").path("behavior").asString()).isEqualTo("keep_as_draft");

        Billing.advance(api, key, clock, Instant.parse("2027-10-01T02:00:00Z"));
        assertThat(Billing.invoices(api, key, voiding).get(1).path("status").asString()).isEqualTo("void");
        assertThat(Billing.invoices(api, key, drafting).get(1).path("status").asString()).isEqualTo("draft");
        // A void invoice's posting is reversed: receivable and revenue back to where they were.
        assertThat(api.get("/v1/balance_transactions?type=invoice_void", key).json().path("data").get(0).path("amount").asLong())
                .isEqualTo(-900);

        Api.Response resumed = api.post("/v1/subscriptions/" + voiding, key, "{\"pause_collection\":\"\"}");
        assertThat(resumed.json().path("pause_collection").isNull()).isTrue();
        Billing.advance(api, key, clock, Instant.parse("2027-11-01T02:00:00Z"));
        assertThat(Billing.invoices(api, key, voiding).get(2).path("status").asString()).isEqualTo("paid");
    }

    @Test
    void deletingATestClockDeletesWhatLivesOnIt() {
        Api.Account account = api.newAccount();
        String key = account.testKey();
        String clock = Billing.clock(api, key, Instant.parse("2027-09-01T00:00:00Z"));
        String customer = Billing.customer(api, key, clock, Payments.SUCCESS);
        String price = Billing.price(api, key, "usd", 900, "month");
        String paid = subscribe(key, customer, price, 1);
        String owing = subscribe(key, customer, Billing.price(api, key, "usd", 500, "month"), 1);
        Billing.attachDefault(api, key, customer, Payments.DECLINE);
        Billing.advance(api, key, clock, Instant.parse("2027-10-01T02:00:00Z"));
        assertThat(Billing.invoices(api, key, owing).get(1).path("status").asString()).isEqualTo("open");

        assertThat(api.delete("/v1/test_helpers/test_clocks/" + clock, key).json().path("deleted").asBoolean()).isTrue();
        assertProblem(api.get("/v1/test_helpers/test_clocks/" + clock, key), 404, "resource_missing");
        assertProblem(api.get("/v1/customers/" + customer, key), 404, "resource_missing");
        for (String sub : List.of(paid, owing)) {
            Api.Response canceled = api.get("/v1/subscriptions/" + sub, key);
            assertThat(canceled.text("status")).isEqualTo("canceled");
            assertThat(canceled.json().path("ended_at").asLong()).as("at the clock's time").isEqualTo(at("2027-10-01T02:00:00Z"));
            assertThat(Billing.invoices(api, key, sub)).allSatisfy(i -> assertThat(i.path("status").asString()).isIn("paid", "void"));
        }
        // The voided invoices' postings are reversed: nothing remains receivable.
        assertThat(api.get("/v1/balance_transactions?type=invoice_void", key).json().path("data")).hasSize(2);
    }
}
