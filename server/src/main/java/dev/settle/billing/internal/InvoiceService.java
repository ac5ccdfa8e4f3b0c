package dev.settle.billing.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

import dev.settle.customers.CustomerId;
import dev.settle.customers.Customers;
import dev.settle.platform.Phases;
import dev.settle.shared.CurrencyUnit;
import dev.settle.shared.Ids;
import dev.settle.shared.InvalidRequestException;
import dev.settle.shared.InvalidStateTransition;
import dev.settle.shared.ListPage;
import dev.settle.shared.ListParams;
import dev.settle.shared.Metadata;
import dev.settle.shared.ResourceNotFoundException;
import dev.settle.tenancy.Tenant;

/** Invoices through the API: make one of pending items, read, finalize a draft, pay, void, mark uncollectible. */
@Service
class InvoiceService {

    private final InvoiceRepository invoices;
    private final SubscriptionRepository subscriptions;
    private final Invoicing invoicing;
    private final Collection collection;
    private final BillingTime time;
    private final Phases phases;
    private final InvoiceItemRepository items;
    private final Customers customers;
    private final BillingProperties properties;

    InvoiceService(InvoiceRepository invoices, SubscriptionRepository subscriptions, Invoicing invoicing, Collection collection,
            BillingTime time, Phases phases, InvoiceItemRepository items, Customers customers, BillingProperties properties) {
        this.items = items;
        this.customers = customers;
        this.properties = properties;
        this.invoices = invoices;
        this.subscriptions = subscriptions;
        this.invoicing = invoicing;
        this.collection = collection;
        this.time = time;
        this.phases = phases;
    }

    /** What a new invoice not tied to a subscription is asked to be. */
    record NewInvoice(@Nullable String customer, @Nullable String currency, @Nullable String collectionMethod,
            @Nullable Integer daysUntilDue, @Nullable Boolean autoAdvance, @Nullable Map<String, String> metadata) {
    }

    /**
     * A draft of the customer's pending invoice items that name no subscription (in
     * {@code currency}, or the one currency they have), which takes them: a second request racing
     * for the same items waits for the first and finds none left. Finalized after
     * {@code settle.billing.auto-finalize-delay} unless {@code auto_advance} is false.
     */
    Invoice create(Tenant tenant, NewInvoice request) {
        if (request.customer() == null) {
            throw InvalidRequestException.missingParam("customer");
        }
        CustomerId customer = customers.require(tenant, request.customer(), "customer");
        CurrencyUnit asked = request.currency() == null ? null : CurrencyUnit.of(request.currency(), "currency");
        String method = SubscriptionRules.collectionMethod(request.collectionMethod(), request.daysUntilDue());
        Map<String, String> metadata = Metadata.validate(request.metadata());
        String clock = customers.testClock(tenant, customer).orElse(null);
        return phases.committed(() -> {
            List<InvoiceItem> pending = items.pendingForUpdate(List.of(), List.of(customer.value()));
            Set<CurrencyUnit> currencies = pending.stream().map(InvoiceItem::currency).collect(Collectors.toSet());
            if (asked == null && currencies.size() > 1) {
                throw InvalidRequestException.missingParam("currency");
            }
            CurrencyUnit currency = asked != null ? asked : currencies.stream().findFirst().orElse(null);
            List<InvoiceItem> taken = pending.stream().filter(item -> item.currency().equals(currency)).toList();
            if (taken.isEmpty()) {
                throw new InvalidRequestException("invoice_no_customer_line_items", "Nothing to invoice for customer "
                        + customer.value() + (asked == null ? "" : " in " + asked.code()) + ": create invoice items first.", "customer");
            }
            Instant now = time.now(tenant, clock);
            boolean autoAdvance = !Boolean.FALSE.equals(request.autoAdvance());
            Invoice draft = Invoice.manual(Ids.newId("in"), tenant, customer.value(), clock, method, currency,
                    taken.stream().map(InvoiceItem::line).toList(), autoAdvance ? now.plus(properties.autoFinalizeDelay()) : null,
                    request.daysUntilDue() == null ? null : now.plus(Duration.ofDays(request.daysUntilDue())), metadata, now);
            invoicing.create(draft);
            items.assign(taken.stream().map(InvoiceItem::id).toList(), draft.id());
            return draft;
        });
    }

    Invoice retrieve(Tenant tenant, String id) {
        return invoices.find(tenant, id).orElseThrow(() -> notFound(id));
    }

    ListPage<Invoice> list(Tenant tenant, ListParams params, InvoiceRepository.Filter filter) {
        return ListPage.of(invoices.list(tenant, params, filter), params, "/v1/invoices");
    }

    Invoice finalizeNow(Tenant tenant, String id) {
        return phases.committed(() -> {
            Invoice draft = locked(tenant, id);
            Integer days = draft.subscriptionId() == null ? null
                    : subscriptions.find(tenant, draft.subscriptionId()).map(Subscription::daysUntilDue).orElse(null);
            return invoicing.finalize(draft, days, time.now(tenant, draft.testClockId()));
        });
    }

    /**
     * Pays an open invoice now: out of band (recorded as paid, no charge), or by charging the
     * customer's default payment method as the next attempt.
     */
    Invoice pay(Tenant tenant, String id, boolean outOfBand) {
        Invoice open = retrieve(tenant, id);
        if (!open.status().equals("open")) {
            throw new InvalidStateTransition("invoice", "pay", id, open.status());
        }
        Instant now = time.now(tenant, open.testClockId());
        if (outOfBand) {
            return phases.committed(() -> invoicing.paid(locked(tenant, id), null, now));
        }
        phases.committed(() -> {
            Invoice locked = locked(tenant, id);
            if (locked.status().equals("open")) {
                invoices.update(locked.attempted(locked.attemptCount(), locked.firstFailureAt(), now, locked.paymentIntentId()));
            }
            return null;
        });
        collection.collect(id, now, open.testClockId() != null);
        return retrieve(tenant, id);
    }

    Invoice voidInvoice(Tenant tenant, String id) {
        return phases.committed(() -> {
            Invoice open = locked(tenant, id);
            return invoicing.voided(open, time.now(tenant, open.testClockId()));
        });
    }

    Invoice markUncollectible(Tenant tenant, String id) {
        return phases.committed(() -> {
            Invoice open = locked(tenant, id);
            return invoicing.uncollectible(open, time.now(tenant, open.testClockId()));
        });
    }

    private Invoice locked(Tenant tenant, String id) {
        return invoices.findForUpdate(tenant, id).orElseThrow(() -> notFound(id));
    }

    static ResourceNotFoundException notFound(@Nullable String id) {
        return new ResourceNotFoundException("invoice", String.valueOf(id), "id");
    }
}
