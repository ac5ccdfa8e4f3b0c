package dev.settle.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.settle.simulator.SimulatorClient.Response;

/** {@code GET /v1/settlements?date=…}: the day's captured charges and succeeded refunds as CSV. */
class SimulatorSettlementTests {

    private final SimulatorClient client = SimulatorFixture.get().client;

    @Test
    void listsCapturedChargesAndSucceededRefundsOfTheDay() {
        Response captured = client.charge("4242424242424242", true);
        String chargeId = captured.text("id");
        String authorizedOnly = client.charge("4242424242424242", false).text("id");
        String declined = client.charge("4000000000000002", true).text("id");
        Response refund = client.post("/v1/refunds", "{\"charge\": \"" + chargeId + "\", \"amount\": 500}", SimulatorClient.newKey());
        String failingCharge = client.charge("4000000000005126", true).text("id");
        String pendingRefund = client.post("/v1/refunds", "{\"charge\": \"" + failingCharge + "\"}", SimulatorClient.newKey()).text("id");
        LocalDate day = LocalDate.ofInstant(Instant.ofEpochSecond(captured.json().path("created").asLong()), ZoneOffset.UTC);

        Response report = client.get("/v1/settlements?date=" + day);

        assertThat(report.status()).isEqualTo(200);
        assertThat(report.header("Content-Type")).startsWith("text/csv");
        List<String> lines = report.raw().body().lines().toList();
        assertThat(lines.getFirst()).isEqualTo("id,type,reference,amount,fee,net,currency,created");
        assertThat(lines).contains(
                "stx_" + chargeId.substring(4) + ",charge," + chargeId + ",1999,88,1911,usd," + captured.json().path("created").asLong(),
                "stx_" + refund.text("id").substring(4) + ",refund," + refund.text("id") + ",-500,0,-500,usd,"
                        + refund.json().path("created").asLong());
        assertThat(report.raw().body())
                .contains(failingCharge)
                .doesNotContain(authorizedOnly)
                .doesNotContain(declined)
                .doesNotContain(pendingRefund);
        assertThat(lines.subList(1, lines.size())).allSatisfy(line -> assertThat(line.split(",")).hasSize(8));

        Response yesterday = client.get("/v1/settlements?date=" + day.minusDays(1));
        assertThat(yesterday.raw().body()).doesNotContain(chargeId);
    }

    @Test
    void needsAValidDate() {
        Response bad = client.get("/v1/settlements?date=2024-13-01");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.errorParam()).isEqualTo("date");
        assertThat(client.get("/v1/settlements").errorCode()).isEqualTo("parameter_missing");
        assertThat(client.get("/v1/settlements?date=2024-01-01&currency=usd").errorCode()).isEqualTo("parameter_unknown");
    }
}
