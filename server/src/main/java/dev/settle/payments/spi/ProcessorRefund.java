package dev.settle.payments.spi;

import org.jspecify.annotations.Nullable;

/**
 * A refund as the processor reports it, or the absence of a report.
 *
 * @param refused true when the processor refused the request itself (e.g. canceling a refund it
 *                already settled), as opposed to reporting a refund that failed
 */
public record ProcessorRefund(Outcome outcome, @Nullable String reference, long amount, @Nullable String failureCode,
        boolean refused) {

    public enum Outcome {
        SUCCEEDED, PENDING, FAILED, CANCELED, NOT_FOUND, UNKNOWN
    }

    public ProcessorRefund(Outcome outcome, @Nullable String reference, long amount, @Nullable String failureCode) {
        this(outcome, reference, amount, failureCode, false);
    }

    public static ProcessorRefund unknown() {
        return new ProcessorRefund(Outcome.UNKNOWN, null, 0, null);
    }

    public static ProcessorRefund notFound() {
        return new ProcessorRefund(Outcome.NOT_FOUND, null, 0, null);
    }
}
