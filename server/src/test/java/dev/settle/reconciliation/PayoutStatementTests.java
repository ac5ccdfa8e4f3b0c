package dev.settle.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.settle.support.Api;
import dev.settle.support.SettleTest;
import tools.jackson.databind.JsonNode;

/**
 * A payout statement (one line per payout: what reached the bank and how many balance
 * transactions it settles), written by hand, read against the payouts of the itemized Stripe
 * fixture ingested before it: each class, the bad lines, and what resolving books.
 */
@SettleTest
class PayoutStatementTests {

    @Autowired
    Api api;

    @Autowired
    JdbcClient jdbc;

    @Test
    void checksEachPayoutAgainstTheItemizedReport() throws IOException {
        Api.Account account = api.newAccount();
        String key = account.testKey();
        Api.Response itemized = api.upload("/v1/reconciliation/reports", key, resource("stripe_itemized_balance_transactions.csv"),
                "text/csv");
        assertThat(itemized.status()).as(itemized.toString()).isEqualTo(200);
        Reconciliation.awaitRun(api, key, itemized.text("run"));
        long bankBefore = bank(account.id(), "jpy");
        assertThat(bankBefore).as("the itemized report's jpy payout, posted by its run").isEqualTo(934);

        Api.Response statement = api.upload("/v1/reconciliation/reports", key, resource("payout_statement.csv"), "text/csv");

        assertThat(statement.status()).as(statement.toString()).isEqualTo(200);
        assertThat(statement.text("layout")).isEqualTo("payouts");
        assertThat(statement.json().path("lines").asInt()).isEqualTo(4);
        assertThat(statement.json().path("errors").valueStream().map(e -> e.path("line").asInt() + " " + e.path("code").asString()
                + " " + e.path("param").asString()).toList())
                .containsExactly("6 invalid_amount amount", "7 invalid_amount balance_transaction_count");
        Reconciliation.awaitRun(api, key, statement.text("run"));
        Map<Integer, JsonNode> byLine = Reconciliation.items(api, key, "run=" + statement.text("run")).stream()
                .collect(Collectors.toMap(item -> item.path("report_line").asInt(), item -> item));
        assertThat(byLine).hasSize(4);
        assertThat(byLine.values()).allSatisfy(item -> assertThat(item.path("category").asString()).isEqualTo("payout_statement"));
        // 16.97 usd over its charge, refund and Radar fee: as the itemized report has it.
        assertThat(byLine.get(2).path("class").asString()).isEqualTo("matched");
        // 930 jpy reached the bank where the itemized report paid out 934.
        JsonNode short4 = byLine.get(3);
        assertThat(short4.path("class").asString()).isEqualTo("amount_mismatch");
        assertThat(short4.path("expected_amount").asLong()).isEqualTo(934);
        assertThat(short4.path("reported_amount").asLong()).isEqualTo(930);
        assertThat(byLine.get(4).path("class").asString()).as("the same payout again").isEqualTo("duplicate");
        assertThat(byLine.get(5).path("class").asString()).as("no itemized report has it").isEqualTo("missing_internally");
        assertThat(byLine.get(5).path("reported_amount").asLong()).isEqualTo(1000);
        assertThat(byLine.get(5).path("currency").asString()).isEqualTo("eur");
        assertThat(bank(account.id(), "jpy")).as("a statement posts nothing by itself").isEqualTo(bankBefore);

        // Accepting the statement moves the 4 jpy the bank did not get back to the processor balance, balanced.
        Api.Response accepted = api.post("/v1/reconciliation/items/" + short4.path("id").asString() + "/resolve", key,
                "{\"action\":\"accept_processor\",\"note\":\"bank statement shows 930\"}");
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(200);
        String transaction = accepted.text("ledger_transaction");
        Api.Response posted = api.get("/v1/balance_transactions/" + transaction, key);
        assertThat(posted.text("type")).isEqualTo("payout");
        assertThat(posted.json().path("amount").asLong()).isEqualTo(-4);
        Map<String, Object> entries = jdbc.sql("SELECT count(*) AS n, sum(amount) AS total FROM ledger_entries WHERE transaction_id = :t")
                .param("t", transaction).query().singleRow();
        assertThat(((Number) entries.get("n")).longValue()).isEqualTo(2);
        assertThat(((Number) entries.get("total")).longValue()).isZero();
        assertThat(bank(account.id(), "jpy")).isEqualTo(930);
        Api.Response again = api.post("/v1/reconciliation/items/" + short4.path("id").asString() + "/resolve", key,
                "{\"action\":\"accept_processor\"}");
        assertThat(again.text("ledger_transaction")).as("idempotent").isEqualTo(transaction);
        assertThat(bank(account.id(), "jpy")).isEqualTo(930);

        // A payout no itemized report has cannot be booked from the statement; write-offs do not apply; ignoring does.
        String unknown = byLine.get(5).path("id").asString();
        for (String action : new String[] {"accept_processor", "write_off"}) {
            Api.Response refused = api.post("/v1/reconciliation/items/" + unknown + "/resolve", key, "{\"action\":\"" + action + "\"}");
            assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
            assertThat(refused.text("code")).isEqualTo("resolution_not_applicable");
        }
        assertThat(api.post("/v1/reconciliation/items/" + short4.path("id").asString() + "/resolve", key, "{\"action\":\"write_off\"}")
                .status()).isEqualTo(409);
        Api.Response ignored = api.post("/v1/reconciliation/items/" + unknown + "/resolve", key, "{\"action\":\"ignore\"}");
        assertThat(ignored.status()).as(ignored.toString()).isEqualTo(200);
        assertThat(ignored.text("ledger_transaction")).isNull();
        assertThat(bank(account.id(), "eur")).isZero();
    }

