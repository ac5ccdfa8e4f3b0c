package dev.settle.refunds;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import dev.settle.payments.ChargeId;
import dev.settle.shared.Money;
import dev.settle.tenancy.Tenant;

/**
 * The processor confirmed a refund: the money left. {@code feeReturned} is the part of the
 * charge's processor fee the processor gives back (zero where it keeps fees on refunds);
 * {@code processorReference} the processor's id of the refund.
 */
public record RefundSucceeded(Tenant tenant, String refund, ChargeId charge, Money amount, Money feeReturned, String processor,
        @Nullable String processorReference, Instant at) {
}
