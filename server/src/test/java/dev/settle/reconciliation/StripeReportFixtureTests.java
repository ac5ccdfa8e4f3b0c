package dev.settle.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.settle.support.Api;
import dev.settle.support.SettleTest;
import tools.jackson.databind.JsonNode;

/**
 * A report written by hand in the layout of Stripe's itemized balance transaction report (its
 * documented columns, in Stripe's order, with the columns Settle does not use), not by Settle's
 * own writer: decimal amounts per currency exponent, a quoted description with a comma, a Stripe
 * fee line, payouts, and two bad lines.
 */
@SettleTest
class StripeReportFixtureTests {

    @Autowired
    Api api;

    @Test
    void readsStripesItemizedLayout() throws IOException {
        Api.Account account = api.newAccount();
        byte[] fixture;
        try (InputStream in = getClass().getResourceAsStream("/reconciliation/stripe_itemized_balance_transactions.csv")) {
            fixture = in.readAllBytes();
        }

        Api.Response report = api.upload("/v1/reconciliation/reports", account.testKey(), fixture, "text/csv");

        assertThat(report.status()).as(report.toString()).isEqualTo(200);
        assertThat(report.text("layout")).isEqualTo("stripe_itemized");
        assertThat(report.json().path("lines").asInt()).isEqualTo(6);
        assertThat(report.json().path("error_count").asInt()).isEqualTo(2);
        assertThat(report.json().path("errors").valueStream().map(e -> e.path("line").asInt() + " " + e.path("code").asString()
                + " " + e.path("param").asString()).toList())
                .containsExactly("5 invalid_amount gross", "6 invalid_currency currency");
        Reconciliation.awaitRun(api, account.testKey(), report.text("run"));

        Map<String, JsonNode> byReference = Reconciliation.items(api, account.testKey(), "run=" + report.text("run")).stream()
                .collect(Collectors.toMap(item -> item.path("reference").asString(), item -> item));
        JsonNode usd = byReference.get("ch_3PxFixture0000001");
        assertThat(List.of(usd.path("reported_amount").asLong(), usd.path("reported_fee").asLong())).containsExactly(2500L, 103L);
        assertThat(usd.path("report_line").asInt()).isEqualTo(2);
        JsonNode jpy = byReference.get("ch_3PxFixture0000002");
        assertThat(List.of(jpy.path("reported_amount").asLong(), jpy.path("reported_fee").asLong())).containsExactly(1000L, 66L);
        assertThat(jpy.path("currency").asString()).isEqualTo("jpy");
        assertThat(byReference.get("re_3PxFixture0000001").path("reported_amount").asLong()).isEqualTo(-500);
        assertThat(byReference.get("fee_1PxFixtureRadar001").path("category").asString()).isEqualTo("fee");
        // None of it is in this account's books; the payouts add up to the lines that name them.
        assertThat(byReference.values().stream().filter(item -> !item.path("category").asString().equals("payout")))
                .allSatisfy(item -> assertThat(item.path("class").asString()).isEqualTo("missing_internally"));
        assertThat(byReference.get("po_1PxFixturePayout01").path("class").asString()).isEqualTo("matched");
        assertThat(byReference.get("po_1PxFixturePayout01").path("reported_amount").asLong()).isEqualTo(1697);
        assertThat(byReference.get("po_1PxFixturePayout02").path("class").asString()).isEqualTo("matched");
        assertThat(byReference.get("po_1PxFixturePayout02").path("reported_amount").asLong()).isEqualTo(934);
    }
}
