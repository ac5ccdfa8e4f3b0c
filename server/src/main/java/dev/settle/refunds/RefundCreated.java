package dev.settle.refunds;

import java.time.Instant;

import dev.settle.payments.ChargeId;
import dev.settle.shared.Money;
import dev.settle.tenancy.Tenant;

/** A refund was recorded and its amount reserved; the ledger holds it as pending. */
public record RefundCreated(Tenant tenant, String refund, ChargeId charge, Money amount, Instant at) {
}
