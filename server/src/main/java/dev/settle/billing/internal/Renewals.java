package dev.settle.billing.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import dev.settle.catalog.CatalogPrice;
import dev.settle.events.Events;
import dev.settle.platform.Phases;
import dev.settle.shared.Ids;

/**
 * The renewal pass: each due subscription gets its next period's invoice, or ends if it was set to
 * cancel. Subscriptions are read in batches without row locks, and a batch is renewed in one
 * transaction; the claim on a period is its invoice's insert, which the unique index on
 * (subscription, period start) lets through once. A second pass racing this one (another node, a
 * retry) inserts nothing for a period already invoiced, and so renews nothing twice.
 */
@Component
class Renewals {

    private static final Logger log = LoggerFactory.getLogger(Renewals.class);

    private final SubscriptionRepository subscriptions;
    private final InvoiceItemRepository items;
    private final InvoiceRepository invoices;
    private final Invoicing invoicing;
    private final NextInvoice nextInvoice;
    private final Events events;
    private final Phases phases;
    private final BillingProperties properties;

    Renewals(SubscriptionRepository subscriptions, InvoiceItemRepository items, InvoiceRepository invoices, Invoicing invoicing,
            NextInvoice nextInvoice, Events events, Phases phases, BillingProperties properties) {
        this.subscriptions = subscriptions;
        this.items = items;
        this.invoices = invoices;
        this.invoicing = invoicing;
        this.nextInvoice = nextInvoice;
        this.events = events;
        this.phases = phases;
        this.properties = properties;
    }

    /** Renews everything due in the scope; returns how many subscriptions it acted on. */
    int renewDue(Scope scope) {
        int total = 0;
        while (true) {
            List<Subscription> due = subscriptions.due(scope, properties.batchSize());
            if (due.isEmpty()) {
                return total;
            }
            int done;
            try {
                done = phases.committed(() -> {
                    Map<String, List<InvoiceItem>> pending = pending(due);
                    Map<String, CatalogPrice> prices = new HashMap<>();
                    int renewed = 0;
                    for (Subscription sub : due) {
                        renewed += renew(sub, scope.now(), pending.getOrDefault(sub.id(), List.of()), prices) ? 1 : 0;
                    }
                    return renewed;
                });
            } catch (RuntimeException batchFailed) {
                done = oneByOne(due, scope.now());
            }
            total += done;
            // A subscription acted on may be due again at once (a notice sent, then its renewal; a
            // period missed while Settle was down): go on while anything was done.
            if (done == 0) {
                return total;
            }
        }
    }

    /** After a failed batch: each on its own, so one bad subscription holds up no other. */
    private int oneByOne(List<Subscription> due, Instant now) {
        int done = 0;
        for (Subscription sub : due) {
            try {
                done += phases.committed(() -> renew(sub, now, pending(List.of(sub)).getOrDefault(sub.id(), List.of()), new HashMap<>()))
                        ? 1 : 0;
            } catch (RuntimeException e) {
                log.error("Renewal of {} failed; it is tried again on the next pass", sub.id(), e);
            }
        }
        return done;
    }

    /**
     * The batch's pending invoice items, locked, by the subscription whose invoice takes them: its
     * own, and its customer's items naming no subscription (in its currency, to the first such
     * subscription of the batch). One query for the batch.
     */
    private Map<String, List<InvoiceItem>> pending(List<Subscription> due) {
        List<InvoiceItem> found = items.pendingForUpdate(due.stream().map(Subscription::id).toList(),
                due.stream().map(Subscription::customerId).distinct().toList());
        Map<String, List<InvoiceItem>> bySubscription = new HashMap<>();
        for (InvoiceItem item : found) {
            String sub = item.subscriptionId() != null ? item.subscriptionId() : due.stream()
                    .filter(s -> s.customerId().equals(item.customerId()) && s.currency().equals(item.currency()))
                    .map(Subscription::id).findFirst().orElse(null);
            if (sub != null) {
                bySubscription.computeIfAbsent(sub, k -> new ArrayList<>()).add(item);
            }
        }
        return bySubscription;
    }

