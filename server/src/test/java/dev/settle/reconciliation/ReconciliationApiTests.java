package dev.settle.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.settle.support.Api;
import dev.settle.support.Payments;
import dev.settle.support.SettleTest;
import tools.jackson.databind.JsonNode;

/**
 * Reconciliation through the public API: the simulator's report of the day with every break
 * injected, every class it produces, and each resolution's ledger posting.
 */
@SettleTest
class ReconciliationApiTests {

    @Autowired
    Api api;

    @Autowired
    JdbcClient jdbc;

    private List<String> payAll(Api.Account account, long... amounts) {
        List<String> intents = new ArrayList<>();
        for (long amount : amounts) {
            Api.Response paid = Payments.pay(api, account.testKey(), Payments.SUCCESS, amount, "usd", "automatic");
            assertThat(paid.text("status")).as(paid.toString()).isEqualTo("succeeded");
            intents.add(paid.text("id"));
        }
        return intents;
    }

    private static String today() {
        return LocalDate.now(ZoneOffset.UTC).toString();
    }

    @Test
    void everyClassFromTheSimulatorsReportWithBreaksAndEachResolutionPostsABalancedAdjustment() {
        Api.Account account = api.newAccount();
        String key = account.testKey();
        assertThat(api.post("/v1/reconciliation/settings", key, "{\"sla_days\": 0}").json().path("sla_days").asLong()).isZero();
        List<String> intents = payAll(account, 1000, 2000, 3000, 4000, 5000, 6000, 7000);
        Api.Response refund = api.post("/v1/refunds", key, "{\"payment_intent\":\"" + intents.get(6) + "\",\"amount\":700}");
        assertThat(refund.text("status")).as(refund.toString()).isEqualTo("succeeded");

        Api.Response report = api.post("/v1/reconciliation/reports/fetch", key,
                "{\"date\":\"" + today() + "\",\"breaks\":[\"missing\",\"amount\",\"currency\",\"duplicate\",\"fee\",\"unknown\"]}");
        assertThat(report.status()).as(report.toString()).isEqualTo(200);
        assertThat(report.text("layout")).isEqualTo("stripe_itemized");
        assertThat(report.json().path("error_count").asInt()).isZero();
        Api.Response run = Reconciliation.awaitRun(api, key, report.text("run"));

        // The breaks hit the charges in creation order: 1 missing, 2 amount, 3 currency, 4 duplicated, 5 fee.
        Map<String, Long> counts = counts(run);
        assertThat(counts).containsEntry("amount_mismatch", 1L)
                .containsEntry("currency_mismatch", 1L)
                .containsEntry("fee_mismatch", 1L)
                .containsEntry("duplicate", 1L)
                .containsEntry("missing_internally", 1L)
                .containsEntry("missing_in_report", 1L)
                .containsEntry("expected", 0L)
                // charges 4 (its first line), 6 and 7, the refund, and the usd and eur payouts
                .containsEntry("matched", 6L);
        List<JsonNode> items = Reconciliation.items(api, key, "run=" + run.text("id"));
        assertThat(items).hasSize(12);
        Map<String, List<JsonNode>> byClass = items.stream().collect(Collectors.groupingBy(item -> item.path("class").asString()));
        JsonNode amount = byClass.get("amount_mismatch").getFirst();
        assertThat(amount.path("expected_amount").asLong()).isEqualTo(2000);
        assertThat(amount.path("reported_amount").asLong()).isEqualTo(2100);
        JsonNode fee = byClass.get("fee_mismatch").getFirst();
        assertThat(fee.path("reported_fee").asLong() - fee.path("expected_fee").asLong()).isEqualTo(10);
        assertThat(byClass.get("currency_mismatch").getFirst().path("reported_currency").asString()).isEqualTo("eur");
        assertThat(byClass.get("missing_in_report").getFirst().path("expected_amount").asLong()).isEqualTo(1000);
        assertThat(byClass.get("missing_internally").getFirst().path("internal_id").isNull()).isTrue();
        assertThat(byClass.get("matched")).extracting(item -> item.path("category").asString())
                .containsExactlyInAnyOrder("charge", "charge", "charge", "refund", "payout", "payout");
        assertThat(Reconciliation.items(api, key, "class=fee_mismatch&run=" + run.text("id"))).hasSize(1);
        // The line moved to eur is paid out in eur; the mismatch itself is in the books' currency.
        assertThat(Reconciliation.items(api, key, "currency=eur&run=" + run.text("id")))
                .extracting(item -> item.path("category").asString()).containsExactly("payout");
        assertThat(Reconciliation.items(api, key, "date=" + today() + "&class=duplicate")).hasSize(1);

        // Resolve each discrepancy; each posting (if any) is one balanced ledger transaction.
        assertResolved(key, amount, "accept_processor", 100);
        assertResolved(key, fee, "write_off", -10);
        JsonNode currency = byClass.get("currency_mismatch").getFirst();
        Api.Response refused = api.post("/v1/reconciliation/items/" + currency.path("id").asString() + "/resolve", key,
                "{\"action\":\"accept_processor\"}");
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.text("code")).isEqualTo("resolution_not_applicable");
        assertResolved(key, currency, "write_off", -(3000 - currency.path("expected_fee").asLong()));
        JsonNode duplicate = byClass.get("duplicate").getFirst();
        assertResolved(key, duplicate, "ignore", 0);
        JsonNode unknown = byClass.get("missing_internally").getFirst();
        assertResolved(key, unknown, "accept_processor", 1234 - 66);
        JsonNode missing = byClass.get("missing_in_report").getFirst();
        assertResolved(key, missing, "write_off", -(1000 - missing.path("expected_fee").asLong()));

