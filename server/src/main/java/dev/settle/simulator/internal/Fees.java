package dev.settle.simulator.internal;

import dev.settle.shared.CurrencyUnit;

/**
 * The processor's fee on a captured amount: a percentage (rounded half up) plus a fixed part
 * that only two-decimal currencies pay, never more than what was captured.
 */
record Fees(int percentBps, long fixed) {

    long on(long captured, CurrencyUnit currency) {
        if (captured <= 0) {
            return 0;
        }
        long percent = Math.addExact(Math.multiplyExact(captured, (long) percentBps), 5_000) / 10_000;
        long fee = Math.addExact(percent, currency.exponent() == 2 ? fixed : 0);
        return Math.min(fee, captured);
    }
}
