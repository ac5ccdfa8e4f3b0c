package dev.settle.ledger.internal;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.settle.ledger.LedgerAccount;
import dev.settle.shared.CurrencyUnit;
import dev.settle.tenancy.Tenant;

/**
 * One ledger transaction about to be posted: what caused it, how it shows as a balance
 * transaction (amount, fee, net) and its entries, which must sum to zero.
 */
record Posting(
        Tenant tenant,
        CurrencyUnit currency,
        String type,
        String sourceId,
        long amount,
        long fee,
        @Nullable Instant availableOn,
        @Nullable String description,
        List<Entry> entries) {

    /** Debits positive, credits negative. */
    record Entry(LedgerAccount account, long amount) {

        static Entry debit(LedgerAccount account, long amount) {
            return new Entry(account, amount);
        }

        static Entry credit(LedgerAccount account, long amount) {
            return new Entry(account, Math.negateExact(amount));
        }
    }

    Posting {
        entries = entries.stream().filter(entry -> entry.amount() != 0).toList();
        long sum = entries.stream().mapToLong(Entry::amount).reduce(0, Math::addExact);
        if (sum != 0) {
            throw new IllegalArgumentException("Unbalanced posting for " + sourceId + ": entries sum to " + sum);
        }
        if (entries.size() < 2) {
            throw new IllegalArgumentException("A posting needs at least two non-zero entries: " + sourceId);
        }
    }

    long net() {
        return Math.subtractExact(amount, fee);
    }
}
