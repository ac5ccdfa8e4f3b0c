package dev.settle.refunds.internal;

import org.springframework.stereotype.Component;

import dev.settle.payments.Payments;
import dev.settle.payments.spi.ProcessorEvent;

/** Processor events about refunds: a trigger to ask the processor and apply what it says. */
@Component
public class RefundProcessorEvents {

    private final RefundRepository refunds;
    private final RefundOutcomes outcomes;
    private final Payments payments;

    RefundProcessorEvents(RefundRepository refunds, RefundOutcomes outcomes, Payments payments) {
        this.refunds = refunds;
        this.outcomes = outcomes;
        this.payments = payments;
    }

    public boolean handle(String processor, ProcessorEvent event) {
        return refunds.findByReference(processor, event.objectReference())
                .map(refund -> {
                    outcomes.apply(refund.id(), payments.connector(processor).orElseThrow()
                            .retrieveRefundByIdempotencyKey(refund.processorKey()));
                    return true;
                })
                .orElse(false);
    }
}
