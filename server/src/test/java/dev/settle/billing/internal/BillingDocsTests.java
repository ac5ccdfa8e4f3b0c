package dev.settle.billing.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.settle.support.Api;
import dev.settle.support.Docs;
import dev.settle.support.SettleTest;

/** The tables of docs/billing.md, checked against the running server and the code that computes them. */
@SettleTest
class BillingDocsTests {

    @Autowired
    Api api;

    @Test
    void theDefaultDunningScheduleIsTheOneDocumented() {
        List<Docs.Row> rows = Docs.read("billing").section("Dunning").table("retry", "days after the first failure").rows();
        List<Integer> documented = rows.stream().map(row -> Integer.parseInt(row.cell("days after the first failure"))).toList();
        Api.Response settings = api.get("/v1/billing/settings", api.newAccount().testKey());
        assertThat(settings.json().path("retry_days").valueStream().map(n -> n.asInt()).toList()).isEqualTo(documented);
        assertThat(settings.text("after_final_retry")).isEqualTo("cancel");
    }

    @Test
    void theProrationExamplesAreWhatTheCodeComputes() {
        List<Docs.Row> rows = Docs.read("billing").section("Proration").table("amount", "period", "changed at", "prorated").rows();
        assertThat(rows).isNotEmpty();
        for (Docs.Row row : rows) {
            String[] period = row.cell("period").split(" to ");
            long prorated = Proration.remaining(Long.parseLong(row.cell("amount")), day(period[0]), day(period[1]), day(row.cell("changed at")));
            assertThat(prorated).as(row.toString()).isEqualTo(Long.parseLong(row.cell("prorated")));
        }
    }

    private static Instant day(String date) {
        return Instant.parse(date.trim() + "T00:00:00Z");
    }
}
