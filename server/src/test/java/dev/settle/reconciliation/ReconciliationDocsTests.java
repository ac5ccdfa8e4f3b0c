package dev.settle.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.settle.support.Api;
import dev.settle.support.Docs;
import dev.settle.support.Payments;
import dev.settle.support.SettleTest;

/** docs/reconciliation.md's tables of classes and of the simulator's breaks, checked against the running server. */
@SettleTest
class ReconciliationDocsTests {

    @Autowired
    Api api;

    private static List<String> firstBackticked(Docs.Table table, String column) {
        return table.rows().stream().map(row -> {
            List<String> names = Docs.backticked(row.cell(column));
            assertThat(names).as(row.toString()).isNotEmpty();
            return names.getFirst();
        }).toList();
    }

    @Test
    void theClassTableIsTheApisClassesAndTheBreakTableProducesWhatItSays() {
        Docs.Markdown doc = Docs.read("reconciliation");
        List<String> documented = firstBackticked(doc.section("Classes").table("class", "meaning"), "class");
        Docs.Table breaks = doc.section("From the processor").table("break", "effect on the report", "class it produces");
        List<String> breakNames = firstBackticked(breaks, "break");

        Api.Account account = api.newAccount();
        String key = account.testKey();
        for (int i = 0; i < breakNames.size() + 1; i++) {
            Payments.pay(api, key, Payments.SUCCESS, 1000 + i, "usd", "automatic");
        }
        StringBuilder list = new StringBuilder();
        breakNames.forEach(name -> list.append(list.isEmpty() ? "" : ",").append('"').append(name).append('"'));
        Api.Response report = api.post("/v1/reconciliation/reports/fetch", key,
                "{\"date\":\"" + LocalDate.now(ZoneOffset.UTC) + "\",\"breaks\":[" + list + "]}");
        assertThat(report.status()).as("every documented break is one the simulator takes: " + report).isEqualTo(200);
        Api.Response run = Reconciliation.awaitRun(api, key, report.text("run"));

        // The run's counts name every class the API has: the documented ones, no more, no fewer.
        Set<String> classes = new TreeSet<>();
        run.json().path("counts").propertyNames().forEach(classes::add);
        assertThat(documented).as("classes in docs/reconciliation.md").containsExactlyInAnyOrderElementsOf(classes);
        for (String documentedClass : documented) {
            assertThat(api.get("/v1/reconciliation/items?class=" + documentedClass, key).status()).as(documentedClass).isEqualTo(200);
        }
        List<String> missing = new ArrayList<>();
        for (Docs.Row row : breaks.rows()) {
            String produced = Docs.backticked(row.cell("class it produces")).getFirst();
            if (run.json().path("counts").path(produced).asLong() < 1) {
                missing.add(row + " (counts " + run.json().path("counts") + ")");
            }
        }
        assertThat(missing).as("breaks whose documented class the run did not find").isEmpty();
        assertThat(api.post("/v1/reconciliation/reports/fetch", key, "{\"date\":\"2024-01-01\",\"breaks\":[\"not_documented\"]}")
                .status()).isEqualTo(400);
    }
}
