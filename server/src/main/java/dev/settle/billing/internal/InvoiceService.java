package dev.settle.billing.internal;

import java.time.Instant;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

import dev.settle.platform.Phases;
import dev.settle.shared.InvalidStateTransition;
import dev.settle.shared.ListPage;
import dev.settle.shared.ListParams;
import dev.settle.shared.ResourceNotFoundException;
import dev.settle.tenancy.Tenant;

/** Invoices through the API: read, finalize a draft, pay, void, mark uncollectible. */
@Service
class InvoiceService {

    private final InvoiceRepository invoices;
    private final SubscriptionRepository subscriptions;
    private final Invoicing invoicing;
    private final Collection collection;
    private final BillingTime time;
    private final Phases phases;

    InvoiceService(InvoiceRepository invoices, SubscriptionRepository subscriptions, Invoicing invoicing, Collection collection,
            BillingTime time, Phases phases) {
        this.invoices = invoices;
        this.subscriptions = subscriptions;
        this.invoicing = invoicing;
        this.collection = collection;
        this.time = time;
        this.phases = phases;
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
