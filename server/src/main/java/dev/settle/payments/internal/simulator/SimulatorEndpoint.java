package dev.settle.payments.internal.simulator;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import dev.settle.simulator.Simulator;

/**
 * Where the simulator is: the one running inside Settle (embedded mode), or, when
 * {@code settle.payments.simulator.url} is set, a simulator started on its own.
 */
@Component
class SimulatorEndpoint {

    private final Environment environment;
    private final ObjectProvider<Simulator> embedded;

    SimulatorEndpoint(Environment environment, ObjectProvider<Simulator> embedded) {
        this.environment = environment;
        this.embedded = embedded;
    }

    String baseUrl() {
        String configured = environment.getProperty("settle.payments.simulator.url");
        return configured != null && !configured.isBlank() ? configured : simulator().baseUrl();
    }

    String apiKey() {
        String configured = environment.getProperty("settle.payments.simulator.api-key");
        return configured != null && !configured.isBlank() ? configured : simulator().apiKey();
    }

    String webhookSecret() {
        String configured = environment.getProperty("settle.payments.simulator.webhook-secret");
        return configured != null && !configured.isBlank() ? configured : simulator().webhookSecret();
    }

    private Simulator simulator() {
        Simulator simulator = embedded.getIfAvailable();
        if (simulator == null) {
            throw new IllegalStateException("No simulator: enable the embedded one or set settle.payments.simulator.url");
        }
        return simulator;
    }
}
