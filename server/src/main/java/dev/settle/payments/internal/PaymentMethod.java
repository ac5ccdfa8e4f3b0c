package dev.settle.payments.internal;

import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/** A tokenized card. Settle keeps the processor's token and what may be shown; never the number or CVC. */
record PaymentMethod(
        String id,
        String accountId,
        boolean livemode,
        @Nullable String customerId,
        boolean defaultForCustomer,
        String brand,
        String last4,
        int expMonth,
        int expYear,
        String fingerprint,
        String processor,
        String processorToken,
        Map<String, String> metadata,
        Instant created) {
}
