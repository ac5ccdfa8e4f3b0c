package dev.settle.billing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.settle.support.Api;
import dev.settle.support.Payments;
import dev.settle.support.SettleTest;
import tools.jackson.databind.JsonNode;

/** Invoices not tied to a subscription: a customer's pending invoice items, invoiced, finalized and paid, once. */
@SettleTest
class ManualInvoiceTests {

    @Autowired
    Api api;

    @Autowired
    JdbcClient jdbc;

    @Test
    void pendingItemsAreInvoicedChargedAndPostedOnce() {
        Api.Account account = api.newAccount();
        String key = account.testKey();
        String customer = api.post("/v1/customers", key, "{\"name\":\"One-off\"}").text("id");
        Billing.attachDefault(api, key, customer, Payments.SUCCESS);
        item(key, customer, 1500, "usd", "Setup fee");
        item(key, customer, -500, "usd", "Welcome credit");
        item(key, customer, 700, "eur", "Export fee");

        // Two currencies pending: which one must be said.
        Api.Response ambiguous = api.post("/v1/invoices", key, "{\"customer\":\"" + customer + "\"}");
        assertThat(ambiguous.status()).as(ambiguous.toString()).isEqualTo(400);
        assertThat(ambiguous.text("param")).isEqualTo("currency");

        Api.Response draft = api.post("/v1/invoices", key, """
                {"customer":"%s","currency":"usd","auto_advance":false,"metadata":{"order":"1001"}}""".formatted(customer));
        assertThat(draft.status()).as(draft.toString()).isEqualTo(200);
        assertThat(draft.text("status")).isEqualTo("draft");
        assertThat(draft.text("billing_reason")).isEqualTo("manual");
        assertThat(draft.json().path("subscription").isNull()).isTrue();
        // 15.00 less the 5.00 credit.
        assertThat(draft.json().path("total").asLong()).isEqualTo(1000);
        assertThat(draft.json().path("lines").path("data").valueStream().map(l -> l.path("amount").asLong()).toList())
                .containsExactlyInAnyOrder(1500L, -500L);
        assertThat(draft.json().path("auto_finalize_at").isNull()).as("auto_advance false").isTrue();
        assertThat(draft.json().path("metadata").path("order").asString()).isEqualTo("1001");
        String id = draft.text("id");
        assertThat(api.get("/v1/invoiceitems?customer=" + customer + "&pending=true", key).json().path("data").valueStream()
                .map(i -> i.path("currency").asString()).toList()).as("the usd items are taken").containsExactly("eur");

        Api.Response again = api.post("/v1/invoices", key, "{\"customer\":\"" + customer + "\",\"currency\":\"usd\"}");
        assertThat(again.status()).as(again.toString()).isEqualTo(400);
        assertThat(again.text("code")).isEqualTo("invoice_no_customer_line_items");

        Api.Response open = api.post("/v1/invoices/" + id + "/finalize", key, "{}");
        assertThat(open.status()).as(open.toString()).isEqualTo(200);
        assertThat(open.text("number")).isNotBlank();
        // Charged automatically by the billing pass, once.
        Instant deadline = Instant.now().plusSeconds(30);
        while (!api.get("/v1/invoices/" + id, key).text("status").equals("paid") && Instant.now().isBefore(deadline)) {
            Payments.sleep(100);
        }
        JsonNode paid = api.get("/v1/invoices/" + id, key).json();
        assertThat(paid.path("status").asString()).isEqualTo("paid");
        assertThat(paid.path("amount_paid").asLong()).isEqualTo(1000);
        assertThat(jdbc.sql("SELECT count(*) FROM payments_intents WHERE customer_id = :c AND status = 'succeeded'")
                .param("c", customer).query(Long.class).single()).isEqualTo(1);
        // Its postings: finalizing (receivable 1000 against revenue) and the payment, each balanced.
        List<Long> sums = jdbc.sql("""
                SELECT sum(e.amount) FROM ledger_entries e JOIN ledger_transactions t ON t.id = e.transaction_id
                WHERE t.source_id = :invoice GROUP BY t.id
                """).param("invoice", id).query(Long.class).list();
        assertThat(sums).hasSize(2).allSatisfy(sum -> assertThat(sum).isZero());
    }

    @Test
    void sendInvoiceIsDueDaysAfterItIsMadeAndRacingRequestsInvoiceOnce() throws Exception {
        Api.Account account = api.newAccount();
        String key = account.testKey();
        String customer = api.post("/v1/customers", key, "{\"name\":\"Net 15\"}").text("id");
        item(key, customer, 4200, "eur", "Consulting");
        Instant before = Instant.now().minusSeconds(1);

        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<Api.Response>> racing = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Callable<Api.Response> create = () -> api.post("/v1/invoices", key, """
                    {"customer":"%s","collection_method":"send_invoice","days_until_due":15}""".formatted(customer));
            racing.add(pool.submit(create));
        }
        List<Api.Response> answers = new ArrayList<>();
        for (Future<Api.Response> answer : racing) {
            answers.add(answer.get());
        }
        pool.shutdown();
        assertThat(answers).filteredOn(a -> a.status() == 200).as("one invoice of the one item").hasSize(1);
        assertThat(answers).filteredOn(a -> a.status() != 200)
                .allSatisfy(a -> assertThat(a.text("code")).isEqualTo("invoice_no_customer_line_items"));
        Api.Response draft = answers.stream().filter(a -> a.status() == 200).findFirst().orElseThrow();
        long due = draft.json().path("due_date").asLong();
        assertThat(Instant.ofEpochSecond(due)).isBetween(before.plus(Duration.ofDays(15)), Instant.now().plus(Duration.ofDays(15)));

        Api.Response open = api.post("/v1/invoices/" + draft.text("id") + "/finalize", key, "{}");
        assertThat(open.text("status")).isEqualTo("open");
        assertThat(open.json().path("due_date").asLong()).as("kept from creation").isEqualTo(due);
        assertThat(open.json().path("amount_due").asLong()).isEqualTo(4200);
        Api.Response paid = api.post("/v1/invoices/" + draft.text("id") + "/pay", key, "{\"paid_out_of_band\":true}");
        assertThat(paid.text("status")).isEqualTo("paid");
        assertThat(jdbc.sql("SELECT count(*) FROM billing_invoices WHERE customer_id = :c").param("c", customer).query(Long.class).single())
                .isEqualTo(1);
    }

    private void item(String key, String customer, long amount, String currency, String description) {
        Api.Response item = api.post("/v1/invoiceitems", key, """
                {"customer":"%s","amount":%d,"currency":"%s","description":"%s"}""".formatted(customer, amount, currency, description));
        assertThat(item.status()).as(item.toString()).isEqualTo(200);
    }
}
