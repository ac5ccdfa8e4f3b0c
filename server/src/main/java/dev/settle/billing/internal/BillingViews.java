package dev.settle.billing.internal;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.settle.shared.Metadata;

/** How billing objects look in API responses and event snapshots. Times are Unix seconds. */
final class BillingViews {

    private BillingViews() {
    }

    record PeriodView(long start, long end) {
    }

    record LineView(String id, String object, String type, String description, long amount, String currency,
            @Nullable String price, @Nullable Long quantity, boolean proration, PeriodView period) {
    }

    record LineList(String object, List<LineView> data, boolean hasMore) {
    }

    /** {@code id} and {@code number} are null for a preview ({@code GET /v1/invoices/upcoming}). */
    record InvoiceView(@Nullable String id, String object, boolean livemode, String customer, @Nullable String subscription,
            @Nullable String testClock, @Nullable String number, String status, String billingReason, String collectionMethod,
            String currency, long periodStart, long periodEnd, long subtotal, long total, long startingBalance,
            @Nullable Long endingBalance, long amountDue, long amountPaid, long amountRemaining, int attemptCount,
            @Nullable Long nextPaymentAttempt, @Nullable Long dueDate, @Nullable String paymentIntent, @Nullable Long autoFinalizeAt,
            @Nullable Long finalizedAt, @Nullable Long paidAt, @Nullable Long voidedAt, LineList lines,
            Map<String, String> metadata, long created) {
    }

    static InvoiceView invoice(Invoice i) {
        List<LineView> lines = i.lines().stream().map(l -> new LineView(l.id(), "line_item", l.type(), l.description(), l.amount(),
                i.currency().code(), l.priceId(), l.quantity(), l.proration(),
                new PeriodView(l.periodStart().getEpochSecond(), l.periodEnd().getEpochSecond()))).toList();
        return new InvoiceView(i.id(), "invoice", i.livemode(), i.customerId(), i.subscriptionId(), i.testClockId(), i.number(),
                i.status(), i.billingReason(), i.collectionMethod(), i.currency().code(), i.periodStart().getEpochSecond(),
                i.periodEnd().getEpochSecond(), i.subtotal(), i.total(), i.startingBalance(), i.endingBalance(), i.amountDue(),
                i.amountPaid(), i.amountRemaining(), i.attemptCount(), seconds(i.nextPaymentAttempt()), seconds(i.dueDate()),
                i.paymentIntentId(), seconds(i.autoFinalizeAt()), seconds(i.finalizedAt()), seconds(i.paidAt()), seconds(i.voidedAt()),
                new LineList("list", lines, false), Metadata.sorted(i.metadata()), i.created().getEpochSecond());
    }

    record ItemView(String id, String object, String price, long quantity) {
    }

    record ItemList(String object, List<ItemView> data, boolean hasMore) {
    }

    record PauseView(String behavior) {
    }

    record SubscriptionView(String id, String object, boolean livemode, String customer, @Nullable String testClock, String status,
            String currency, ItemList items, long billingCycleAnchor, long currentPeriodStart, long currentPeriodEnd,
            @Nullable Long trialStart, @Nullable Long trialEnd, boolean cancelAtPeriodEnd, @Nullable Long cancelAt,
            @Nullable Long canceledAt, @Nullable Long endedAt, String collectionMethod, @Nullable Integer daysUntilDue,
            @Nullable PauseView pauseCollection, @Nullable String latestInvoice, Map<String, String> metadata, long created) {
    }

    static SubscriptionView subscription(Subscription s) {
        List<ItemView> items = s.items().stream().map(item -> new ItemView(item.id(), "subscription_item", item.priceId(),
                item.quantity())).toList();
        return new SubscriptionView(s.id(), "subscription", s.livemode(), s.customerId(), s.testClockId(), s.status(),
                s.currency().code(), new ItemList("list", items, false), s.anchor().getEpochSecond(),
                s.periodStart().getEpochSecond(), s.periodEnd().getEpochSecond(), seconds(s.trialStart()), seconds(s.trialEnd()),
                s.cancelAtPeriodEnd(), seconds(s.cancelAt()), seconds(s.canceledAt()), seconds(s.endedAt()), s.collectionMethod(),
                s.daysUntilDue(), s.pauseBehavior() == null ? null : new PauseView(s.pauseBehavior()), s.latestInvoiceId(),
                Metadata.sorted(s.metadata()), s.created().getEpochSecond());
    }

    static @Nullable Long seconds(@Nullable Instant instant) {
        return instant == null ? null : instant.getEpochSecond();
    }
}