    /** True if this call acted on the subscription (another pass may have already). */
    boolean renew(Subscription sub, Instant now, List<InvoiceItem> pendingItems, Map<String, CatalogPrice> prices) {
        Instant due = sub.nextActionAt();
        if (due == null || sub.ended()) {
            return false;
        }
        if (sub.status().equals("incomplete")) {
            return expire(sub, now);
        }
        if (due.equals(sub.trialNoticeAt())) {
            return trialWillEnd(sub, now);
        }
        if (due.equals(sub.upcomingNoticeAt())) {
            return upcoming(sub, now);
        }
        if (sub.cancelAt() != null && !sub.cancelAt().isAfter(sub.periodEnd())) {
            return cancelIfCurrent(sub, sub.cancelAt());
        }
        if (sub.cancelAtPeriodEnd()) {
            return cancelIfCurrent(sub, sub.periodEnd());
        }
        long index = sub.periodIndex() + 1;
        Instant start = sub.periodEnd();
        Instant end = sub.periodEndOf(index);
        boolean keepDraft = "keep_as_draft".equals(sub.pauseBehavior());
        Instant finalizeAt = keepDraft ? null : now.plus(properties.autoFinalizeDelay());
        List<Invoice.Line> lines = new ArrayList<>(pendingItems.stream().map(InvoiceItem::line).toList());
        lines.addAll(nextInvoice.periodLines(sub, start, end, prices));
        Invoice draft = Invoice.draft(Ids.newId("in"), sub, "subscription_cycle", start, end, lines, finalizeAt, now);
        if (!invoicing.create(draft)) {
            return false;
        }
        items.assign(pendingItems.stream().map(InvoiceItem::id).toList(), draft.id());
        // The period is ours (the insert went through); one UPDATE moves the row to it, keeping a
        // change made meanwhile through the API (cancel_at_period_end, say) rather than overwriting it.
        Subscription renewed = subscriptions.renewTo(sub, index, start, end, draft.id());
        events.record(sub.tenant(), "customer.subscription.updated", sub.id(), BillingViews.subscription(renewed), now);
        if (sub.pauseBehavior() != null && !keepDraft) {
            Invoice open = invoicing.finalize(draft, sub.daysUntilDue(), now);
            if (open.status().equals("open")) {
                if (sub.pauseBehavior().equals("void")) {
                    invoicing.voided(open, now);
                } else {
                    invoicing.uncollectible(open, now);
                }
            }
        } else if (properties.autoFinalizeDelay().isZero()) {
            invoicing.finalize(draft, sub.daysUntilDue(), now);
        }
        return true;
    }

    /**
     * An incomplete subscription whose first invoice is still unpaid 23 hours after its creation
     * expires: incomplete_expired, its first invoice voided (its posting reversed).
     */
    private boolean expire(Subscription sub, Instant now) {
        Subscription current = subscriptions.findForUpdate(sub.tenant(), sub.id()).orElseThrow();
        if (!current.status().equals("incomplete")) {
            return false;
        }
        Subscription expired = current.withStatus("incomplete_expired");
        subscriptions.update(expired);
        events.record(sub.tenant(), "customer.subscription.updated", sub.id(), BillingViews.subscription(expired), now);
        if (current.latestInvoiceId() != null) {
            invoices.findForUpdate(sub.tenant(), current.latestInvoiceId()).filter(i -> i.status().equals("open"))
                    .ifPresent(open -> invoicing.voided(open, now));
        }
        return true;
    }

    /** invoice.upcoming (the preview of the renewal invoice), once per period, then on to the renewal. */
    private boolean upcoming(Subscription sub, Instant now) {
        if (subscriptions.claimUpcomingNotice(sub.id(), sub.periodStart(), now)) {
            events.record(sub.tenant(), "invoice.upcoming", sub.id(), BillingViews.invoice(nextInvoice.preview(sub, sub, List.of(), now)), now);
        }
        subscriptions.setNextAction(sub.id(), sub.nextActionAfterNotice());
        return true;
    }

    /** customer.subscription.trial_will_end, once (the notice's insert is the claim), then on to the trial's end. */
    private boolean trialWillEnd(Subscription sub, Instant now) {
        if (subscriptions.claimTrialNotice(sub.id(), now)) {
            events.record(sub.tenant(), "customer.subscription.trial_will_end", sub.id(), BillingViews.subscription(sub), now);
        }
        subscriptions.setNextAction(sub.id(), sub.nextActionAfterNotice());
        return true;
    }

    private boolean cancelIfCurrent(Subscription sub, Instant at) {
        Subscription current = subscriptions.findForUpdate(sub.tenant(), sub.id()).orElseThrow();
        if (current.ended() || !at.equals(current.nextActionAt())) {
            return false;
        }
        invoicing.cancel(current, at, at);
        return true;
    }
}
