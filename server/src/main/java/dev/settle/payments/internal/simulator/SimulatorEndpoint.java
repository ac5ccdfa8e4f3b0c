package dev.settle.payments.internal.simulator;

import org.jspecify.annotations.Nullable;
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

    private volatile @Nullable Resolved resolved;

    private record Resolved(String baseUrl, String apiKey, String webhookSecret) {
    }

    String baseUrl() {
        return resolve().baseUrl();
    }

    String apiKey() {
        return resolve().apiKey();
    }

    String webhookSecret() {
        return resolve().webhookSecret();
    }

    /** Resolved on first use (the embedded simulator knows its port only once started), then kept. */
    private Resolved resolve() {
        Resolved current = resolved;
        if (current == null) {
            current = new Resolved(configuredOr("url", () -> simulator().baseUrl()),
                    configuredOr("api-key", () -> simulator().apiKey()),
                    configuredOr("webhook-secret", () -> simulator().webhookSecret()));
            resolved = current;
        }
        return current;
    }

    private String configuredOr(String property, java.util.function.Supplier<String> embeddedValue) {
        String configured = environment.getProperty("settle.payments.simulator." + property);
        return configured != null && !configured.isBlank() ? configured : embeddedValue.get();
    }

    private Simulator simulator() {
        Simulator simulator = embedded.getIfAvailable();
        if (simulator == null) {
            throw new IllegalStateException("No simulator: enable the embedded one or set settle.payments.simulator.url");
        }
        return simulator;
    }
}
