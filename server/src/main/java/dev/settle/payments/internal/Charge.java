package dev.settle.payments.internal;

import java.time.Instant;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

import dev.settle.shared.CurrencyUnit;
import dev.settle.shared.Money;
import dev.settle.tenancy.AccountId;
import dev.settle.tenancy.Tenant;

/**
 * One attempt to take money for a payment intent, and what the processor said of it.
 *
 * <p>{@code status} is what the API shows ({@code pending}, {@code succeeded}, {@code failed},
 * {@code canceled}); {@code processorState} is what Settle last heard ({@code unknown} when it
 * heard nothing). {@code pendingAction} records a capture or void that was asked of the
 * processor but not yet confirmed, so the janitor can finish it. {@code version} is the row's,
 * as read: an update names it and increments it. {@code created} is when Settle made it, which
 * times its recovery; {@code clockTime} the test clock's time it was made under, which is what
 * it shows as made at.
 */
record Charge(
        String id,
        String paymentIntentId,
        String accountId,
        boolean livemode,
        long amount,
        CurrencyUnit currency,
        String paymentMethodId,
        String processor,
        @Nullable String processorReference,
        Status status,
        String processorState,
        boolean captured,
        long amountCaptured,
        long amountRefunded,
        long fee,
        @Nullable String failureCode,
        @Nullable String declineCode,
        @Nullable String failureMessage,
        PendingAction pendingAction,
        long pendingCaptureAmount,
        @Nullable Instant nextCheckAt,
        int checkAttempts,
        boolean needsReview,
        Instant created,
        long version,
        @Nullable Instant clockTime) {

    enum Status {
        PENDING, SUCCEEDED, FAILED, CANCELED;

        String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    enum PendingAction {
        NONE, CAPTURE, VOID
    }

    static Charge pending(String id, PaymentIntent intent, String paymentMethodId, String processor, Instant now, Instant firstCheck) {
        return new Charge(id, intent.id(), intent.accountId(), intent.livemode(), intent.amount(), intent.currency(),
                paymentMethodId, processor, null, Status.PENDING, "pending", false, 0, 0, 0, null, null, null,
                PendingAction.NONE, 0, firstCheck, 0, false, now, 0, intent.clockTime());
    }

    /** When it shows as made: the test clock's time it was made under, else when it was made. */
    Instant shownCreated() {
        return clockTime != null ? clockTime : created;
    }

    Tenant tenant() {
        return new Tenant(new AccountId(accountId), livemode);
    }

    Money money(long minor) {
        return Money.of(minor, currency);
    }

    /** The idempotency key of the authorization towards the processor. */
    String authorizeKey() {
        return "settle_" + id;
    }

    String captureKey() {
        return "settle_" + id + "_capture";
    }

    String voidKey() {
        return "settle_" + id + "_void";
    }

    /** This charge at another version of its row (an update writes version n and leaves the row at n + 1). */
    Charge withVersion(long version) {
        return new Charge(id, paymentIntentId, accountId, livemode, amount, currency, paymentMethodId, processor,
                processorReference, status, processorState, captured, amountCaptured, amountRefunded, fee, failureCode,
                declineCode, failureMessage, pendingAction, pendingCaptureAmount, nextCheckAt, checkAttempts, needsReview, created,
                version, clockTime);
    }

    boolean outcomeKnown() {
        return status != Status.PENDING;
    }

    Charge withProcessorState(String state, @Nullable String reference, @Nullable Instant nextCheck, int attempts) {
        return new Charge(id, paymentIntentId, accountId, livemode, amount, currency, paymentMethodId, processor,
                reference != null ? reference : processorReference, status, state, captured, amountCaptured, amountRefunded, fee,
                failureCode, declineCode, failureMessage, pendingAction, pendingCaptureAmount, nextCheck, attempts, needsReview,
                created, version, clockTime);
    }

    Charge succeeded(String reference, boolean isCaptured, long captured, long processorFee) {
        return new Charge(id, paymentIntentId, accountId, livemode, amount, currency, paymentMethodId, processor, reference,
                Status.SUCCEEDED, "succeeded", isCaptured, captured, amountRefunded, processorFee, null, null, null,
                PendingAction.NONE, 0, null, 0, needsReview, created, version, clockTime);
    }

    Charge failed(@Nullable String reference, String code, @Nullable String decline, String message) {
        return new Charge(id, paymentIntentId, accountId, livemode, amount, currency, paymentMethodId, processor,
                reference != null ? reference : processorReference, Status.FAILED, "failed", false, 0, 0, 0, code, decline,
                message, PendingAction.NONE, 0, null, 0, needsReview, created, version, clockTime);
    }

    Charge voided() {
        return new Charge(id, paymentIntentId, accountId, livemode, amount, currency, paymentMethodId, processor,
                processorReference, Status.CANCELED, "canceled", false, 0, 0, 0, failureCode, declineCode, failureMessage,
                PendingAction.NONE, 0, null, 0, needsReview, created, version, clockTime);
    }

    Charge requesting(PendingAction action, long captureAmount, Instant nextCheck) {
        return new Charge(id, paymentIntentId, accountId, livemode, amount, currency, paymentMethodId, processor,
                processorReference, status, processorState, captured, amountCaptured, amountRefunded, fee, failureCode,
                declineCode, failureMessage, action, captureAmount, nextCheck, 0, needsReview, created, version, clockTime);
    }

    Charge flaggedForReview() {
        return new Charge(id, paymentIntentId, accountId, livemode, amount, currency, paymentMethodId, processor,
                processorReference, status, processorState, captured, amountCaptured, amountRefunded, fee, failureCode,
                declineCode, failureMessage, pendingAction, pendingCaptureAmount, null, checkAttempts, true, created, version, clockTime);
    }
}
