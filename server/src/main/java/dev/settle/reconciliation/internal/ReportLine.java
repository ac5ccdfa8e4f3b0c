package dev.settle.reconciliation.internal;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A good line of a report, amounts in minor units: {@code category} is {@code charge},
 * {@code refund}, {@code payout}, {@code fee} or whatever else the processor reports;
 * {@code reference} the processor's id of what the line settles (for a payout, the payout);
 * {@code transactionCount} how many balance transactions a payout statement says it settles.
 */
record ReportLine(int line, @Nullable String rowId, String category, String reference, @Nullable String chargeRef, long gross,
        long fee, long net, String currency, @Nullable String payoutId, Instant created, @Nullable Integer transactionCount) {
}
