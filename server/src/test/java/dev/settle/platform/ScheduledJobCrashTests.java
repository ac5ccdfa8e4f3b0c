package dev.settle.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.settle.support.Api;
import dev.settle.support.Payments;
import dev.settle.support.SettleTest;

/**
 * A node killed while one of its scheduled jobs runs leaves that job's execution claimed in
 * {@code scheduled_tasks}, and the job does not run anywhere until the claim is seen to be dead.
 * The crash campaign (bench/crash.sh) killed Settle in the middle of a payments-janitor run: after
 * the restart payments stayed {@code processing} for the 30 minutes db-scheduler waits by default.
 */
@SettleTest
class ScheduledJobCrashTests {

    @Autowired
    Api api;

    @Autowired
    JdbcClient jdbc;

    @Test
    void aJanitorRunClaimedByANodeThatDiedRunsAgainWithinAMinute() {
        // What a node killed mid-run leaves: the execution picked by it, its heartbeat stopped.
        jdbc.sql("""
                UPDATE scheduled_tasks
                SET picked = true,
                    picked_by = 'a-node-killed-mid-run',
                    last_heartbeat = now() - interval '2 minutes',
                    version = version + 1
                WHERE task_name = 'payments-janitor'
                """).update();
        Api.Account account = api.newAccount();

        // The processor answers 500 and charges nothing: only the janitor settles the payment.
        Api.Response paid = Payments.pay(api, account.testKey(), Payments.SERVER_ERROR);
        assertThat(paid.text("status")).as(paid.toString()).isEqualTo("processing");

        Api.Response settled = Payments.awaitIntent(api, account.testKey(), paid.text("id"),
                intent -> "requires_payment_method".equals(intent.text("status")), Duration.ofSeconds(60));
        assertThat(settled.text("status")).as("settled by the janitor, revived from the dead node's claim")
                .isEqualTo("requires_payment_method");
    }
}
