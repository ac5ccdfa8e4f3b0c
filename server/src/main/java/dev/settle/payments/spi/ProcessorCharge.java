package dev.settle.payments.spi;

import org.jspecify.annotations.Nullable;

/**
 * A charge as the processor reports it, or the absence of a report.
 *
 * @param reference      the processor's id for the charge (null when NOT_FOUND or UNKNOWN)
 * @param amountCaptured minor units captured so far
 * @param fee            the processor's fee on the captured amount
 * @param nextActionUrl  where the customer completes authentication (REQUIRES_ACTION)
 */
public record ProcessorCharge(
        Outcome outcome,
        @Nullable String reference,
        boolean captured,
        long amountCaptured,
        long fee,
        @Nullable String failureCode,
        @Nullable String declineCode,
        @Nullable String failureMessage,
        @Nullable String nextActionUrl) {

    public enum Outcome {
        /** Authorized, and captured if {@code captured}. */
        SUCCEEDED,
        /** The customer must authenticate (3-D Secure) at {@code nextActionUrl}. */
        REQUIRES_ACTION,
        /** Accepted; the outcome arrives later by webhook. */
        PROCESSING,
        /** Declined or failed; nothing was charged. */
        FAILED,
        /** The authorization was voided. */
        CANCELED,
        /** The processor says it has no such charge. */
        NOT_FOUND,
        /** No answer: timeout, lost connection or a server error. It may or may not have happened. */
        UNKNOWN
    }

    public static ProcessorCharge unknown(String why) {
        return new ProcessorCharge(Outcome.UNKNOWN, null, false, 0, 0, null, null, why, null);
    }

    public static ProcessorCharge notFound() {
        return new ProcessorCharge(Outcome.NOT_FOUND, null, false, 0, 0, null, null, null, null);
    }
}
