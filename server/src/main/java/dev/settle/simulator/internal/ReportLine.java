package dev.settle.simulator.internal;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * One balance transaction of a settlement report, before it is written in a layout: a captured
 * charge (gross positive, its fee), a succeeded refund (gross negative, no fee), or a payout.
 * Amounts in minor units of {@code currency}.
 */
record ReportLine(String id, String category, String sourceId, @Nullable String chargeId, long gross, long fee,
        String currency, Instant created, @Nullable String payoutId) {

    long net() {
        return Math.subtractExact(gross, fee);
    }

    ReportLine withPayout(String payout) {
        return new ReportLine(id, category, sourceId, chargeId, gross, fee, currency, created, payout);
    }
}
