package dev.settle.refunds;

import static dev.settle.support.Payments.pay;
import static dev.settle.support.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.settle.support.Api;
import dev.settle.support.Payments;
import dev.settle.support.SettleTest;

@SettleTest
class RefundApiTests {

    @Autowired
    Api api;

    @Autowired
    JdbcClient jdbc;

    @Test
    void aFullRefundGoesThroughTheProcessorAndIsPostedAsHoldThenSettlement() {
        Api.Account account = api.newAccount();
        Api.Response intent = pay(api, account.testKey(), Payments.SUCCESS, 2000, "usd", "automatic");
        String charge = intent.text("latest_charge");

        Api.Response refund = api.post("/v1/refunds", account.testKey(),
                "{\"payment_intent\":\"" + intent.text("id") + "\",\"reason\":\"requested_by_customer\",\"metadata\":{\"ticket\":\"7\"}}");

        assertThat(refund.status()).as(refund.toString()).isEqualTo(200);
        assertThat(refund.text("id")).startsWith("re_");
        assertThat(refund.text("object")).isEqualTo("refund");
        assertThat(refund.text("status")).isEqualTo("succeeded");
        assertThat(refund.json().path("amount").asLong()).as("defaults to all that is refundable").isEqualTo(2000);
        assertThat(refund.text("charge")).isEqualTo(charge);

        Api.Response after = api.get("/v1/payment_intents/" + intent.text("id"), account.testKey());
        assertThat(after.json().path("amount_refunded").asLong()).isEqualTo(2000);
        var chargeView = after.json().path("charges").path("data").path(0);
        assertThat(chargeView.path("amount_refunded").asLong()).isEqualTo(2000);
        assertThat(chargeView.path("refunds").path("data").path(0).path("id").asString()).isEqualTo(refund.text("id"));

        assertThat(entries(refund.text("id"))).containsExactlyInAnyOrder(
                "refund:refunds:2000", "refund:refunds_pending:-2000",
                "refund_settlement:refunds_pending:2000", "refund_settlement:receivable_available:-2000");
        assertThat(eventTypes(account, refund.text("id"))).containsExactly("refund.created", "refund.updated");
        assertThat(eventTypes(account, charge)).containsExactly("charge.succeeded", "charge.refunded");
        assertThat(api.get("/v1/balance_transactions?source=" + refund.text("id"), account.testKey()).json().path("data").path(0)
                .path("net").asLong()).isEqualTo(-2000);

        assertProblem(api.post("/v1/refunds", account.testKey(), "{\"charge\":\"" + charge + "\"}"), 400, "charge_already_refunded", "amount");
    }

    @Test
    void severalPartialRefundsNeverExceedWhatWasCaptured() {
        Api.Account account = api.newAccount();
        Api.Response intent = pay(api, account.testKey(), Payments.SUCCESS, 1000, "eur", "automatic");
        String body = "{\"payment_intent\":\"" + intent.text("id") + "\",\"amount\":400}";

        assertThat(api.post("/v1/refunds", account.testKey(), body).text("status")).isEqualTo("succeeded");
        assertThat(api.post("/v1/refunds", account.testKey(), body).text("status")).isEqualTo("succeeded");
        assertProblem(api.post("/v1/refunds", account.testKey(), body), 400, "amount_too_large", "amount");
        Api.Response rest = api.post("/v1/refunds", account.testKey(), "{\"charge\":\"" + intent.text("latest_charge") + "\"}");
        assertThat(rest.json().path("amount").asLong()).isEqualTo(200);

        assertThat(api.get("/v1/refunds?payment_intent=" + intent.text("id"), account.testKey()).json().path("data")).hasSize(3);
        assertThat(api.get("/v1/payment_intents/" + intent.text("id"), account.testKey()).json().path("amount_refunded").asLong())
                .isEqualTo(1000);
    }

