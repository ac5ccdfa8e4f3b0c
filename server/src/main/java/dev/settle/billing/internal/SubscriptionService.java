package dev.settle.billing.internal;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

import dev.settle.catalog.Catalog;
import dev.settle.catalog.CatalogPrice;
import dev.settle.customers.CustomerId;
import dev.settle.customers.Customers;
import dev.settle.events.Events;
import dev.settle.platform.Phases;
import dev.settle.shared.Ids;
import dev.settle.shared.InvalidRequestException;
import dev.settle.shared.ListPage;
import dev.settle.shared.ListParams;
import dev.settle.shared.Metadata;
import dev.settle.shared.ResourceNotFoundException;
import dev.settle.tenancy.Tenant;

/**
 * Creating a subscription records it with its first invoice (a trial's is zero and paid at once)
 * in one committed phase, then, for charge_automatically, attempts that invoice's payment with no
 * transaction open: paid, the subscription is active; declined, it stays incomplete until a new
 * default payment method pays it.
 */
@Service
class SubscriptionService {

    private final SubscriptionRepository subscriptions;
    private final InvoiceRepository invoices;
    private final Invoicing invoicing;
    private final NextInvoice nextInvoice;
    private final Collection collection;
    private final Catalog catalog;
    private final Customers customers;
    private final BillingTime time;
    private final Events events;
    private final Phases phases;

    SubscriptionService(SubscriptionRepository subscriptions, InvoiceRepository invoices, Invoicing invoicing, NextInvoice nextInvoice,
            Collection collection, Catalog catalog, Customers customers, BillingTime time, Events events, Phases phases) {
        this.subscriptions = subscriptions;
        this.invoices = invoices;
        this.invoicing = invoicing;
        this.nextInvoice = nextInvoice;
        this.collection = collection;
        this.catalog = catalog;
        this.customers = customers;
        this.time = time;
        this.events = events;
        this.phases = phases;
    }

    record NewSubscription(@Nullable String customer, @Nullable List<SubscriptionRules.ItemInput> items, @Nullable Long trialEnd,
            @Nullable Integer trialPeriodDays, @Nullable String collectionMethod, @Nullable Integer daysUntilDue,
            @Nullable Boolean cancelAtPeriodEnd, @Nullable Long cancelAt, @Nullable Map<String, String> metadata) {
    }

    Subscription create(Tenant tenant, NewSubscription request) {
        Subscription created = phases.committed(() -> record(tenant, request));
        Invoice first = invoices.find(tenant, created.latestInvoiceId()).orElseThrow();
        if (first.status().equals("open") && first.collectionMethod().equals("charge_automatically")) {
            collection.collect(first.id(), first.finalizedAt(), created.testClockId() != null);
        }
        return retrieve(tenant, created.id());
    }

    private Subscription record(Tenant tenant, NewSubscription request) {
        if (request.customer() == null) {
            throw InvalidRequestException.missingParam("customer");
        }
        CustomerId customer = customers.require(tenant, request.customer(), "customer");
        String clock = customers.testClock(tenant, customer).orElse(null);
        Instant now = time.now(tenant, clock);
        List<SubscriptionRules.PricedItem> items = SubscriptionRules.items(tenant, catalog, request.items());
        Instant trialEnd = SubscriptionRules.trialEnd(request.trialEnd(), request.trialPeriodDays(), now);
        String collectionMethod = SubscriptionRules.collectionMethod(request.collectionMethod(), request.daysUntilDue());
        Instant cancelAt = request.cancelAt() == null ? null : SubscriptionRules.future("cancel_at", request.cancelAt(), now);
        CatalogPrice first = items.get(0).price();
        Instant anchor = trialEnd == null ? now : trialEnd;
        boolean trial = trialEnd != null;
        String status = trial ? "trialing" : collectionMethod.equals("send_invoice") ? "active" : "incomplete";
        Subscription draft = new Subscription(Ids.newId("sub"), tenant.accountId(), tenant.livemode(), customer.value(), clock, status,
                first.currency(), first.recurring(), anchor, trial ? -1 : 0, now, trial ? trialEnd : null, trial ? now : null, trialEnd,
                Boolean.TRUE.equals(request.cancelAtPeriodEnd()), cancelAt, null, null, collectionMethod, request.daysUntilDue(), null,
                null, Metadata.validate(request.metadata()), null, now,
                items.stream().map(i -> new Subscription.Item(Ids.newId("si"), i.price().id(), i.quantity())).toList());
        Instant periodEnd = trial ? trialEnd : draft.periodEndOf(0);
        Subscription sub = draft.with(status, draft.periodIndex(), now, periodEnd, null);
        List<Invoice.Line> lines = trial
                ? sub.items().stream().map(item -> new Invoice.Line(Ids.newId("il"), "subscription", "Trial period", 0L, item.priceId(),
                        item.quantity(), false, now, periodEnd)).toList()
                : nextInvoice.periodLines(sub, now, periodEnd);
        Invoice invoice = Invoice.draft(Ids.newId("in"), sub, "subscription_create", now, periodEnd, lines, null, now);
        Subscription withInvoice = sub.with(status, sub.periodIndex(), now, periodEnd, invoice.id());
        subscriptions.insert(withInvoice);
        events.record(tenant, "customer.subscription.created", sub.id(), BillingViews.subscription(withInvoice), now);
        invoicing.create(invoice);
        Invoice finalized = invoicing.finalize(invoice, request.daysUntilDue(), now);
        if (finalized.status().equals("paid") && status.equals("incomplete")) {
            Subscription active = withInvoice.withStatus("active");
            subscriptions.update(active);
            events.record(tenant, "customer.subscription.updated", sub.id(), BillingViews.subscription(active), now);
            return active;
        }
        return withInvoice;
    }

    Subscription retrieve(Tenant tenant, String id) {
        return subscriptions.find(tenant, id).orElseThrow(() -> notFound(id));
    }

    ListPage<Subscription> list(Tenant tenant, ListParams params, SubscriptionRepository.Filter filter) {
        return ListPage.of(subscriptions.list(tenant, params, filter), params, "/v1/subscriptions");
    }

    static ResourceNotFoundException notFound(String id) {
        return new ResourceNotFoundException("subscription", id, "id");
    }
}
