package dev.settle.simulator.internal;

import java.time.Instant;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.settle.shared.ConflictException;
import dev.settle.shared.CurrencyUnit;
import dev.settle.shared.InvalidRequestException;
import dev.settle.simulator.internal.Scenario.Decline;

/**
 * A charge on the simulator. State changes are guarded methods returning the changed charge;
 * a charge in the wrong state answers 409 with a code naming the action refused.
 *
 * @param capture whether it was asked to capture at once; applied when it succeeds
 */
record Charge(
        String id,
        String tokenId,
        Scenario scenario,
        Status status,
        long amount,
        CurrencyUnit currency,
        boolean capture,
        long amountCaptured,
        long amountRefunded,
        long fee,
        @Nullable Decline decline,
        @Nullable String description,
        String idempotencyKey,
        Instant created) {

    enum Status {
        SUCCEEDED, REQUIRES_ACTION, PROCESSING, FAILED, CANCELED;

        String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Status ofWire(String value) {
            return valueOf(value.toUpperCase(Locale.ROOT));
        }
    }

    /** A new charge as the card's scenario decides it on arrival. */
    static Charge attempt(String id, Token token, long amount, CurrencyUnit currency, boolean capture,
            @Nullable String description, String idempotencyKey, Instant now, Fees fees) {
        Charge pending = new Charge(id, token.id(), token.scenario(), Status.PROCESSING, amount, currency, capture, 0, 0, 0, null,
                description, idempotencyKey, now);
        Decline decline = token.scenario().immediateDecline();
        if (decline != null) {
            return pending.fail(decline);
        }
        return switch (token.scenario()) {
            case THREE_D_SECURE -> pending.withStatus(Status.REQUIRES_ACTION);
            case ASYNC_SUCCEEDS, ASYNC_FAILS -> pending;
            default -> pending.succeed(fees);
        };
    }

    boolean captured() {
        return amountCaptured > 0;
    }

    long refundable() {
        return amountCaptured - amountRefunded;
    }

    /** Authorized; captured at once when that was asked. */
    Charge succeed(Fees fees) {
        Charge succeeded = withStatus(Status.SUCCEEDED);
        return capture ? succeeded.captureAmount(amount, fees) : succeeded;
    }

    Charge fail(Decline why) {
        return new Charge(id, tokenId, scenario, Status.FAILED, amount, currency, capture, 0, 0, 0, why, description,
                idempotencyKey, created);
    }

    Charge capture(long toCapture, Fees fees) {
        if (status != Status.SUCCEEDED || captured()) {
            throw new ConflictException("charge_not_capturable", "This charge cannot be captured: it is " + status.wire()
                    + (captured() ? " and already captured." : "."), null);
        }
        if (toCapture < 1 || toCapture > amount) {
            throw new InvalidRequestException("invalid_amount", "amount must be between 1 and " + amount + ", the authorized amount.",
                    "amount");
        }
        return captureAmount(toCapture, fees);
    }

    /** Releases an authorization or abandons authentication: {@code canceled}. */
    Charge cancel() {
        boolean authorizedOnly = status == Status.SUCCEEDED && !captured();
        if (!authorizedOnly && status != Status.REQUIRES_ACTION) {
            throw new ConflictException("charge_not_voidable", "This charge cannot be voided: it is " + status.wire()
                    + (captured() ? " and captured; refund it instead." : "."), null);
        }
        return withStatus(Status.CANCELED);
    }

    Charge completeAuthentication(boolean authenticated, Fees fees) {
        if (status != Status.REQUIRES_ACTION) {
            throw new ConflictException("charge_not_awaiting_authentication",
                    "This charge is not awaiting 3-D Secure authentication: it is " + status.wire() + ".", null);
        }
        return authenticated ? succeed(fees) : fail(Decline.AUTHENTICATION_FAILED);
    }

    Charge refunded(long refund) {
        if (refund < 1 || refund > refundable()) {
            throw new IllegalStateException("Refund of " + refund + " exceeds what is refundable on " + id);
        }
        return new Charge(id, tokenId, scenario, status, amount, currency, capture, amountCaptured, amountRefunded + refund, fee,
                decline, description, idempotencyKey, created);
    }

    private Charge captureAmount(long toCapture, Fees fees) {
        return new Charge(id, tokenId, scenario, status, amount, currency, capture, toCapture, 0, fees.on(toCapture, currency),
                decline, description, idempotencyKey, created);
    }

    private Charge withStatus(Status newStatus) {
        return new Charge(id, tokenId, scenario, newStatus, amount, currency, capture, amountCaptured, amountRefunded, fee, decline,
                description, idempotencyKey, created);
    }

    Json toJson(String baseUrl) {
        return new Json(id, "charge", status.wire(), amount, currency.code(), captured(), amountCaptured, amountRefunded, fee,
                decline == null ? null : decline.failureCode(),
                decline == null ? null : decline.declineCode(),
                decline == null ? null : decline.message(),
                status == Status.REQUIRES_ACTION ? baseUrl + "/3ds/" + id : null,
                idempotencyKey, tokenId, created.getEpochSecond());
    }

    /** The charge object of the API, field for field. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Json(String id, String object, String status, long amount, String currency, boolean captured, long amountCaptured,
            long amountRefunded, long fee, @Nullable String failureCode, @Nullable String declineCode,
            @Nullable String failureMessage, @Nullable String nextActionUrl, String idempotencyKey, String token,
            long created) {
    }
}
