package dev.settle.payments;

import static org.assertj.core.api.Assertions.assertThat;

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
class ConcurrentConfirmTests {

    @Autowired
    Api api;

    @Autowired
    JdbcClient jdbc;

    @Test
    void twentyConcurrentConfirmsChargeOnceAndPostOnce() throws Exception {
        Api.Account account = api.newAccount();
        String method = Payments.paymentMethod(api, account.testKey(), Payments.SUCCESS);
        String intent = api.post("/v1/payment_intents", account.testKey(),
                "{\"amount\":4200,\"currency\":\"usd\",\"payment_method\":\"" + method + "\"}").text("id");

        CountDownLatch start = new CountDownLatch(1);
        List<Future<Api.Response>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(20)) {
            for (int i = 0; i < 20; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return api.post("/v1/payment_intents/" + intent + "/confirm", account.testKey(), "{}");
                }));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Api.Response> future : futures) {
                statuses.add(future.get().status());
            }
            assertThat(statuses).filteredOn(s -> s == 200).hasSize(1);
            assertThat(statuses).filteredOn(s -> s == 409).hasSize(19);
        }

        assertThat(api.get("/v1/payment_intents/" + intent, account.testKey()).text("status")).isEqualTo("succeeded");
        assertThat(count("SELECT count(*) FROM payments_charges WHERE payment_intent_id = :x", intent)).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM ledger_transactions WHERE account_id = :x AND type = 'charge'", account.id()))
                .isEqualTo(1);
        String charge = jdbc.sql("SELECT id FROM payments_charges WHERE payment_intent_id = :x").param("x", intent)
                .query(String.class).single();
        assertThat(count("SELECT count(*) FROM simulator.charges WHERE idempotency_key = :x", "settle_" + charge))
                .as("one charge at the processor").isEqualTo(1);
    }

    /**
     * The key is written with the attempt's record, not claimed ahead of it: of twenty identical
     * create-and-confirm requests under one Idempotency-Key, one records its intent and pays, the
     * others' records are refused at their commit (before any processor call) and they answer
     * as the key says: the first answer replayed, or 409 while it is still in flight.
     */
    @Test
    void twentyConcurrentIdenticalPaymentsUnderOneKeyPayOnce() throws Exception {
        Api.Account account = api.newAccount();
        String method = Payments.paymentMethod(api, account.testKey(), Payments.SUCCESS);
        String body = "{\"amount\":2500,\"currency\":\"usd\",\"payment_method\":\"" + method + "\",\"confirm\":true}";

        CountDownLatch start = new CountDownLatch(1);
        List<Future<Api.Response>> futures = new ArrayList<>();
        List<Api.Response> responses = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(20)) {
            for (int i = 0; i < 20; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return api.post("/v1/payment_intents", account.testKey(), body, "order-20-at-once");
                }));
            }
            start.countDown();
            for (Future<Api.Response> future : futures) {
                responses.add(future.get());
            }
        }
        assertThat(responses).allSatisfy(r -> assertThat(r.status()).as(r.toString()).isIn(200, 409));
        assertThat(responses).filteredOn(r -> r.status() == 409)
                .allSatisfy(r -> assertThat(r.text("code")).isEqualTo("idempotency_key_in_use"));
        List<String> paid = responses.stream().filter(r -> r.status() == 200).map(Api.Response::body).distinct().toList();
        assertThat(paid).as("every 200 is the one answer").hasSize(1);

        assertThat(count("SELECT count(*) FROM payments_intents WHERE account_id = :x", account.id())).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM payments_charges WHERE account_id = :x", account.id())).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM ledger_transactions WHERE account_id = :x AND type = 'charge'", account.id()))
                .isEqualTo(1);
        String charge = jdbc.sql("SELECT id FROM payments_charges WHERE account_id = :x").param("x", account.id())
                .query(String.class).single();
        assertThat(count("SELECT count(*) FROM simulator.charges WHERE idempotency_key = :x", "settle_" + charge))
                .as("one charge at the processor").isEqualTo(1);
        Api.Response again = api.post("/v1/payment_intents", account.testKey(), body, "order-20-at-once");
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(again.body()).isEqualTo(paid.getFirst());
    }

    private long count(String sql, String value) {
        return jdbc.sql(sql).param("x", value).query(Long.class).single();
    }
}
