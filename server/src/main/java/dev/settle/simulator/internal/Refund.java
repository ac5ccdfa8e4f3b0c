package dev.settle.simulator.internal;

import java.time.Instant;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.settle.shared.CurrencyUnit;

/** A refund of (part of) a captured charge. */
record Refund(String id, String chargeId, long amount, CurrencyUnit currency, Status status, @Nullable String failureCode,
        String idempotencyKey, Instant created) {

    enum Status {
        SUCCEEDED, PENDING, FAILED, CANCELED;

        String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Status ofWire(String value) {
            return valueOf(value.toUpperCase(Locale.ROOT));
        }
    }

    Refund cancel() {
        if (status != Status.PENDING) {
            throw new IllegalStateException("Refund " + id + " is " + status.wire() + ", not pending");
        }
        return new Refund(id, chargeId, amount, currency, Status.CANCELED, null, idempotencyKey, created);
    }

    Refund fail(String code) {
        if (status != Status.PENDING) {
            throw new IllegalStateException("Refund " + id + " is " + status.wire() + ", not pending");
        }
        return new Refund(id, chargeId, amount, currency, Status.FAILED, code, idempotencyKey, created);
    }

    Json toJson() {
        return new Json(id, "refund", chargeId, amount, currency.code(), status.wire(), failureCode, idempotencyKey,
                created.getEpochSecond());
    }

    /** The refund object of the API, field for field. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Json(String id, String object, String charge, long amount, String currency, String status,
            @Nullable String failureCode, String idempotencyKey, long created) {
    }
}
