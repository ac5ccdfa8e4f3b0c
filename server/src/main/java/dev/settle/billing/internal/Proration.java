package dev.settle.billing.internal;

import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;

/**
 * Proration to the second, as Stripe documents it: a change at {@code t} inside the period
 * [start, end) credits the unused time of what was billed, {@code −old × (end − t) / (end − start)},
 * and charges the remaining time of what replaces it, {@code +new × (end − t) / (end − start)},
 * each rounded to the nearest minor unit (halves away from zero). Exact: no floating point, no
 * overflow (the product is taken in {@link BigInteger}).
 */
final class Proration {

    private Proration() {
    }

    /** {@code amount × (end − at) / (end − start)}, rounded half away from zero. */
    static long remaining(long amount, Instant start, Instant end, Instant at) {
        long total = Duration.between(start, end).toSeconds();
        long left = Duration.between(at, end).toSeconds();
        if (total <= 0 || left <= 0) {
            return 0;
        }
        if (left >= total) {
            return amount;
        }
        return new java.math.BigDecimal(BigInteger.valueOf(amount).multiply(BigInteger.valueOf(left)))
                .divide(java.math.BigDecimal.valueOf(total), 0, RoundingMode.HALF_UP)
                .longValueExact();
    }
}
