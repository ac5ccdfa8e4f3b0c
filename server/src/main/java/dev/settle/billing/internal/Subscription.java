package dev.settle.billing.internal;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.settle.catalog.Recurring;
import dev.settle.shared.CurrencyUnit;
import dev.settle.tenancy.AccountId;
import dev.settle.tenancy.Tenant;

/**
 * A subscription as stored. Period {@code n} runs from the anchor plus n intervals to the anchor
 * plus n+1 intervals, always counted from the anchor, so month ends follow the calendar; period
 * -1 is the trial, which ends at the anchor.
 */
record Subscription(
        String id, String accountId, boolean livemode, String customerId, @Nullable String testClockId, String status,
        CurrencyUnit currency, Recurring recurring, Instant anchor, long periodIndex, Instant periodStart, Instant periodEnd,
        @Nullable Instant trialStart, @Nullable Instant trialEnd, boolean cancelAtPeriodEnd, @Nullable Instant cancelAt,
        @Nullable Instant canceledAt, @Nullable Instant endedAt, String collectionMethod, @Nullable Integer daysUntilDue,
        @Nullable String pauseBehavior, @Nullable String latestInvoiceId, Map<String, String> metadata,
        @Nullable Instant nextActionAt, Instant created, List<Item> items) {

    record Item(String id, String priceId, long quantity) {
    }

    Tenant tenant() {
        return new Tenant(new AccountId(accountId), livemode);
    }

    Instant periodEndOf(long index) {
        return recurring.periodEnd(anchor.atZone(ZoneOffset.UTC), index + 1).toInstant();
    }

    boolean ended() {
        return status.equals("canceled") || status.equals("incomplete_expired");
    }

    /** How long a subscription whose first invoice is unpaid stays incomplete before it expires (as Stripe: 23 hours). */
    static final java.time.Duration INCOMPLETE_EXPIRY = java.time.Duration.ofHours(23);

    /** How long before a trial ends customer.subscription.trial_will_end is sent (as Stripe: three days). */
    static final java.time.Duration TRIAL_NOTICE = java.time.Duration.ofDays(3);

    /** When customer.subscription.trial_will_end is due: three days before the trial ends, for trials longer than that. */
    @Nullable Instant trialNoticeAt() {
        if (!status.equals("trialing") || trialEnd == null || trialStart == null) {
            return null;
        }
        Instant notice = trialEnd.minus(TRIAL_NOTICE);
        return notice.isAfter(trialStart) ? notice : null;
    }

    /** How long before a renewal invoice.upcoming is sent. */
    static final java.time.Duration UPCOMING_NOTICE = java.time.Duration.ofDays(7);

    /**
     * When invoice.upcoming is due: seven days before a renewal that will happen (a live, paying
     * subscription not set to cancel by then), for periods longer than that.
     */
    @Nullable Instant upcomingNoticeAt() {
        if (!java.util.Set.of("active", "past_due", "unpaid").contains(status) || cancelAtPeriodEnd
                || (cancelAt != null && cancelAt.isBefore(periodEnd))) {
            return null;
        }
        Instant notice = periodEnd.minus(UPCOMING_NOTICE);
        return notice.isAfter(periodStart) ? notice : null;
    }

    /**
     * When the renewal pass must look at it next: its period end, or an earlier cancel_at, or the
     * trial's or the renewal's notice (which, once sent, the pass skips).
     */
    @Nullable Instant nextAction() {
        if (ended()) {
            return null;
        }
        if (status.equals("incomplete")) {
            return created.plus(INCOMPLETE_EXPIRY);
        }
        Instant next = cancelAt != null && cancelAt.isBefore(periodEnd) ? cancelAt : periodEnd;
        Instant notice = trialNoticeAt() != null ? trialNoticeAt() : upcomingNoticeAt();
        return notice != null && notice.isBefore(next) ? notice : next;
    }

    /** The next action after the trial's notice. */
    Instant nextActionAfterNotice() {
        return cancelAt != null && cancelAt.isBefore(periodEnd) ? cancelAt : periodEnd;
    }

    Subscription with(String status, long periodIndex, Instant periodStart, Instant periodEnd, @Nullable String latestInvoiceId) {
        return new Subscription(id, accountId, livemode, customerId, testClockId, status, currency, recurring, anchor, periodIndex,
                periodStart, periodEnd, trialStart, trialEnd, cancelAtPeriodEnd, cancelAt, canceledAt, endedAt, collectionMethod,
                daysUntilDue, pauseBehavior, latestInvoiceId, metadata, nextActionAt, created, items).scheduled();
    }

    Subscription withStatus(String status) {
        return with(status, periodIndex, periodStart, periodEnd, latestInvoiceId);
    }

    Subscription canceled(Instant at, Instant endedAt) {
        return new Subscription(id, accountId, livemode, customerId, testClockId, "canceled", currency, recurring, anchor, periodIndex,
                periodStart, periodEnd, trialStart, trialEnd, cancelAtPeriodEnd, cancelAt, canceledAt == null ? at : canceledAt,
                endedAt, collectionMethod, daysUntilDue, pauseBehavior, latestInvoiceId, metadata, null, created, items);
    }

    Subscription withCancellation(boolean atPeriodEnd, @Nullable Instant at, @Nullable Instant requestedAt) {
        return new Subscription(id, accountId, livemode, customerId, testClockId, status, currency, recurring, anchor, periodIndex,
                periodStart, periodEnd, trialStart, trialEnd, atPeriodEnd, at, atPeriodEnd || at != null ? requestedAt : null, endedAt,
                collectionMethod, daysUntilDue, pauseBehavior, latestInvoiceId, metadata, nextActionAt, created, items).scheduled();
    }

    Subscription withPause(@Nullable String behavior) {
        return new Subscription(id, accountId, livemode, customerId, testClockId, status, currency, recurring, anchor, periodIndex,
                periodStart, periodEnd, trialStart, trialEnd, cancelAtPeriodEnd, cancelAt, canceledAt, endedAt, collectionMethod,
                daysUntilDue, behavior, latestInvoiceId, metadata, nextActionAt, created, items);
    }

    Subscription withItems(List<Item> items, Map<String, String> metadata) {
        return new Subscription(id, accountId, livemode, customerId, testClockId, status, currency, recurring, anchor, periodIndex,
                periodStart, periodEnd, trialStart, trialEnd, cancelAtPeriodEnd, cancelAt, canceledAt, endedAt, collectionMethod,
                daysUntilDue, pauseBehavior, latestInvoiceId, metadata, nextActionAt, created, items);
    }

    private Subscription scheduled() {
        return new Subscription(id, accountId, livemode, customerId, testClockId, status, currency, recurring, anchor, periodIndex,
                periodStart, periodEnd, trialStart, trialEnd, cancelAtPeriodEnd, cancelAt, canceledAt, endedAt, collectionMethod,
                daysUntilDue, pauseBehavior, latestInvoiceId, metadata, nextAction(), created, items);
    }
}
