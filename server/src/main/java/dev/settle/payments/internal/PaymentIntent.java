package dev.settle.payments.internal;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import dev.settle.shared.CurrencyUnit;
import dev.settle.shared.InvalidRequestException;
import dev.settle.shared.InvalidStateTransition;
import dev.settle.shared.Money;
import dev.settle.tenancy.AccountId;
import dev.settle.tenancy.Tenant;

/**
 * A payment intent: the aggregate whose guarded methods are the only way its state changes.
 * Each method checks the state it finds and names it when it refuses. {@code version} is the
 * row's, as read: an update names it and increments it.
 */
record PaymentIntent(
        String id,
        String accountId,
        boolean livemode,
        long amount,
        CurrencyUnit currency,
        @Nullable String customerId,
        @Nullable String paymentMethodId,
        CaptureMethod captureMethod,
        PaymentIntentStatus status,
        long amountCapturable,
        long amountReceived,
        @Nullable String description,
        Map<String, String> metadata,
        @Nullable PaymentError lastPaymentError,
        @Nullable String nextActionUrl,
        @Nullable String returnUrl,
        @Nullable String latestChargeId,
        @Nullable String cancellationReason,
        @Nullable Instant canceledAt,
        Instant created,
        long version,
        @Nullable Instant clockTime) {

    enum CaptureMethod {
        AUTOMATIC, MANUAL;

        String code() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private static final Set<PaymentIntentStatus> CONFIRMABLE =
            EnumSet.of(PaymentIntentStatus.REQUIRES_PAYMENT_METHOD, PaymentIntentStatus.REQUIRES_CONFIRMATION);
    private static final Set<PaymentIntentStatus> CANCELABLE = EnumSet.of(PaymentIntentStatus.REQUIRES_PAYMENT_METHOD,
            PaymentIntentStatus.REQUIRES_CONFIRMATION, PaymentIntentStatus.REQUIRES_ACTION, PaymentIntentStatus.REQUIRES_CAPTURE);

    /**
     * When this intent's events happen: the test clock's time it was made under, else {@code now}
     * (a test clock's time stands still between advances).
     */
    Instant eventTime(Instant now) {
        return clockTime != null ? clockTime : now;
    }

    Tenant tenant() {
        return new Tenant(new AccountId(accountId), livemode);
    }

    Money money() {
        return Money.of(amount, currency);
    }

    void requireConfirmable() {
        if (!CONFIRMABLE.contains(status)) {
            throw refuse("confirm");
        }
    }

    PaymentIntent attempting(String paymentMethod, String chargeId) {
        requireConfirmable();
        return with(PaymentIntentStatus.PROCESSING, paymentMethod, amountCapturable, amountReceived, null, null, chargeId);
    }

    PaymentIntent requiringAction(String url) {
        return with(PaymentIntentStatus.REQUIRES_ACTION, paymentMethodId, 0, amountReceived, null, url, latestChargeId);
    }

    PaymentIntent processing() {
        return with(PaymentIntentStatus.PROCESSING, paymentMethodId, 0, amountReceived, null, null, latestChargeId);
    }

    PaymentIntent authorized() {
        return with(PaymentIntentStatus.REQUIRES_CAPTURE, paymentMethodId, amount, 0, null, null, latestChargeId);
    }

    PaymentIntent succeeded(long received) {
        return with(PaymentIntentStatus.SUCCEEDED, paymentMethodId, 0, received, null, null, latestChargeId);
    }

    PaymentIntent failed(PaymentError error) {
        return with(PaymentIntentStatus.REQUIRES_PAYMENT_METHOD, paymentMethodId, 0, 0, error, null, latestChargeId);
    }

    /** Checks a capture of {@code amountToCapture} (null: all that is capturable) and returns the amount. */
    long requireCapturable(@Nullable Long amountToCapture) {
        if (status != PaymentIntentStatus.REQUIRES_CAPTURE) {
            throw refuse("capture");
        }
        long toCapture = amountToCapture == null ? amountCapturable : amountToCapture;
        if (toCapture <= 0) {
            throw InvalidRequestException.invalidParam("amount_to_capture", "amount_to_capture must be a positive integer.");
        }
        if (toCapture > amountCapturable) {
            throw new InvalidRequestException("amount_too_large", "amount_to_capture (" + toCapture
                    + ") is more than the amount capturable (" + amountCapturable + ").", "amount_to_capture");
        }
        return toCapture;
    }

    void requireCancelable() {
        if (!CANCELABLE.contains(status)) {
            throw refuse("cancel");
        }
    }

    PaymentIntent canceled(@Nullable String reason, Instant at) {
        requireCancelable();
        return new PaymentIntent(id, accountId, livemode, amount, currency, customerId, paymentMethodId, captureMethod,
                PaymentIntentStatus.CANCELED, 0, amountReceived, description, metadata, lastPaymentError, null, returnUrl,
                latestChargeId, reason, at, created, version, clockTime);
    }

    private InvalidStateTransition refuse(String action) {
        return new InvalidStateTransition("payment_intent", action, id, status.code());
    }

    private PaymentIntent with(PaymentIntentStatus newStatus, @Nullable String paymentMethod, long capturable, long received,
            @Nullable PaymentError error, @Nullable String actionUrl, @Nullable String chargeId) {
        return new PaymentIntent(id, accountId, livemode, amount, currency, customerId, paymentMethod, captureMethod, newStatus,
                capturable, received, description, metadata, error, actionUrl, returnUrl, chargeId, cancellationReason, canceledAt,
                created, version, clockTime);
    }

    /** This intent at another version of its row (an update writes version n and leaves the row at n + 1). */
    PaymentIntent withVersion(long version) {
        return new PaymentIntent(id, accountId, livemode, amount, currency, customerId, paymentMethodId, captureMethod, status,
                amountCapturable, amountReceived, description, metadata, lastPaymentError, nextActionUrl, returnUrl, latestChargeId,
                cancellationReason, canceledAt, created, version, clockTime);
    }
}
