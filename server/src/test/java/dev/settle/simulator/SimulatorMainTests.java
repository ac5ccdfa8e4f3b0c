package dev.settle.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import dev.settle.simulator.internal.SimulatorMain;

/** The simulator started on its own, from the command line's options, with no Spring context. */
class SimulatorMainTests {

    @Test
    void runsOnItsOwnFromCommandLineOptions() throws Exception {
        String databaseUrl = SimulatorFixture.get().postgres.getJdbcUrl("postgres", "postgres");
        try (SimulatorMain.Running running = SimulatorMain.start("--port=0", "--database-url", databaseUrl, "--api-key=sim_sk_main",
                "--webhook-secret=whsec_sim_main", "--webhook-url=http://127.0.0.1:9/hooks")) {
            assertThat(running.server().apiKey()).isEqualTo("sim_sk_main");
            assertThat(running.server().webhookSecret()).isEqualTo("whsec_sim_main");
            assertThat(running.server().webhookUrl()).hasToString("http://127.0.0.1:9/hooks");
            SimulatorClient client = new SimulatorClient(running.server().baseUrl(), "sim_sk_main");
            assertThat(client.charge("4242424242424242", true).text("status")).isEqualTo("succeeded");
        }
    }

    @Test
    void refusesMissingOrUnknownOptions() {
        assertThatThrownBy(() -> SimulatorMain.start("--port=0")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--database-url");
        assertThatThrownBy(() -> SimulatorMain.start("--colour=blue")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--colour");
    }
}
