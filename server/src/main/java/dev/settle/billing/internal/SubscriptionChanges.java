package dev.settle.billing.internal;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.settle.catalog.Catalog;
import dev.settle.events.Events;
import dev.settle.platform.Phases;
import dev.settle.shared.Ids;
import dev.settle.shared.InvalidRequestException;
import dev.settle.shared.InvalidStateTransition;
import dev.settle.shared.Metadata;
import dev.settle.tenancy.Tenant;
import tools.jackson.databind.JsonNode;

/**
 * Changes to a live subscription: items and quantities (prorated per {@code proration_behavior}),
 * cancellation (now, at period end, at a time), pausing collection, metadata.
 */
@Service
class SubscriptionChanges {

    private static final Set<String> PAUSE_BEHAVIORS = Set.of("void", "keep_as_draft", "mark_uncollectible");
    private static final Set<String> PRORATION_BEHAVIORS = Set.of("create_prorations", "none", "always_invoice");

    private final SubscriptionRepository subscriptions;
    private final InvoiceItemRepository items;
    private final Invoicing invoicing;
    private final Collection collection;
    private final Catalog catalog;
    private final BillingTime time;
    private final Events events;
    private final Phases phases;

    SubscriptionChanges(SubscriptionRepository subscriptions, InvoiceItemRepository items, Invoicing invoicing, Collection collection,
            Catalog catalog, BillingTime time, Events events, Phases phases) {
        this.subscriptions = subscriptions;
        this.items = items;
        this.invoicing = invoicing;
        this.collection = collection;
        this.catalog = catalog;
        this.time = time;
        this.events = events;
        this.phases = phases;
    }

    record Update(@Nullable List<SubscriptionRules.ItemInput> items, @Nullable String prorationBehavior, @Nullable Long prorationDate,
            @Nullable Boolean cancelAtPeriodEnd, @Nullable Long cancelAt, @Nullable JsonNode pauseCollection,
            @Nullable Map<String, String> metadata) {
    }

    private record Changed(Subscription subscription, @Nullable Invoice invoice) {
    }

    /** The change commits first; an always_invoice proration invoice is then charged with no transaction open. */
    Subscription update(Tenant tenant, String id, Update update) {
        Changed changed = phases.committed(() -> change(tenant, id, update));
        Invoice invoice = changed.invoice();
        if (invoice != null && invoice.status().equals("open") && invoice.collectionMethod().equals("charge_automatically")) {
            collection.collect(invoice.id(), invoice.finalizedAt(), invoice.testClockId() != null);
            return subscriptions.find(tenant, id).orElseThrow();
        }
        return changed.subscription();
    }

