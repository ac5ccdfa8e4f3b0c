package dev.settle.refunds.internal;

import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.settle.shared.Metadata;

/** A refund as the API and its events show it. */
record RefundView(String id, String object, boolean livemode, long amount, String currency, String paymentIntent,
        String charge, @Nullable String reason, String status, @Nullable String failureReason, Map<String, String> metadata,
        boolean needsReview, long created) {

    static RefundView of(Refund refund) {
        return new RefundView(refund.id(), "refund", refund.livemode(), refund.amount(), refund.currency().code(),
                refund.paymentIntentId(), refund.chargeId(), refund.reason(), refund.status().code(), refund.failureReason(),
                Metadata.sorted(refund.metadata()), refund.needsReview(), refund.created().getEpochSecond());
    }
}
