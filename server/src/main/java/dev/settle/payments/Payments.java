package dev.settle.payments;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.settle.payments.internal.ProcessorEvents;
import dev.settle.payments.spi.ProcessorConnector;
import dev.settle.payments.spi.ProcessorEvent;

/** What other modules may ask of payments. */
@Service
public class Payments {

    private final ProcessorEvents processorEvents;

    Payments(ProcessorEvents processorEvents) {
        this.processorEvents = processorEvents;
    }

    /** The connector for an inbound webhook path ({@code /v1/inbound/{name}}), if there is one. */
    public java.util.Optional<ProcessorConnector> connector(String name) {
        return processorEvents.connector(name);
    }

    /**
     * Acts on a verified processor event: asks the processor for the object's current state and
     * applies it, forward only. Joins the caller's transaction, so the caller can record the
     * event as handled atomically with its effect.
     *
     * @return false when the event concerns nothing Settle knows (yet)
     */
    @Transactional
    public boolean handle(String processor, ProcessorEvent event) {
        return processorEvents.handle(processor, event);
    }
}
