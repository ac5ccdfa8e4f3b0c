package dev.settle.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.settle.simulator.SimulatorClient.Response;
import dev.settle.support.SettleTest;

/** Inside Settle: the simulator runs on its own port on Settle's database, and posts webhooks to Settle. */
@SettleTest
class SimulatorSpringTests {

    @Autowired
    Simulator simulator;

    @Autowired
    JdbcClient jdbc;

    @Value("${local.server.port}")
    int settlePort;

    @Test
    void servesOnItsOwnPortWithItsOwnTablesAndPostsWebhooksToSettle() {
        assertThat(simulator.baseUrl()).startsWith("http://localhost:").doesNotEndWith(":" + settlePort);
        assertThat(simulator.apiKey()).startsWith("sim_sk_");
        assertThat(simulator.webhookSecret()).startsWith("whsec_sim_");

        SimulatorClient client = new SimulatorClient(simulator.baseUrl(), simulator.apiKey());
        Response charge = client.charge("4000002500003155", true);
        assertThat(charge.text("status")).isEqualTo("requires_action");
        assertThat(charge.json().propertyNames()).as("Settle's JSON mapper writes the contract's fields, nulls included")
                .contains("amount_captured", "failure_code", "decline_code", "next_action_url", "idempotency_key");
        Response completed = client.post("/3ds/" + charge.text("id") + "/complete", "{\"outcome\": \"succeed\"}");
        assertThat(completed.text("status")).isEqualTo("succeeded");

        assertThat(jdbc.sql("SELECT count(*) FROM simulator.charges WHERE id = ?").param(charge.text("id")).query(Long.class).single())
                .isEqualTo(1);
        Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(jdbc.sql("""
                SELECT target_url FROM simulator.events WHERE object_id = ? AND attempts > 0""")
                .param(charge.text("id")).query(String.class).optional())
                .hasValue("http://localhost:" + settlePort + "/v1/inbound/simulator"));
    }
}