    @Test
    void fiftyConcurrentPartialRefundsTakeExactlyWhatFits() throws Exception {
        Api.Account account = api.newAccount();
        Api.Response intent = pay(api, account.testKey(), Payments.SUCCESS, 10_000, "usd", "automatic");
        String body = "{\"payment_intent\":\"" + intent.text("id") + "\",\"amount\":300}";

        CountDownLatch start = new CountDownLatch(1);
        List<Future<Api.Response>> futures = new ArrayList<>();
        List<Api.Response> responses = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(50)) {
            for (int i = 0; i < 50; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return api.post("/v1/refunds", account.testKey(), body);
                }));
            }
            start.countDown();
            for (Future<Api.Response> future : futures) {
                responses.add(future.get());
            }
        }

        assertThat(responses).filteredOn(r -> r.status() == 200).hasSize(33)
                .allSatisfy(r -> assertThat(r.text("status")).isEqualTo("succeeded"));
        assertThat(responses).filteredOn(r -> r.status() != 200).hasSize(17)
                .allSatisfy(r -> assertProblem(r, 400, "amount_too_large", "amount"));
        assertThat(api.get("/v1/charges/" + intent.text("latest_charge"), account.testKey()).json().path("amount_refunded").asLong())
                .isEqualTo(9_900);
        assertThat(jdbc.sql("SELECT count(*) FROM refunds WHERE account_id = :a").param("a", account.id()).query(Long.class).single())
                .as("a refused refund writes nothing").isEqualTo(33);
        assertThat(jdbc.sql("""
                SELECT count(*) FROM (SELECT transaction_id FROM ledger_entries WHERE account_id = :a
                                      GROUP BY transaction_id HAVING sum(amount) <> 0) unbalanced""")
                .param("a", account.id()).query(Long.class).single()).isZero();
        assertThat(ledgerSum(account, "refunds")).isEqualTo(9_900);
        assertThat(ledgerSum(account, "refunds_pending")).isZero();
        long available = api.get("/v1/balance", account.testKey()).json().path("available").path(0).path("amount").asLong();
        assertThat(available).as("balance = sum of entries").isEqualTo(ledgerSum(account, "receivable_available") + ledgerSum(account, "refunds_pending"));
        assertThat(available).isEqualTo(-9_900);
    }

    @Test
    void theRefundFailureCardFailsAsynchronouslyAndTheHoldIsReversed() {
        Api.Account account = api.newAccount();
        Api.Response intent = pay(api, account.testKey(), Payments.REFUND_FAILS, 5000, "usd", "automatic");

        Api.Response refund = api.post("/v1/refunds", account.testKey(),
                "{\"payment_intent\":\"" + intent.text("id") + "\",\"amount\":1500}");
        assertThat(refund.text("status")).isEqualTo("pending");
        assertThat(ledgerSum(account, "refunds_pending")).as("held while pending").isEqualTo(-1500);

        Api.Response failed = awaitRefund(account, refund.text("id"), "failed");

        assertThat(failed.text("failure_reason")).isEqualTo("refund_failed");
        assertThat(entries(refund.text("id"))).containsExactlyInAnyOrder(
                "refund:refunds:1500", "refund:refunds_pending:-1500",
                "refund_failure:refunds_pending:1500", "refund_failure:refunds:-1500");
        assertThat(ledgerSum(account, "refunds")).isZero();
        assertThat(eventTypes(account, refund.text("id"))).containsExactly("refund.created", "refund.failed", "refund.updated");
        var charge = api.get("/v1/charges/" + intent.text("latest_charge"), account.testKey()).json();
        assertThat(charge.path("amount_refunded").asLong()).isZero();
        assertThat(charge.path("refunds").path("data").path(0).path("status").asString()).isEqualTo("failed");
    }

    @Test
    void aPendingRefundCanBeCanceledAndItsHoldReleased() {
        Api.Account account = api.newAccount();
        Api.Response intent = pay(api, account.testKey(), Payments.REFUND_FAILS, 5000, "usd", "automatic");
        Api.Response refund = api.post("/v1/refunds", account.testKey(), "{\"payment_intent\":\"" + intent.text("id") + "\"}");
        assertThat(refund.text("status")).isEqualTo("pending");

        Api.Response canceled = api.post("/v1/refunds/" + refund.text("id") + "/cancel", account.testKey(), "{}");

        assertThat(canceled.status()).as(canceled.toString()).isEqualTo(200);
        assertThat(canceled.text("status")).isEqualTo("canceled");
        assertThat(ledgerSum(account, "refunds")).isZero();
        assertThat(ledgerSum(account, "refunds_pending")).isZero();
        assertProblem(api.post("/v1/refunds/" + refund.text("id") + "/cancel", account.testKey(), "{}"), 409, "refund_unexpected_state");
        assertThat(api.post("/v1/refunds", account.testKey(), "{\"payment_intent\":\"" + intent.text("id") + "\",\"amount\":5000}")
                .status()).as("the released amount can be refunded again").isEqualTo(200);
    }

    @Test
    void aRefundWhoseReplyTimesOutIsSettledByTheJanitorAndNeverRepeated() {
        Api.Account account = api.newAccount();
        Api.Response intent = pay(api, account.testKey(), Payments.TIMEOUT, 3000, "usd", "automatic");
        Payments.awaitStatus(api, account.testKey(), intent.text("id"), "succeeded");
        String body = "{\"payment_intent\":\"" + intent.text("id") + "\",\"amount\":1000}";

        Api.Response first = api.post("/v1/refunds", account.testKey(), body, "refund-timeout");
        assertThat(first.text("status")).as("no answer is not a failure").isEqualTo("pending");
        Api.Response retried = api.post("/v1/refunds", account.testKey(), body, "refund-timeout");
        assertThat(retried.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(retried.body()).isEqualTo(first.body());

        awaitRefund(account, first.text("id"), "succeeded");
        assertThat(jdbc.sql("SELECT count(*) FROM simulator.refunds WHERE idempotency_key LIKE :k")
                .param("k", "settle_" + first.text("id") + "%").query(Long.class).single()).as("refunded once at the processor").isEqualTo(1);
        assertThat(jdbc.sql("SELECT count(*) FROM refunds WHERE account_id = :a").param("a", account.id()).query(Long.class).single())
                .isEqualTo(1);
        assertThat(entries(first.text("id"))).hasSize(4);
    }

    @Test
    void refundUpdatesMetadataAndListsWithFilters() {
        Api.Account account = api.newAccount();
        Api.Response intent = pay(api, account.testKey(), Payments.SUCCESS);
        String refund = api.post("/v1/refunds", account.testKey(), "{\"payment_intent\":\"" + intent.text("id") + "\",\"amount\":100}").text("id");

        Api.Response updated = api.post("/v1/refunds/" + refund, account.testKey(), "{\"metadata\":{\"note\":\"goodwill\"}}");
        assertThat(updated.json().path("metadata").path("note").asString()).isEqualTo("goodwill");
        assertThat(api.get("/v1/refunds?status=succeeded&charge=" + intent.text("latest_charge"), account.testKey())
                .json().path("data")).hasSize(1);
        assertThat(api.get("/v1/refunds?status=failed", account.testKey()).json().path("data")).isEmpty();
        assertThat(api.get("/v1/refunds/" + refund, account.testKey()).json().path("metadata").path("note").asString()).isEqualTo("goodwill");
    }

    private Api.Response awaitRefund(Api.Account account, String id, String status) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        Api.Response refund = api.get("/v1/refunds/" + id, account.testKey());
        while (!status.equals(refund.text("status")) && Instant.now().isBefore(deadline)) {
            Payments.sleep(100);
            refund = api.get("/v1/refunds/" + id, account.testKey());
        }
        assertThat(refund.text("status")).as(refund.toString()).isEqualTo(status);
        return refund;
    }

    private List<String> entries(String refund) {
        return jdbc.sql("""
                SELECT t.type || ':' || e.ledger_account || ':' || e.amount FROM ledger_entries e
                JOIN ledger_transactions t ON t.id = e.transaction_id WHERE t.source_id = :r""")
                .param("r", refund).query(String.class).list();
    }

    private long ledgerSum(Api.Account account, String ledgerAccount) {
        return jdbc.sql("SELECT coalesce(sum(amount), 0) FROM ledger_entries WHERE account_id = :a AND ledger_account = :l")
                .param("a", account.id()).param("l", ledgerAccount).query(Long.class).single();
    }

    private List<String> eventTypes(Api.Account account, String objectId) {
        return jdbc.sql("SELECT type FROM events_outbox WHERE account_id = :a AND object_id = :o ORDER BY position")
                .param("a", account.id()).param("o", objectId).query(String.class).list();
    }
}
