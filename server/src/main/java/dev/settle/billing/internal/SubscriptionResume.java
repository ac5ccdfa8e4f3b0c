package dev.settle.billing.internal;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

import dev.settle.events.Events;
import dev.settle.platform.Phases;
import dev.settle.shared.Ids;
import dev.settle.shared.InvalidRequestException;
import dev.settle.shared.InvalidStateTransition;
import dev.settle.tenancy.Tenant;

/**
 * {@code POST /v1/subscriptions/{id}/resume}: a paused subscription active again. With
 * {@code billing_cycle_anchor: now} (the default) a whole period starts now and is invoiced and
 * charged at once; with {@code unchanged} the anchor stays, the subscription joins the period
 * that contains now, and the rest of it is prorated per {@code proration_behavior}: pending items
 * for the next renewal ({@code create_prorations}, the default), an invoice now
 * ({@code always_invoice}), or nothing ({@code none}).
 */
@Service
class SubscriptionResume {

    private final SubscriptionRepository subscriptions;
    private final InvoiceItemRepository items;
    private final Invoicing invoicing;
    private final NextInvoice nextInvoice;
    private final SubscriptionChanges changes;
    private final Collection collection;
    private final BillingTime time;
    private final Events events;
    private final Phases phases;

    SubscriptionResume(SubscriptionRepository subscriptions, InvoiceItemRepository items, Invoicing invoicing, NextInvoice nextInvoice,
            SubscriptionChanges changes, Collection collection, BillingTime time, Events events, Phases phases) {
        this.subscriptions = subscriptions;
        this.items = items;
        this.invoicing = invoicing;
        this.nextInvoice = nextInvoice;
        this.changes = changes;
        this.collection = collection;
        this.time = time;
        this.events = events;
        this.phases = phases;
    }

    record Resume(@Nullable String billingCycleAnchor, @Nullable String prorationBehavior) {
    }

    private record Resumed(Subscription subscription, @Nullable Invoice invoice) {
    }

    /** The resumption commits first; its invoice, if any, is then charged with no transaction open. */
    Subscription resume(Tenant tenant, String id, Resume request) {
        String anchor = request.billingCycleAnchor() == null ? "now" : request.billingCycleAnchor();
        if (!anchor.equals("now") && !anchor.equals("unchanged")) {
            throw InvalidRequestException.invalidParam("billing_cycle_anchor", "billing_cycle_anchor must be now or unchanged.");
        }
        String proration = request.prorationBehavior() == null ? "create_prorations" : request.prorationBehavior();
        if (!java.util.Set.of("create_prorations", "none", "always_invoice").contains(proration)) {
            throw InvalidRequestException.invalidParam("proration_behavior",
                    "proration_behavior must be create_prorations, none or always_invoice.");
        }
        Resumed resumed = phases.committed(() -> record(tenant, id, anchor.equals("now"), proration));
        Invoice invoice = resumed.invoice();
        if (invoice != null && invoice.status().equals("open") && invoice.collectionMethod().equals("charge_automatically")) {
            collection.collect(invoice.id(), invoice.finalizedAt(), invoice.testClockId() != null);
            return subscriptions.find(tenant, id).orElseThrow();
        }
        return resumed.subscription();
    }

    private Resumed record(Tenant tenant, String id, boolean anchorNow, String proration) {
        Subscription sub = subscriptions.findForUpdate(tenant, id).orElseThrow(() -> SubscriptionService.notFound(id));
        if (!sub.status().equals("paused")) {
            throw new InvalidStateTransition("subscription", "resume", id, sub.status());
        }
        Instant now = time.now(tenant, sub.testClockId());
        List<Invoice.Line> lines;
        Subscription active;
        if (anchorNow) {
            Subscription anchored = sub.resumed(now, 0, now, now);
            active = sub.resumed(now, 0, now, anchored.periodEndOf(0));
            lines = nextInvoice.periodLines(active, now, active.periodEnd());
        } else {
            long index = Math.max(0, sub.periodIndex() + 1);
            while (!sub.periodEndOf(index).isAfter(now)) {
                index++;
            }
            Instant start = index == 0 ? sub.anchor() : sub.periodEndOf(index - 1);
            active = sub.resumed(sub.anchor(), index, start, sub.periodEndOf(index));
            List<InvoiceItem> prorations = proration.equals("none") ? List.of()
                    : ProrationItems.of(active, List.of(), changes.priced(tenant, active), now, now);
            for (InvoiceItem item : prorations) {
                items.insert(item);
                events.record(tenant, "invoiceitem.created", item.id(), InvoiceItemController.InvoiceItemView.of(item), now);
            }
            lines = proration.equals("always_invoice") ? prorations.stream().map(InvoiceItem::line).toList() : List.of();
            if (!lines.isEmpty()) {
                Invoice draft = draft(active, lines, now);
                items.assign(prorations.stream().map(InvoiceItem::id).toList(), draft.id());
                return finish(sub, active, draft, now);
            }
        }
        return finish(sub, active, lines.isEmpty() ? null : draft(active, lines, now), now);
    }

    private Invoice draft(Subscription active, List<Invoice.Line> lines, Instant now) {
        Invoice draft = Invoice.draft(Ids.newId("in"), active, "subscription_update", now, active.periodEnd(), lines, null, now);
        invoicing.create(draft);
        return draft;
    }

    private Resumed finish(Subscription sub, Subscription active, @Nullable Invoice draft, Instant now) {
        Subscription stored = draft == null ? active : active.with("active", active.periodIndex(), active.periodStart(), active.periodEnd(),
                draft.id());
        subscriptions.update(stored);
        events.record(sub.tenant(), "customer.subscription.resumed", sub.id(), BillingViews.subscription(stored), now);
        events.record(sub.tenant(), "customer.subscription.updated", sub.id(), BillingViews.subscription(stored), now);
        Invoice invoice = draft == null ? null : invoicing.finalize(draft, stored.daysUntilDue(), now);
        return new Resumed(stored, invoice);
    }
}
