package dev.settle.payments;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/** A charge attempt that failed: its payment, amount and the processor's reason. */
public record RecentFailure(String paymentIntent, String charge, long amount, String currency, @Nullable String failureCode,
        @Nullable String failureMessage, Instant created) {
}
