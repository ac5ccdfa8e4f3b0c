package dev.settle.billing.internal;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.settle.catalog.Recurring;
import dev.settle.shared.Ids;
import dev.settle.shared.InvalidRequestException;

/**
 * How a new subscription's first period runs, as Stripe's creation parameters have it: a trial
 * ({@code trial_end}, {@code trial_period_days} or {@code trial_from_plan}: the first item's
 * price's {@code recurring.trial_period_days}), or an explicit {@code billing_cycle_anchor}, where
 * the first period runs from now to the anchor, prorated per {@code proration_behavior}, and later
 * periods follow the anchor; or neither, where the anchor is now.
 *
 * @param trialEnd the trial's end, if there is a trial
 * @param anchor   what later periods are counted from
 * @param prorate  whether a first period shorter than a whole one (an explicit anchor) is charged
 *                 for its time ({@code create_prorations}) or free ({@code none})
 */
record SubscriptionStart(@Nullable Instant trialEnd, Instant anchor, boolean prorate) {

    static SubscriptionStart of(@Nullable Long trialEnd, @Nullable Integer trialPeriodDays, @Nullable Boolean trialFromPlan,
            @Nullable Long billingCycleAnchor, @Nullable String prorationBehavior, List<SubscriptionRules.PricedItem> items,
            Instant now) {
        boolean prorate = switch (prorationBehavior == null ? "create_prorations" : prorationBehavior) {
            case "create_prorations" -> true;
            case "none" -> false;
            default -> throw InvalidRequestException.invalidParam("proration_behavior",
                    "proration_behavior must be create_prorations or none.");
        };
        if (Boolean.TRUE.equals(trialFromPlan) && (trialEnd != null || trialPeriodDays != null)) {
            throw InvalidRequestException.invalidParam("trial_from_plan",
                    "Pass trial_from_plan, trial_end or trial_period_days, not more than one.");
        }
        Integer planDays = Boolean.TRUE.equals(trialFromPlan) ? items.get(0).price().trialPeriodDays() : null;
        Instant trial = SubscriptionRules.trialEnd(trialEnd, planDays != null ? planDays : trialPeriodDays, now);
        if (billingCycleAnchor == null) {
            return new SubscriptionStart(trial, trial == null ? now : trial, prorate);
        }
        if (trial != null) {
            throw InvalidRequestException.invalidParam("billing_cycle_anchor",
                    "billing_cycle_anchor cannot be combined with a trial: a trial's end is the anchor.");
        }
        Recurring recurring = items.get(0).price().recurring();
        Instant anchor = SubscriptionRules.future("billing_cycle_anchor", billingCycleAnchor, now);
        Instant latest = recurring.periodEnd(now.atZone(ZoneOffset.UTC), 1).toInstant();
        if (anchor.isAfter(latest)) {
            throw InvalidRequestException.invalidParam("billing_cycle_anchor",
                    "billing_cycle_anchor must be within one billing period from now (at most " + latest.getEpochSecond() + ").");
        }
        return new SubscriptionStart(null, anchor, prorate);
    }

    /** The first period ends before one whole period: from now to the explicit anchor. */
    boolean partialFirstPeriod(Instant now) {
        return trialEnd == null && anchor.isAfter(now);
    }

    /**
     * The first invoice's lines for a partial first period [now, anchor): each item's amount for a
     * whole period [anchor − 1 interval, anchor) times the share left of it, rounded half away
     * from zero ({@link Proration}), or 0 with {@code proration_behavior: none}.
     */
    List<Invoice.Line> partialLines(Subscription sub, List<SubscriptionRules.PricedItem> items, Instant now) {
        Instant wholeStart = sub.wholePeriodStart();
        return items.stream().map(item -> {
            long whole = item.price().amountFor(item.quantity()).minor();
            long amount = prorate ? Proration.remaining(whole, wholeStart, anchor, now) : 0;
            return new Invoice.Line(Ids.newId("il"), "subscription", "Remaining time on " + item.quantity() + " × "
                    + item.price().productId() + " until the billing cycle anchor", amount, item.price().id(), item.quantity(),
                    true, now, anchor);
        }).toList();
    }
}
