package dev.settle.payments;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.zaxxer.hikari.HikariDataSource;

import dev.settle.support.Api;
import dev.settle.support.Payments;
import dev.settle.support.SettleTest;

/**
 * A payment holds a database connection only while it records the attempt and while it applies
 * the answer, never while it waits on the processor. Otherwise a pool would have to be as large
 * as the payments in flight at once, and the embedded simulator, which draws from the same pool,
 * could starve waiting for the requests that wait for it.
 */
@SettleTest
class ProcessorCallHoldsNoConnectionTests {

    @Autowired
    Api api;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    HikariDataSource pool;

    @Test
    void whileTheProcessorIsSlowToAnswerNoConnectionIsInUse() throws Exception {
        Api.Account account = api.newAccount();
        String method = Payments.paymentMethod(api, account.testKey(), Payments.TIMEOUT);
        String body = "{\"amount\":1500,\"currency\":\"usd\",\"payment_method\":\"" + method + "\",\"confirm\":true}";

        CompletableFuture<Api.Response> payment = CompletableFuture.supplyAsync(() -> api.post("/v1/payment_intents",
                account.testKey(), body));
        awaitAttemptRecorded(account);

        // The timeout card: the simulator charges at once and answers after settle.simulator.slow-reply-delay (4 s);
        // Settle gives up after settle.payments.processor-timeout (2 s). Watch the pool in between.
        int samplesInFlight = 0;
        int leastInUse = Integer.MAX_VALUE;
        Instant until = Instant.now().plus(Duration.ofMillis(1500));
        while (Instant.now().isBefore(until) && !payment.isDone()) {
            leastInUse = Math.min(leastInUse, pool.getHikariPoolMXBean().getActiveConnections());
            samplesInFlight++;
            Thread.sleep(2);
        }

        assertThat(payment.isDone()).as("the payment was still waiting on the processor while the pool was watched").isFalse();
        assertThat(samplesInFlight).isGreaterThan(100);
        assertThat(leastInUse).as("connections in use while the payment waited on the processor (background jobs take one"
                + " now and then, so the least seen)").isZero();
        assertThat(payment.get().text("status")).as("no answer is not a failure").isEqualTo("processing");
    }

    private void awaitAttemptRecorded(Api.Account account) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(5);
        while (Instant.now().isBefore(deadline)) {
            long attempts = jdbc.sql("SELECT count(*) FROM payments_charges WHERE account_id = :a").param("a", account.id())
                    .query(Long.class).single();
            if (attempts > 0) {
                return;
            }
            Thread.sleep(5);
        }
        throw new AssertionError("the attempt was never recorded");
    }
}
