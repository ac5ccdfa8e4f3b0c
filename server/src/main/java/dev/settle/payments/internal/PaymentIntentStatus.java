package dev.settle.payments.internal;

import java.util.Locale;

/** The states of a payment intent, as DESIGN.md draws them (Stripe-shaped). */
enum PaymentIntentStatus {
    REQUIRES_PAYMENT_METHOD,
    REQUIRES_CONFIRMATION,
    REQUIRES_ACTION,
    PROCESSING,
    REQUIRES_CAPTURE,
    SUCCEEDED,
    CANCELED;

    String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    static PaymentIntentStatus of(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT));
    }
}
