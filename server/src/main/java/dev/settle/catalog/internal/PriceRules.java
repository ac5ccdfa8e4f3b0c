package dev.settle.catalog.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

import dev.settle.catalog.CatalogPrice;
import dev.settle.catalog.PriceTier;
import dev.settle.catalog.Recurring;
import dev.settle.shared.InvalidRequestException;
import tools.jackson.databind.JsonNode;

/** The rules a new price's terms must meet; each failure names its parameter. */
final class PriceRules {

    /** The largest unit or flat amount, in minor units (twelve digits). */
    static final long MAX_AMOUNT = 999_999_999_999L;
    static final int MAX_TIERS = 250;

    private PriceRules() {
    }

    record TierInput(@Nullable JsonNode upTo, @Nullable Long unitAmount, @Nullable Long flatAmount) {
    }

    record RecurringInput(@Nullable String interval, @Nullable Integer intervalCount) {
    }

    static @Nullable Recurring recurring(@Nullable RecurringInput input) {
        if (input == null) {
            return null;
        }
        if (input.interval() == null) {
            throw InvalidRequestException.missingParam("recurring[interval]");
        }
        Recurring.Interval interval = switch (input.interval()) {
            case "day", "week", "month", "year" -> Recurring.Interval.of(input.interval());
            default -> throw InvalidRequestException.invalidParam("recurring[interval]",
                    "recurring[interval] must be day, week, month or year.");
        };
        int count = input.intervalCount() == null ? 1 : input.intervalCount();
        if (count < 1 || count > interval.maxCount) {
            throw InvalidRequestException.invalidParam("recurring[interval_count]", "recurring[interval_count] must be 1 to "
                    + interval.maxCount + " for interval " + interval.code() + " (at most one year).");
        }
        return new Recurring(interval, count);
    }

    static CatalogPrice.BillingScheme scheme(@Nullable String scheme) {
        return switch (scheme == null ? "per_unit" : scheme) {
            case "per_unit" -> CatalogPrice.BillingScheme.PER_UNIT;
            case "tiered" -> CatalogPrice.BillingScheme.TIERED;
            default -> throw InvalidRequestException.invalidParam("billing_scheme", "billing_scheme must be per_unit or tiered.");
        };
    }

    static CatalogPrice.TiersMode tiersMode(@Nullable String mode) {
        if (mode == null) {
            throw InvalidRequestException.missingParam("tiers_mode");
        }
        return switch (mode) {
            case "graduated", "volume" -> CatalogPrice.TiersMode.valueOf(mode.toUpperCase(Locale.ROOT));
            default -> throw InvalidRequestException.invalidParam("tiers_mode", "tiers_mode must be graduated or volume.");
        };
    }

    static long amount(String param, @Nullable Long amount) {
        if (amount == null) {
            throw InvalidRequestException.missingParam(param);
        }
        if (amount < 0) {
            throw InvalidRequestException.invalidParam(param, param + " must be zero or more, in the currency's minor unit.");
        }
        if (amount > MAX_AMOUNT) {
            throw new InvalidRequestException("amount_too_large", param + " must be at most " + MAX_AMOUNT + ".", param);
        }
        return amount;
    }

    /** Tiers ascend strictly by {@code up_to}; the last, and only the last, is {@code "inf"}. */
    static List<PriceTier> tiers(@Nullable List<TierInput> input) {
        if (input == null || input.isEmpty()) {
            throw InvalidRequestException.missingParam("tiers");
        }
        if (input.size() > MAX_TIERS) {
            throw InvalidRequestException.invalidParam("tiers", "A price can have at most " + MAX_TIERS + " tiers.");
        }
        List<PriceTier> tiers = new ArrayList<>();
        long below = 0;
        for (int i = 0; i < input.size(); i++) {
            TierInput tier = input.get(i);
            String param = "tiers[" + i + "]";
            boolean last = i == input.size() - 1;
            Long upTo = upTo(param + "[up_to]", tier.upTo());
            if (last != (upTo == null)) {
                throw InvalidRequestException.invalidParam(param + "[up_to]",
                        "The last tier, and only the last, must have up_to \"inf\".");
            }
            if (upTo != null && upTo <= below) {
                throw InvalidRequestException.invalidParam(param + "[up_to]",
                        "Tiers must ascend: up_to " + upTo + " is not above the previous tier's " + below + ".");
            }
            if (tier.unitAmount() == null && tier.flatAmount() == null) {
                throw InvalidRequestException.missingParam(param + "[unit_amount]");
            }
            tiers.add(new PriceTier(upTo,
                    tier.unitAmount() == null ? 0 : amount(param + "[unit_amount]", tier.unitAmount()),
                    tier.flatAmount() == null ? 0 : amount(param + "[flat_amount]", tier.flatAmount())));
            below = upTo == null ? below : upTo;
        }
        return List.copyOf(tiers);
    }

    private static @Nullable Long upTo(String param, @Nullable JsonNode value) {
        if (value == null || value.isNull()) {
            throw InvalidRequestException.missingParam(param);
        }
        if (value.isString() && value.asString().equals("inf")) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() < 1) {
            throw InvalidRequestException.invalidParam(param, param + " must be a positive integer or \"inf\".");
        }
        return value.asLong();
    }

    static @Nullable String text(String param, @Nullable String value, int maxLength) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        if (value.length() > maxLength) {
            throw InvalidRequestException.invalidParam(param, param + " can be at most " + maxLength + " characters long.");
        }
        return value;
    }
}
