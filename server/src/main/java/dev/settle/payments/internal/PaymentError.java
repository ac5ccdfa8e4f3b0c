package dev.settle.payments.internal;

import org.jspecify.annotations.Nullable;

/** Why the last attempt failed, as {@code last_payment_error} shows it. */
record PaymentError(String type, String code, @Nullable String declineCode, String message, String charge) {
}
