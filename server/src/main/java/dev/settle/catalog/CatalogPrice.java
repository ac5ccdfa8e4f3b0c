package dev.settle.catalog;

import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.settle.shared.CurrencyUnit;
import dev.settle.shared.InvalidRequestException;
import dev.settle.shared.Money;

/**
 * A price's terms as billing needs them. Amounts are exact {@code long} minor units of the
 * price's currency; a total that would overflow is refused, never wrapped.
 */
public record CatalogPrice(
        String id,
        String productId,
        CurrencyUnit currency,
        @Nullable Recurring recurring,
        BillingScheme billingScheme,
        @Nullable Long unitAmount,
        @Nullable TiersMode tiersMode,
        List<PriceTier> tiers,
        boolean active) {

    public enum BillingScheme { PER_UNIT, TIERED }

    public enum TiersMode { GRADUATED, VOLUME }

    /**
     * What {@code quantity} units cost. Per unit: quantity × unit_amount. Graduated: each tier
     * charges the units that fall in it at its unit amount, plus its flat amount once any unit
     * falls in it. Volume: all units at the unit amount of the tier the whole quantity falls in,
     * plus that tier's flat amount. A quantity of 0 costs nothing.
     */
    public Money amountFor(long quantity) {
        if (quantity < 0) {
            throw InvalidRequestException.invalidParam("quantity", "quantity must be zero or more.");
        }
        try {
            return Money.of(switch (billingScheme) {
                case PER_UNIT -> Math.multiplyExact(quantity, unitAmount == null ? 0 : unitAmount);
                case TIERED -> tiersMode == TiersMode.VOLUME ? volume(quantity) : graduated(quantity);
            }, currency);
        } catch (ArithmeticException overflow) {
            throw new InvalidRequestException("amount_too_large",
                    "The amount of " + quantity + " units of " + id + " is too large.", "quantity");
        }
    }

    private long graduated(long quantity) {
        long total = 0;
        long below = 0;
        for (PriceTier tier : tiers) {
            if (quantity <= below) {
                break;
            }
            long upper = tier.upTo() == null ? quantity : Math.min(quantity, tier.upTo());
            total = Math.addExact(total, Math.addExact(Math.multiplyExact(upper - below, tier.unitAmount()), tier.flatAmount()));
            if (tier.upTo() == null) {
                break;
            }
            below = tier.upTo();
        }
        return total;
    }

    private long volume(long quantity) {
        if (quantity == 0) {
            return 0;
        }
        for (PriceTier tier : tiers) {
            if (tier.upTo() == null || quantity <= tier.upTo()) {
                return Math.addExact(Math.multiplyExact(quantity, tier.unitAmount()), tier.flatAmount());
            }
        }
        throw new IllegalStateException("Price " + id + " has no tier for " + quantity + " units");
    }

    public boolean isRecurring() {
        return recurring != null;
    }
}
