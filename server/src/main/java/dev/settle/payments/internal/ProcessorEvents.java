package dev.settle.payments.internal;

import java.util.Optional;

import org.springframework.stereotype.Component;

import dev.settle.payments.spi.ProcessorCharge;
import dev.settle.payments.spi.ProcessorConnector;
import dev.settle.payments.spi.ProcessorEvent;

/**
 * Turns verified processor events into state changes. The event is only a trigger: the state
 * applied is what the processor reports when asked, so an event arriving late, twice or out
 * of order cannot move anything backwards.
 */
@Component
public class ProcessorEvents {

    private final Connectors connectors;
    private final ChargeRepository charges;
    private final ChargeOutcomes outcomes;

    ProcessorEvents(Connectors connectors, ChargeRepository charges, ChargeOutcomes outcomes) {
        this.connectors = connectors;
        this.charges = charges;
        this.outcomes = outcomes;
    }

    public Optional<ProcessorConnector> connector(String name) {
        return connectors.find(name);
    }

    public boolean handle(String processor, ProcessorEvent event) {
        if (!event.objectType().equals("charge")) {
            return false;
        }
        Optional<Charge> charge = charges.findByReference(processor, event.objectReference());
        if (charge.isEmpty()) {
            return false;
        }
        ProcessorCharge current = connectors.named(processor).retrieve(event.objectReference());
        outcomes.apply(charge.get().id(), current);
        return true;
    }
}
