package dev.settle.catalog;

import org.jspecify.annotations.Nullable;

/**
 * One tier of a tiered price: units up to and including {@code upTo} (null: no upper bound, the
 * last tier) cost {@code unitAmount} each, plus {@code flatAmount} once for the tier.
 */
public record PriceTier(@Nullable Long upTo, long unitAmount, long flatAmount) {
}
