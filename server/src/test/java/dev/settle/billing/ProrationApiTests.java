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

/** Item changes mid-period, prorated to the second, with the amounts worked out by hand. */
@SettleTest
class ProrationApiTests {

    @Autowired
    Api api;

    private static long at(String time) {
        return Instant.parse(time).getEpochSecond();
    }

    private static List<Long> amounts(JsonNode invoice) {
        return invoice.path("lines").path("data").valueStream().map(l -> l.path("amount").asLong()).toList();
    }

    @Test
    void upgradeOnDayTenPreviewedThenAppliedWithTheSameFigures() {
        Api.Account account = api.newAccount();
        String key = account.testKey();
        String clock = Billing.clock(api, key, Instant.parse("2027-04-01T00:00:00Z"));
        String customer = Billing.customer(api, key, clock, Payments.SUCCESS);
        String basic = Billing.price(api, key, "usd", 1000, "month");
        String pro = Billing.price(api, key, "usd", 3000, "month");
        String sub = api.post("/v1/subscriptions", key, "{\"customer\":\"" + customer + "\",\"items\":[{\"price\":\"" + basic + "\"}]}").text("id");
        // Day 10 of the 30-day April period: 20 of 30 days remain.
        Billing.advance(api, key, clock, Instant.parse("2027-04-11T00:00:00Z"));
        long day10 = at("2027-04-11T00:00:00Z");

        // Unused time on 10.00: −1000 × 20/30 = −666.67 → −667 (−6.67). Remaining time on 30.00: 3000 × 20/30 = +2000 (+20.00).
        // The next period (May) at 30.00: +3000. Total 4333.
        Api.Response preview = api.get("/v1/invoices/upcoming?subscription=" + sub + "&subscription_items[0][price]=" + pro
                + "&subscription_proration_date=" + day10, key);
        assertThat(preview.status()).as(preview.toString()).isEqualTo(200);
        assertThat(amounts(preview.json())).containsExactly(-667L, 2000L, 3000L);
        assertThat(preview.json().path("total").asLong()).isEqualTo(4333);
        assertThat(api.get("/v1/invoiceitems?pending=true&customer=" + customer, key).json().path("data")).as("a preview writes nothing").isEmpty();

        Api.Response updated = api.post("/v1/subscriptions/" + sub, key, "{\"items\":[{\"price\":\"" + pro
                + "\"}],\"proration_behavior\":\"create_prorations\",\"proration_date\":" + day10 + "}");
        assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
        List<JsonNode> pending = api.get("/v1/invoiceitems?pending=true&customer=" + customer, key).json().path("data").valueStream().toList();
        assertThat(pending).extracting(i -> i.path("amount").asLong()).containsExactlyInAnyOrder(-667L, 2000L);
        assertThat(pending).allSatisfy(i -> assertThat(i.path("proration").asBoolean()).isTrue());

        Billing.advance(api, key, clock, Instant.parse("2027-05-01T02:00:00Z"));
        JsonNode may = Billing.invoices(api, key, sub).get(1);
        assertThat(amounts(may)).containsExactly(-667L, 2000L, 3000L);
        assertThat(may.path("total").asLong()).isEqualTo(4333);
        assertThat(may.path("amount_paid").asLong()).isEqualTo(4333);
        assertThat(may.path("status").asString()).isEqualTo("paid");
        assertThat(api.get("/v1/invoiceitems?pending=true&customer=" + customer, key).json().path("data")).isEmpty();
    }

