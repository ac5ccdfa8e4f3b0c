package dev.settle.refunds;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.settle.payments.spi.ProcessorEvent;
import dev.settle.refunds.internal.RefundProcessorEvents;

/** What other modules may ask of refunds. */
@Service
public class Refunds {

    private final RefundProcessorEvents processorEvents;

    Refunds(RefundProcessorEvents processorEvents) {
        this.processorEvents = processorEvents;
    }

    /**
     * Acts on a verified processor event about a refund: asks the processor for the refund's
     * state and applies it, forward only, in the caller's transaction.
     *
     * @return false when the event concerns no refund Settle knows (yet)
     */
    @Transactional
    public boolean handle(String processor, ProcessorEvent event) {
        return processorEvents.handle(processor, event);
    }
}
