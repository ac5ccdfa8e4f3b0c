package dev.settle.payments;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import dev.settle.shared.Money;
import dev.settle.tenancy.Tenant;

/**
 * Money was captured: {@code amount} taken from the customer, of which the processor keeps
 * {@code fee}. Published inside the transaction that records the capture; the ledger posts
 * it in that same transaction. {@code processorReference} is the processor's id of the charge.
 */
public record ChargeCaptured(Tenant tenant, ChargeId charge, PaymentIntentId paymentIntent, Money amount, Money fee,
        String processor, @Nullable String processorReference, Instant at) {
}