    @Test
    void downgradeCreditGoesToTheBalanceAndIsConsumedByTheNextInvoices() {
        Api.Account account = api.newAccount();
        String key = account.testKey();
        String clock = Billing.clock(api, key, Instant.parse("2027-04-01T00:00:00Z"));
        String customer = Billing.customer(api, key, clock, Payments.SUCCESS);
        String basic = Billing.price(api, key, "usd", 1000, "month");
        String pro = Billing.price(api, key, "usd", 3000, "month");
        String sub = api.post("/v1/subscriptions", key, "{\"customer\":\"" + customer + "\",\"items\":[{\"price\":\"" + pro + "\"}]}").text("id");
        Billing.advance(api, key, clock, Instant.parse("2027-04-11T00:00:00Z"));

        // Unused 30.00: −3000 × 20/30 = −2000; remaining 10.00: +1000 × 20/30 = +666.67 → +667. Total −1333:
        // nothing due, and 13.33 of credit in the customer's balance.
        Api.Response updated = api.post("/v1/subscriptions/" + sub, key, "{\"items\":[{\"price\":\"" + basic
                + "\"}],\"proration_behavior\":\"always_invoice\"}");
        assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
        JsonNode credit = Billing.invoices(api, key, sub).get(1);
        assertThat(credit.path("billing_reason").asString()).isEqualTo("subscription_update");
        assertThat(amounts(credit)).containsExactly(-2000L, 667L);
        assertThat(credit.path("total").asLong()).isEqualTo(-1333);
        assertThat(credit.path("amount_due").asLong()).isZero();
        assertThat(credit.path("ending_balance").asLong()).isEqualTo(-1333);
        assertThat(credit.path("status").asString()).isEqualTo("paid");

        // May: 10.00 against 13.33 of credit: nothing due, 3.33 left. June: 10.00 − 3.33 = 6.67 charged.
        Billing.advance(api, key, clock, Instant.parse("2027-05-01T02:00:00Z"));
        Billing.advance(api, key, clock, Instant.parse("2027-06-01T02:00:00Z"));
        List<JsonNode> invoices = Billing.invoices(api, key, sub);
        JsonNode may = invoices.get(2);
        assertThat(may.path("starting_balance").asLong()).isEqualTo(-1333);
        assertThat(may.path("amount_due").asLong()).isZero();
        assertThat(may.path("ending_balance").asLong()).isEqualTo(-333);
        assertThat(may.path("status").asString()).isEqualTo("paid");
        JsonNode june = invoices.get(3);
        assertThat(june.path("starting_balance").asLong()).isEqualTo(-333);
        assertThat(june.path("amount_due").asLong()).isEqualTo(667);
        assertThat(june.path("amount_paid").asLong()).isEqualTo(667);
        assertThat(june.path("ending_balance").asLong()).isZero();
    }

    @Test
    void quantityChangeOnAnAnnualPrice() {
        Api.Account account = api.newAccount();
        String key = account.testKey();
        String clock = Billing.clock(api, key, Instant.parse("2027-01-01T00:00:00Z"));
        String customer = Billing.customer(api, key, clock, Payments.SUCCESS);
        String seat = Billing.price(api, key, "usd", 12000, "year");
        String sub = api.post("/v1/subscriptions", key, "{\"customer\":\"" + customer + "\",\"items\":[{\"price\":\"" + seat + "\"}]}").text("id");
        // Jul 2 00:00: 182 of 365 days gone, 183 remain.
        Billing.advance(api, key, clock, Instant.parse("2027-07-02T00:00:00Z"));
        // 1 seat unused: −12000 × 183/365 = −6016.44 → −6016; 3 seats remaining: 36000 × 183/365 = 18049.32 → +18049. Charged now: 12033.
        Api.Response updated = api.post("/v1/subscriptions/" + sub, key, "{\"items\":[{\"price\":\"" + seat
                + "\",\"quantity\":3}],\"proration_behavior\":\"always_invoice\"}");
        assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
        assertThat(updated.json().path("items").path("data").get(0).path("quantity").asLong()).isEqualTo(3);
        JsonNode invoice = Billing.invoices(api, key, sub).get(1);
        assertThat(amounts(invoice)).containsExactly(-6016L, 18049L);
        assertThat(invoice.path("amount_paid").asLong()).isEqualTo(12033);
        assertThat(invoice.path("status").asString()).isEqualTo("paid");
        // The next year bills 3 seats: 36000.
        Api.Response upcoming = api.get("/v1/invoices/upcoming?subscription=" + sub, key);
        assertThat(upcoming.json().path("total").asLong()).isEqualTo(36000);
        assertThat(upcoming.json().path("period_start").asLong()).isEqualTo(at("2028-01-01T00:00:00Z"));
    }

    @Test
    void noneChangesItemsWithoutProrations() {
        Api.Account account = api.newAccount();
        String key = account.testKey();
        String clock = Billing.clock(api, key, Instant.parse("2027-04-01T00:00:00Z"));
        String customer = Billing.customer(api, key, clock, Payments.SUCCESS);
        String basic = Billing.price(api, key, "usd", 1000, "month");
        String pro = Billing.price(api, key, "usd", 3000, "month");
        String sub = api.post("/v1/subscriptions", key, "{\"customer\":\"" + customer + "\",\"items\":[{\"price\":\"" + basic + "\"}]}").text("id");
        api.post("/v1/subscriptions/" + sub, key, "{\"items\":[{\"price\":\"" + pro + "\"}],\"proration_behavior\":\"none\"}");
        assertThat(api.get("/v1/invoiceitems?customer=" + customer, key).json().path("data")).isEmpty();
        assertThat(api.get("/v1/invoices/upcoming?subscription=" + sub, key).json().path("total").asLong()).isEqualTo(3000);
    }
}
