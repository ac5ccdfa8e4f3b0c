package dev.settle.payments.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import dev.settle.payments.spi.ProcessorConnector;
import io.micrometer.observation.ObservationRegistry;

/** The processor connectors this installation has, by name, and the one new payments use; each call observed ({@link ObservedConnector}). */
@Component
class Connectors {

    private final Map<String, ProcessorConnector> byName;
    private final String active;

    Connectors(List<ProcessorConnector> connectors, @Value("${settle.payments.processor:simulator}") String active,
            ObservationRegistry observations) {
        this.byName = connectors.stream().collect(Collectors.toMap(ProcessorConnector::name,
                connector -> (ProcessorConnector) new ObservedConnector(connector, observations)));
        if (!byName.containsKey(active)) {
            throw new IllegalStateException("settle.payments.processor=" + active + " but the connectors are " + byName.keySet());
        }
        this.active = active;
    }

    ProcessorConnector active() {
        return byName.get(active);
    }

    ProcessorConnector named(String name) {
        return find(name).orElseThrow(() -> new IllegalStateException("No processor connector named " + name));
    }

    Optional<ProcessorConnector> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }
}
