package dev.settle.refunds;

import java.time.Instant;

import dev.settle.payments.ChargeId;
import dev.settle.shared.Money;
import dev.settle.tenancy.Tenant;

/** A refund ended without money leaving ({@code failed} or {@code canceled}); its hold is reversed. */
public record RefundEnded(Tenant tenant, String refund, ChargeId charge, Money amount, String outcome, Instant at) {
}
