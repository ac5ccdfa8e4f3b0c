package dev.settle.payments.spi;

import org.jspecify.annotations.Nullable;

/** A refund as the processor reports it, or the absence of a report. */
public record ProcessorRefund(Outcome outcome, @Nullable String reference, long amount, @Nullable String failureCode) {

    public enum Outcome {
        SUCCEEDED, PENDING, FAILED, NOT_FOUND, UNKNOWN
    }

    public static ProcessorRefund unknown() {
        return new ProcessorRefund(Outcome.UNKNOWN, null, 0, null);
    }

    public static ProcessorRefund notFound() {
        return new ProcessorRefund(Outcome.NOT_FOUND, null, 0, null);
    }
}