        Api.Response matched = api.post("/v1/reconciliation/items/" + byClass.get("matched").getFirst().path("id").asString() + "/resolve",
                key, "{\"action\":\"ignore\"}");
        assertThat(matched.status()).isEqualTo(409);
        assertThat(matched.text("code")).isEqualTo("reconciliation_item_unexpected_state");

        // Payouts moved their net from the processor's balance to the bank.
        long paidOut = jdbc.sql("""
                SELECT coalesce(sum(e.amount), 0) FROM ledger_entries e JOIN ledger_transactions t ON t.id = e.transaction_id
                WHERE t.account_id = :account AND t.type = 'payout' AND e.ledger_account = 'bank' AND t.currency = 'usd'
                """).param("account", account.id()).query(Long.class).single();
        long reportedUsdNet = items.stream()
                .filter(item -> !item.path("category").asString().equals("payout"))
                .filter(item -> item.path("reported_currency").asString().equals("usd"))
                .mapToLong(item -> item.path("reported_amount").asLong() - item.path("reported_fee").asLong()).sum();
        assertThat(paidOut).isEqualTo(reportedUsdNet);

        // The events reach the archive through the relay, a moment after their transactions commit.
        List<String> types = List.of();
        for (int i = 0; i < 100 && types.stream().filter("reconciliation.discrepancy.resolved"::equals).count() < 6; i++) {
            if (i > 0) {
                dev.settle.support.Payments.sleep(100);
            }
            types = api.get("/v1/events?type=reconciliation.*&limit=100", key).json().path("data").valueStream()
                    .map(event -> event.path("type").asString()).toList();
        }
        assertThat(types).filteredOn("reconciliation.run.completed"::equals).hasSize(1);
        assertThat(types).filteredOn("reconciliation.discrepancy.created"::equals).hasSize(6);
        assertThat(types).filteredOn("reconciliation.discrepancy.resolved"::equals).hasSize(6);
    }

    /** Resolves the item and checks the ledger: a transaction of {@code delta} whose entries sum to zero, or none. */
    private void assertResolved(String key, JsonNode item, String action, long delta) {
        String id = item.path("id").asString();
        Api.Response resolved = api.post("/v1/reconciliation/items/" + id + "/resolve", key,
                "{\"action\":\"" + action + "\",\"note\":\"checked with the processor\"}");
        assertThat(resolved.status()).as(resolved.toString()).isEqualTo(200);
        assertThat(resolved.text("status")).isEqualTo("resolved");
        assertThat(resolved.text("resolution")).isEqualTo(action);
        assertThat(resolved.text("resolved_by")).startsWith("key_");
        assertThat(resolved.text("note")).isEqualTo("checked with the processor");
        String transaction = resolved.text("ledger_transaction");
        if (delta == 0) {
            assertThat(transaction).isNull();
        } else {
            Api.Response posted = api.get("/v1/balance_transactions/" + transaction, key);
            assertThat(posted.status()).as(posted.toString()).isEqualTo(200);
            assertThat(posted.text("type")).isEqualTo("adjustment");
            assertThat(posted.text("source")).isEqualTo(id);
            assertThat(posted.json().path("amount").asLong()).isEqualTo(delta);
            Map<String, Object> entries = jdbc.sql("SELECT count(*) AS n, sum(amount) AS total FROM ledger_entries WHERE transaction_id = :t")
                    .param("t", transaction).query().singleRow();
            assertThat(((Number) entries.get("n")).longValue()).isEqualTo(2);
            assertThat(((Number) entries.get("total")).longValue()).isZero();
        }
        // Resolving again the same way answers the same; another way is refused.
        Api.Response again = api.post("/v1/reconciliation/items/" + id + "/resolve", key, "{\"action\":\"" + action + "\"}");
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.text("ledger_transaction")).isEqualTo(transaction);
        String other = action.equals("ignore") ? "write_off" : "ignore";
        assertThat(api.post("/v1/reconciliation/items/" + id + "/resolve", key, "{\"action\":\"" + other + "\"}").status()).isEqualTo(409);
    }

    private static Map<String, Long> counts(Api.Response run) {
        Map<String, Long> counts = new java.util.TreeMap<>();
        run.json().path("counts").properties().forEach(entry -> counts.put(entry.getKey(), entry.getValue().asLong()));
        return counts;
    }

    @Test
    void theSameFileTwiceIsOneIngestionAndALaterReportSettlesAnExpectedItem() {
        Api.Account account = api.newAccount();
        String key = account.testKey();
        payAll(account, 1500, 2500);

        Api.Response first = api.post("/v1/reconciliation/reports/fetch", key, "{\"date\":\"" + today() + "\",\"breaks\":[\"missing\"]}");
        Api.Response run = Reconciliation.awaitRun(api, key, first.text("run"));
        assertThat(counts(run)).containsEntry("expected", 1L).containsEntry("matched", 2L).containsEntry("missing_in_report", 0L);
        JsonNode expected = Reconciliation.items(api, key, "class=expected").getFirst();
        assertThat(expected.path("expected_amount").asLong()).isEqualTo(1500);

        // The same bytes again: the same report and run, nothing ingested twice.
        Api.Response download = api.get("/v1/reconciliation/runs?limit=100", key);
        assertThat(download.json().path("data")).hasSize(1);

        // A later report with the missing line settles the expected item.
        String csv = "id,type,reference,amount,fee,net,currency,created\n"
                + "stx_late,charge," + expected.path("reference").asString() + ",1500," + expected.path("expected_fee").asLong() + ","
                + (1500 - expected.path("expected_fee").asLong()) + ",usd," + Instant.now().getEpochSecond() + "\n";
        Api.Response late = Reconciliation.upload(api, key, csv);
        assertThat(late.status()).as(late.toString()).isEqualTo(200);
        assertThat(late.text("layout")).isEqualTo("simulator");
        assertThat(late.json().path("duplicate").asBoolean()).isFalse();
        Api.Response again = Reconciliation.upload(api, key, csv);
        assertThat(again.json().path("duplicate").asBoolean()).isTrue();
        assertThat(again.text("id")).isEqualTo(late.text("id"));
        assertThat(again.text("run")).isEqualTo(late.text("run"));
        Api.Response lateRun = Reconciliation.awaitRun(api, key, late.text("run"));
        assertThat(counts(lateRun)).containsEntry("matched", 1L).containsEntry("expected", 0L);
        assertThat(api.get("/v1/reconciliation/items/" + expected.path("id").asString(), key).text("status")).isEqualTo("superseded");
        assertThat(api.get("/v1/reconciliation/runs?limit=100", key).json().path("data")).hasSize(2);
        assertThat(jdbc.sql("SELECT count(*) FROM reconciliation_reports WHERE account_id = :a").param("a", account.id())
                .query(Long.class).single()).isEqualTo(2);
    }

    @Test
    void aPayoutThatDoesNotAddUpToItsLinesIsAMismatchAndAMultipartUploadIsTaken() {
        Api.Account account = api.newAccount();
        String key = account.testKey();
        payAll(account, 4100, 5200);
        Api.Response report = api.post("/v1/reconciliation/reports/fetch", key, "{\"date\":\"" + today() + "\",\"breaks\":[\"payout\"]}");
        Api.Response run = Reconciliation.awaitRun(api, key, report.text("run"));
        assertThat(counts(run)).containsEntry("matched", 2L).containsEntry("amount_mismatch", 1L);
        JsonNode payout = Reconciliation.items(api, key, "class=amount_mismatch").getFirst();
        assertThat(payout.path("category").asString()).isEqualTo("payout");
        assertThat(payout.path("expected_amount").asLong() - payout.path("reported_amount").asLong()).isEqualTo(1);
        // The payout itself was posted as paid: from the processor's balance to the bank.
        long bank = jdbc.sql("""
                SELECT sum(e.amount) FROM ledger_entries e JOIN ledger_transactions t ON t.id = e.transaction_id
                WHERE t.account_id = :account AND t.type = 'payout' AND t.source_id = :payout AND e.ledger_account = 'bank'
                """).param("account", account.id()).param("payout", payout.path("reference").asString()).query(Long.class).single();
        assertThat(bank).isEqualTo(payout.path("reported_amount").asLong());
        assertResolved(key, payout, "accept_processor", -1);

        String boundary = "settle-test-boundary";
        String csv = "id,type,reference,amount,fee,net,currency,created\nstx_m,charge,sch_multipart,900,30,870,usd,"
                + Instant.now().getEpochSecond() + "\n";
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"report.csv\"\r\n"
                + "Content-Type: text/csv\r\n\r\n" + csv + "\r\n--" + boundary + "--\r\n";
        Api.Response uploaded = api.upload("/v1/reconciliation/reports", key, body.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                "multipart/form-data; boundary=" + boundary);
        assertThat(uploaded.status()).as(uploaded.toString()).isEqualTo(200);
        assertThat(uploaded.json().path("lines").asInt()).isEqualTo(1);
        assertThat(Reconciliation.upload(api, key, csv).text("id")).as("the same bytes sent raw are the same report")
                .isEqualTo(uploaded.text("id"));
    }

    @Test
    void theExportStreamsTheSelectedItemsAsCsv() {
        Api.Account account = api.newAccount();
        String key = account.testKey();
        payAll(account, 1200, 3400);
        Api.Response report = api.post("/v1/reconciliation/reports/fetch", key, "{\"date\":\"" + today() + "\",\"breaks\":[\"amount\"]}");
        Reconciliation.awaitRun(api, key, report.text("run"));

        Api.Response export = api.get("/v1/reconciliation/items/export?class=amount_mismatch", key);

        assertThat(export.status()).isEqualTo(200);
        assertThat(export.header("Content-Type")).startsWith("text/csv");
        List<String> lines = export.body().lines().toList();
        assertThat(lines.getFirst()).startsWith("id,run,class,category,reference");
        assertThat(lines).hasSize(2);
        assertThat(lines.get(1)).contains(",amount_mismatch,charge,").contains(",1200,");
    }
}