    @Test
    void anotherCountOfBalanceTransactionsIsAMismatchAndTheBooksAreLeftAlone() throws IOException {
        Api.Account account = api.newAccount();
        String key = account.testKey();
        Reconciliation.awaitRun(api, key, api.upload("/v1/reconciliation/reports", key,
                resource("stripe_itemized_balance_transactions.csv"), "text/csv").text("run"));
        int itemsBefore = Reconciliation.items(api, key, "").size();
        // The right amount, but four balance transactions where the itemized report has three.
        String csv = """
                automatic_payout_id,created_utc,arrival_date_utc,currency,amount,balance_transaction_count,description
                po_1PxFixturePayout01,2024-09-04 00:00:00,2024-09-05,usd,16.97,4,STRIPE PAYOUT
                """;
        Api.Response report = api.upload("/v1/reconciliation/reports", key, csv.getBytes(StandardCharsets.UTF_8), "text/csv");
        assertThat(report.status()).as(report.toString()).isEqualTo(200);
        assertThat(report.text("layout")).isEqualTo("payouts");
        Reconciliation.awaitRun(api, key, report.text("run"));
        assertThat(Reconciliation.items(api, key, "run=" + report.text("run"))).singleElement().satisfies(item -> {
            assertThat(item.path("class").asString()).isEqualTo("amount_mismatch");
            assertThat(item.path("expected_amount").asLong()).isEqualTo(item.path("reported_amount").asLong()).isEqualTo(1697);
        });
        // A payout statement's run leaves the books alone: no item of it but its one line.
        assertThat(Reconciliation.items(api, key, "")).hasSize(itemsBefore + 1);
    }

    private long bank(String account, String currency) {
        return jdbc.sql("""
                SELECT coalesce(sum(e.amount), 0) FROM ledger_entries e JOIN ledger_transactions t ON t.id = e.transaction_id
                WHERE t.account_id = :account AND e.ledger_account = 'bank' AND t.currency = :currency
                """).param("account", account).param("currency", currency).query(Long.class).single();
    }

    private byte[] resource(String name) throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/reconciliation/" + name)) {
            return in.readAllBytes();
        }
    }
}