    private Changed change(Tenant tenant, String id, Update update) {
        Subscription sub = subscriptions.findForUpdate(tenant, id).orElseThrow(() -> SubscriptionService.notFound(id));
        Instant now = time.now(tenant, sub.testClockId());
        if (sub.ended()) {
            throw new InvalidStateTransition("subscription", "update", id, sub.status());
        }
        Subscription changed = sub;
        List<InvoiceItem> prorations = List.of();
        String behavior = update.prorationBehavior() == null ? "create_prorations" : update.prorationBehavior();
        if (!PRORATION_BEHAVIORS.contains(behavior)) {
            throw InvalidRequestException.invalidParam("proration_behavior", "proration_behavior must be create_prorations, none or always_invoice.");
        }
        if (update.items() != null) {
            List<SubscriptionRules.PricedItem> priced = SubscriptionRules.items(tenant, catalog, update.items(),
                    sub.items().stream().map(Subscription.Item::priceId).collect(Collectors.toSet()));
            if (!priced.get(0).price().currency().equals(sub.currency()) || !priced.get(0).price().recurring().sameAs(sub.recurring())) {
                throw InvalidRequestException.invalidParam("items[0][price]",
                        "New items must keep the subscription's currency (" + sub.currency() + ") and billing interval.");
            }
            Instant at = prorationDate(update.prorationDate(), sub, now);
            if (!behavior.equals("none") && !sub.status().equals("trialing")) {
                prorations = ProrationItems.of(sub, priced(tenant, sub), priced.stream()
                        .map(p -> new ProrationItems.Priced(p.price(), p.quantity())).toList(), at, now);
            }
            changed = changed.withItems(priced.stream().map(p -> new Subscription.Item(Ids.newId("si"), p.price().id(), p.quantity()))
                    .toList(), changed.metadata());
        } else if (update.prorationDate() != null || update.prorationBehavior() != null) {
            throw InvalidRequestException.invalidParam(update.prorationDate() != null ? "proration_date" : "proration_behavior",
                    "proration_behavior and proration_date apply to a change of items.");
        }
        if (update.cancelAtPeriodEnd() != null || update.cancelAt() != null) {
            if (Boolean.TRUE.equals(update.cancelAtPeriodEnd()) && update.cancelAt() != null) {
                throw InvalidRequestException.invalidParam("cancel_at", "Pass cancel_at or cancel_at_period_end, not both.");
            }
            Instant cancelAt = update.cancelAt() == null ? null : SubscriptionRules.future("cancel_at", update.cancelAt(), now);
            changed = changed.withCancellation(Boolean.TRUE.equals(update.cancelAtPeriodEnd()), cancelAt, now);
        }
        if (update.pauseCollection() != null) {
            changed = changed.withPause(pauseBehavior(update.pauseCollection()));
        }
        changed = changed.withItems(changed.items(), Metadata.merge(changed.metadata(), update.metadata()));
        if (update.items() != null) {
            subscriptions.replaceItems(changed);
        }
        for (InvoiceItem item : prorations) {
            items.insert(item);
            events.record(tenant, "invoiceitem.created", item.id(), InvoiceItemController.InvoiceItemView.of(item), now);
        }
        Invoice invoice = null;
        if (behavior.equals("always_invoice") && !prorations.isEmpty()) {
            Invoice draft = Invoice.draft(Ids.newId("in"), changed, "subscription_update", now, changed.periodEnd(),
                    prorations.stream().map(InvoiceItem::line).toList(), null, now);
            invoicing.create(draft);
            items.assign(prorations.stream().map(InvoiceItem::id).toList(), draft.id());
            invoice = invoicing.finalize(draft, changed.daysUntilDue(), now);
        }
        subscriptions.update(changed);
        events.record(tenant, "customer.subscription.updated", id, BillingViews.subscription(changed), now);
        return new Changed(changed, invoice);
    }

    List<ProrationItems.Priced> priced(Tenant tenant, Subscription sub) {
        return sub.items().stream().map(i -> new ProrationItems.Priced(catalog.price(tenant, i.priceId(), "price"), i.quantity())).toList();
    }

    /** Within the current period; defaults to now. */
    static Instant prorationDate(@Nullable Long seconds, Subscription sub, Instant now) {
        if (seconds == null) {
            return now;
        }
        Instant at = Instant.ofEpochSecond(Math.max(0, Math.min(seconds, 253402300799L)));
        if (at.isBefore(sub.periodStart()) || at.isAfter(sub.periodEnd())) {
            throw InvalidRequestException.invalidParam("proration_date", "proration_date must be within the current period ("
                    + sub.periodStart().getEpochSecond() + " to " + sub.periodEnd().getEpochSecond() + ").");
        }
        return at;
    }

    /** Cancels at once: no further invoices; the time already paid for is not refunded. */
    @Transactional
    Subscription cancel(Tenant tenant, String id) {
        Subscription sub = subscriptions.findForUpdate(tenant, id).orElseThrow(() -> SubscriptionService.notFound(id));
        if (sub.ended()) {
            throw new InvalidStateTransition("subscription", "cancel", id, sub.status());
        }
        Instant now = time.now(tenant, sub.testClockId());
        return invoicing.cancel(sub, now, now);
    }

    /** {@code {"behavior": "void"}} pauses collection; {@code ""} resumes it. */
    private static @Nullable String pauseBehavior(JsonNode pause) {
        if (pause.isString() && pause.asString().isEmpty()) {
            return null;
        }
        if (!pause.isObject() || pause.size() != 1 || !pause.path("behavior").isString()) {
            throw InvalidRequestException.invalidParam("pause_collection[behavior]",
                    "pause_collection must be {\"behavior\": \"void\" | \"keep_as_draft\" | \"mark_uncollectible\"}, or \"\" to resume.");
        }
        String behavior = pause.path("behavior").asString();
        if (!PAUSE_BEHAVIORS.contains(behavior)) {
            throw InvalidRequestException.invalidParam("pause_collection[behavior]",
                    "pause_collection[behavior] must be void, keep_as_draft or mark_uncollectible.");
        }
        return behavior;
    }
}
