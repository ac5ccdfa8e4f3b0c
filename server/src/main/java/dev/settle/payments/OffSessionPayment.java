package dev.settle.payments;

import org.jspecify.annotations.Nullable;

/**
 * Where an off-session payment stands: {@code status} is the payment intent's
 * ({@code succeeded}, {@code processing} while the outcome is not yet known,
 * {@code requires_action} when the customer must authenticate, {@code requires_payment_method}
 * after a decline, with the decline's {@code failureCode} and {@code failureMessage}).
 */
public record OffSessionPayment(@Nullable String paymentIntent, String status, @Nullable String failureCode,
        @Nullable String failureMessage) {

    public boolean succeeded() {
        return status.equals("succeeded");
    }

    public boolean failed() {
        return status.equals("requires_payment_method") || status.equals("canceled");
    }
}
