package dev.settle.billing.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import dev.settle.catalog.Catalog;
import dev.settle.catalog.CatalogPrice;
import dev.settle.shared.InvalidRequestException;
import dev.settle.tenancy.Tenant;

/** The rules a subscription's items and times must meet; each failure names its parameter. */
final class SubscriptionRules {

    static final int MAX_ITEMS = 20;
    static final long MAX_QUANTITY = 1_000_000_000L;
    static final Duration MAX_TRIAL = Duration.ofDays(730);

    private SubscriptionRules() {
    }

    record ItemInput(@Nullable String price, @Nullable Long quantity) {
    }

    record PricedItem(CatalogPrice price, long quantity) {
    }

    /**
     * Every item's price exists for the tenant, is active and recurring, and all share one
     * currency and one interval; quantities are 0 or more; no price twice.
     */
    static List<PricedItem> items(Tenant tenant, Catalog catalog, @Nullable List<ItemInput> items) {
        return items(tenant, catalog, items, Set.of());
    }

    /** As {@link #items(Tenant, Catalog, List)}; the prices in {@code kept} may be archived (they keep serving). */
    static List<PricedItem> items(Tenant tenant, Catalog catalog, @Nullable List<ItemInput> items, Set<String> kept) {
        if (items == null || items.isEmpty()) {
            throw InvalidRequestException.missingParam("items");
        }
        if (items.size() > MAX_ITEMS) {
            throw InvalidRequestException.invalidParam("items", "A subscription can have at most " + MAX_ITEMS + " items.");
        }
        List<PricedItem> priced = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            ItemInput item = items.get(i);
            String param = "items[" + i + "]";
            if (item == null || item.price() == null) {
                throw InvalidRequestException.missingParam(param + "[price]");
            }
            CatalogPrice price = catalog.price(tenant, item.price(), param + "[price]");
            if (!price.active() && !kept.contains(price.id())) {
                throw InvalidRequestException.invalidParam(param + "[price]", "The price " + price.id() + " is archived; "
                        + "archived prices keep serving existing subscriptions but start no new ones.");
            }
            if (price.recurring() == null) {
                throw InvalidRequestException.invalidParam(param + "[price]", "The price " + price.id() + " is one-time; "
                        + "a subscription needs recurring prices.");
            }
            CatalogPrice first = priced.isEmpty() ? price : priced.get(0).price();
            if (!price.currency().equals(first.currency())) {
                throw InvalidRequestException.invalidParam(param + "[price]", "All items of a subscription must share one currency: "
                        + price.currency() + " is not " + first.currency() + ".");
            }
            if (!price.recurring().sameAs(first.recurring())) {
                throw InvalidRequestException.invalidParam(param + "[price]", "All items of a subscription must share one billing "
                        + "interval.");
            }
            if (!seen.add(price.id())) {
                throw InvalidRequestException.invalidParam(param + "[price]", "The price " + price.id() + " is in two items.");
            }
            priced.add(new PricedItem(price, quantity(param + "[quantity]", item.quantity())));
        }
        return priced;
    }

    static long quantity(String param, @Nullable Long quantity) {
        if (quantity == null) {
            return 1;
        }
        if (quantity < 0 || quantity > MAX_QUANTITY) {
            throw InvalidRequestException.invalidParam(param, param + " must be 0 to " + MAX_QUANTITY + ".");
        }
        return quantity;
    }

    /** The trial's end, if there is one: {@code trial_end} or {@code trial_period_days}, not both. */
    static @Nullable Instant trialEnd(@Nullable Long trialEnd, @Nullable Integer trialPeriodDays, Instant now) {
        if (trialEnd != null && trialPeriodDays != null) {
            throw InvalidRequestException.invalidParam("trial_period_days", "Pass trial_end or trial_period_days, not both.");
        }
        if (trialPeriodDays != null) {
            if (trialPeriodDays < 1 || trialPeriodDays > MAX_TRIAL.toDays()) {
                throw InvalidRequestException.invalidParam("trial_period_days", "trial_period_days must be 1 to " + MAX_TRIAL.toDays() + ".");
            }
            return now.plus(Duration.ofDays(trialPeriodDays));
        }
        if (trialEnd == null) {
            return null;
        }
        Instant end = future("trial_end", trialEnd, now);
        if (end.isAfter(now.plus(MAX_TRIAL))) {
            throw InvalidRequestException.invalidParam("trial_end", "A trial can last at most " + MAX_TRIAL.toDays() + " days.");
        }
        return end;
    }

    static Instant future(String param, long seconds, Instant now) {
        if (seconds <= now.getEpochSecond() || seconds > 253402300799L) {
            throw InvalidRequestException.invalidParam(param, param + " must be a Unix time in the future.");
        }
        return Instant.ofEpochSecond(seconds);
    }

    static String collectionMethod(@Nullable String method, @Nullable Integer daysUntilDue) {
        String value = method == null ? "charge_automatically" : method;
        if (!value.equals("charge_automatically") && !value.equals("send_invoice")) {
            throw InvalidRequestException.invalidParam("collection_method", "collection_method must be charge_automatically or send_invoice.");
        }
        if (value.equals("send_invoice") && daysUntilDue == null) {
            throw InvalidRequestException.missingParam("days_until_due");
        }
        if (value.equals("charge_automatically") && daysUntilDue != null) {
            throw InvalidRequestException.invalidParam("days_until_due", "days_until_due applies to collection_method send_invoice only.");
        }
        if (daysUntilDue != null && (daysUntilDue < 0 || daysUntilDue > 365)) {
            throw InvalidRequestException.invalidParam("days_until_due", "days_until_due must be 0 to 365.");
        }
        return value;
    }
}
