package dev.settle.refunds.internal;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.settle.payments.ChargeId;
import dev.settle.shared.CurrencyUnit;
import dev.settle.shared.InvalidStateTransition;
import dev.settle.shared.Money;
import dev.settle.tenancy.AccountId;
import dev.settle.tenancy.Tenant;

/** A refund and what Settle last heard of it from the processor. */
record Refund(
        String id,
        String accountId,
        boolean livemode,
        String paymentIntentId,
        String chargeId,
        long amount,
        CurrencyUnit currency,
        @Nullable String reason,
        Status status,
        String processor,
        @Nullable String processorReference,
        String processorState,
        @Nullable String failureReason,
        Map<String, String> metadata,
        @Nullable Instant nextCheckAt,
        int checkAttempts,
        boolean needsReview,
        Instant created) {

    enum Status {
        PENDING, SUCCEEDED, FAILED, CANCELED;

        String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    Tenant tenant() {
        return new Tenant(new AccountId(accountId), livemode);
    }

    Money money() {
        return Money.of(amount, currency);
    }

    ChargeId charge() {
        return new ChargeId(chargeId);
    }

    /** The refund's idempotency key towards the processor. */
    String processorKey() {
        return "settle_" + id;
    }

    void requireCancelable() {
        if (status != Status.PENDING) {
            throw new InvalidStateTransition("refund", "cancel", id, status.code());
        }
    }

    Refund ended(Status outcome, @Nullable String reference, @Nullable String failure) {
        return new Refund(id, accountId, livemode, paymentIntentId, chargeId, amount, currency, reason, outcome, processor,
                reference != null ? reference : processorReference, outcome.code(), failure, metadata, null, 0, needsReview, created);
    }

    Refund awaiting(String state, @Nullable String reference, @Nullable Instant nextCheck, int attempts, boolean review) {
        return new Refund(id, accountId, livemode, paymentIntentId, chargeId, amount, currency, reason, status, processor,
                reference != null ? reference : processorReference, state, failureReason, metadata, nextCheck, attempts, review,
                created);
    }

    Refund withMetadata(Map<String, String> newMetadata) {
        return new Refund(id, accountId, livemode, paymentIntentId, chargeId, amount, currency, reason, status, processor,
                processorReference, processorState, failureReason, newMetadata, nextCheckAt, checkAttempts, needsReview, created);
    }
}
