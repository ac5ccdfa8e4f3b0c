package dev.settle.billing.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.settle.support.Api;
import dev.settle.support.Payments;
import dev.settle.support.SettleTest;

/**
 * Two renewal passes (as two nodes, or two scheduler instances, would run them) racing over the
 * same due subscriptions on one database: exactly one invoice and one charge per period. The
 * passes read the due subscriptions without locks, so the only thing that keeps the second pass
 * from invoicing a period again is the unique index on (subscription, period start): with it
 * removed this test fails with two invoices (and two charges) per subscription.
 */
@SettleTest
class RenewalRaceTests {

    private static final int SUBSCRIPTIONS = 12;

    @Autowired
    Api api;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    BillingPasses passes;

    @Test
    void twoPassesRacingMakeOneInvoiceAndOneChargePerPeriod() throws Exception {
        Api.Account account = api.newAccount();
        String key = account.testKey();
        Instant start = Instant.parse("2027-05-10T00:00:00Z");
        String clock = api.post("/v1/test_helpers/test_clocks", key, "{\"frozen_time\":" + start.getEpochSecond() + "}").text("id");
        String product = api.post("/v1/products", key, "{\"name\":\"Race\"}").text("id");
        String price = api.post("/v1/prices", key, "{\"product\":\"" + product
                + "\",\"currency\":\"usd\",\"unit_amount\":1500,\"recurring\":{\"interval\":\"month\"}}").text("id");
        List<String> subscriptions = new ArrayList<>();
        for (int i = 0; i < SUBSCRIPTIONS; i++) {
            String customer = api.post("/v1/customers", key, "{\"test_clock\":\"" + clock + "\"}").text("id");
            String method = Payments.paymentMethod(api, key, Payments.SUCCESS);
            api.post("/v1/payment_methods/" + method + "/attach", key, "{\"customer\":\"" + customer + "\",\"default_for_customer\":true}");
            Api.Response sub = api.post("/v1/subscriptions", key, "{\"customer\":\"" + customer + "\",\"items\":[{\"price\":\"" + price + "\"}]}");
            assertThat(sub.text("status")).as(sub.toString()).isEqualTo("active");
            subscriptions.add(sub.text("id"));
        }

        // The clock is moved by hand (it stays "ready", so the billing job leaves it alone) and the
        // passes are run by this test, twice at once: at the period end (renewal: the draft), then
        // an hour later (finalize and charge).
        Instant periodEnd = Instant.parse("2027-06-10T00:00:00Z");
        race(clock, periodEnd);
        race(clock, periodEnd.plus(Duration.ofHours(1)));

        for (String sub : subscriptions) {
            List<String> cycle = jdbc.sql("""
                    SELECT status || ':' || amount_paid FROM billing_invoices WHERE subscription_id = :sub AND billing_reason = 'subscription_cycle'
                    """).param("sub", sub).query(String.class).list();
            assertThat(cycle).as("the June invoice of " + sub).containsExactly("paid:1500");
            long charges = jdbc.sql("""
                    SELECT count(*) FROM payments_charges c JOIN payments_intents p ON p.id = c.payment_intent_id
                    JOIN billing_invoices i ON i.payment_intent_id = p.id OR p.metadata ->> 'invoice' = i.id
                    WHERE i.subscription_id = :sub AND i.billing_reason = 'subscription_cycle' AND c.status = 'succeeded'
                    """).param("sub", sub).query(Long.class).single();
            assertThat(charges).as("successful charges for the June invoice of " + sub).isEqualTo(1);
        }
        assertThat(jdbc.sql("SELECT count(*) FROM payments_intents WHERE account_id = :a").param("a", account.id())
                .query(Long.class).single()).as("one intent per subscription and period").isEqualTo(2L * SUBSCRIPTIONS);
        assertThat(jdbc.sql("SELECT count(*) FROM ledger_transactions WHERE account_id = :a AND type = 'invoice'")
                .param("a", account.id()).query(Long.class).single()).isEqualTo(2L * SUBSCRIPTIONS);
    }

    private void race(String clock, Instant at) throws Exception {
        jdbc.sql("UPDATE billing_test_clocks SET frozen_time = :at WHERE id = :id").param("at", Timestamp.from(at)).param("id", clock).update();
        CyclicBarrier together = new CyclicBarrier(2);
        ExecutorService nodes = Executors.newFixedThreadPool(2);
        try {
            List<Future<Integer>> runs = new ArrayList<>();
            for (int node = 0; node < 2; node++) {
                runs.add(nodes.submit(() -> {
                    together.await();
                    return passes.run(new Scope(clock, at));
                }));
            }
            for (Future<Integer> run : runs) {
                run.get();
            }
        } finally {
            nodes.shutdownNow();
        }
    }
}
