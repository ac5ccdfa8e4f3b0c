package dev.settle.billing.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import dev.settle.billing.InvoicePosted;
import dev.settle.events.Events;
import dev.settle.payments.OffSessionPayment;
import dev.settle.shared.InvalidStateTransition;
import dev.settle.tenancy.Tenant;

/**
 * An invoice's state changes, each inside the caller's transaction with its events, its ledger
 * posting ({@link InvoicePosted}, posted by the ledger in this same transaction) and the change
 * it makes to its subscription's status.
 */
@Component
class Invoicing {

    private static final Set<String> COLLECTING = Set.of("past_due", "unpaid", "incomplete");

    private final InvoiceRepository invoices;
    private final SubscriptionRepository subscriptions;
    private final InvoiceBooks books;
    private final DunningSettings dunning;
    private final Events events;
    private final ApplicationEventPublisher publisher;

    Invoicing(InvoiceRepository invoices, SubscriptionRepository subscriptions, InvoiceBooks books, DunningSettings dunning,
            Events events, ApplicationEventPublisher publisher) {
        this.invoices = invoices;
        this.subscriptions = subscriptions;
        this.books = books;
        this.dunning = dunning;
        this.events = events;
        this.publisher = publisher;
    }

    /** Inserts a draft (false if its period was invoiced already) and records invoice.created. */
    @Transactional(propagation = Propagation.MANDATORY)
    boolean create(Invoice draft) {
        if (!invoices.insert(draft)) {
            return false;
        }
        events.record(draft.tenant(), "invoice.created", draft.id(), BillingViews.invoice(draft), draft.created());
        return true;
    }

    /**
     * draft → open: the next number, the customer's balance applied (credit consumed, or a negative
     * total added to it), posted; an invoice with nothing due is paid at once.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    Invoice finalize(Invoice draft, @Nullable Integer daysUntilDue, Instant now) {
        if (!draft.status().equals("draft")) {
            throw new InvalidStateTransition("invoice", "finalize", draft.id(), draft.status());
        }
        Tenant tenant = draft.tenant();
        long balance = books.lockBalance(tenant, draft.customerId(), draft.currency());
        boolean automatic = draft.collectionMethod().equals("charge_automatically");
        Instant dueDate = automatic ? null
                : draft.dueDate() != null ? draft.dueDate() : now.plus(Duration.ofDays(daysUntilDue == null ? 30 : daysUntilDue));
        Invoice open = draft.finalized(books.nextNumber(tenant), balance, now, automatic ? now : dueDate, dueDate);
        long ending = open.endingBalance() == null ? 0 : open.endingBalance();
        if (ending != balance) {
            books.setBalance(draft.customerId(), draft.currency(), ending);
        }
        invoices.update(open);
        post(new InvoicePosted(tenant, "invoice", open.id(), open.currency(), open.total(), open.amountDue(),
                Math.negateExact(open.total()), ending - balance, 0, 0, now, "Invoice " + open.number()));
        events.record(tenant, "invoice.finalized", open.id(), BillingViews.invoice(open), now);
        return open.amountDue() == 0 ? paid(open, null, now) : open;
    }

    /** open → paid; a subscription waiting on this invoice becomes active again. */
    @Transactional(propagation = Propagation.MANDATORY)
    Invoice paid(Invoice open, @Nullable String paymentIntent, Instant now) {
        if (!open.status().equals("open")) {
            throw new InvalidStateTransition("invoice", "pay", open.id(), open.status());
        }
        Invoice paid = open.paid(paymentIntent, now);
        invoices.update(paid);
        post(new InvoicePosted(paid.tenant(), "invoice_payment", paid.id(), paid.currency(), paid.amountPaid(),
                Math.negateExact(paid.amountPaid()), 0, 0, paid.amountPaid(), 0, now, "Payment of invoice " + paid.number()));
        events.record(paid.tenant(), "invoice.paid", paid.id(), BillingViews.invoice(paid), now);
        Subscription sub = subscriptionOf(paid);
        if (sub != null && paid.id().equals(sub.latestInvoiceId()) && COLLECTING.contains(sub.status())) {
            updateStatus(sub, "active", now);
        }
        return paid;
    }

    /**
     * A failed attempt: the next retry on the account's schedule (days after the first failure),
     * the subscription past due; once retries are exhausted it is canceled or unpaid per setting.
     * A subscription's first invoice is not retried on schedule (the subscription stays
     * incomplete until a new payment method pays it).
     */
    @Transactional(propagation = Propagation.MANDATORY)
    Invoice failed(Invoice open, int attempt, OffSessionPayment result, Instant now) {
        Tenant tenant = open.tenant();
        Instant first = open.firstFailureAt() == null ? now : open.firstFailureAt();
        List<Integer> retryDays = dunning.of(tenant).retryDays();
        boolean initial = open.billingReason().equals("subscription_create");
        Instant next = !initial && attempt <= retryDays.size() ? first.plus(Duration.ofDays(retryDays.get(attempt - 1))) : null;
        Invoice failed = open.attempted(attempt, first, next, result.paymentIntent());
        invoices.update(failed);
        if (result.status().equals("requires_action")) {
            events.record(tenant, "invoice.payment_action_required", failed.id(), BillingViews.invoice(failed), now);
        }
        events.record(tenant, "invoice.payment_failed", failed.id(), BillingViews.invoice(failed), now);
        Subscription sub = subscriptionOf(failed);
        if (sub == null || initial || !failed.id().equals(sub.latestInvoiceId()) || sub.ended()) {
            return failed;
        }
        if (next != null) {
            if (!sub.status().equals("past_due")) {
                updateStatus(sub, "past_due", now);
            }
        } else if (dunning.of(tenant).afterFinalRetry().equals("unpaid")) {
            updateStatus(sub, "unpaid", now);
        } else {
            cancel(sub, now, now);
        }
        return failed;
    }

    /** open → void: what finalizing posted is reversed and the customer's balance restored. */
    @Transactional(propagation = Propagation.MANDATORY)
    Invoice voided(Invoice open, Instant now) {
        if (!open.status().equals("open")) {
            throw new InvalidStateTransition("invoice", "void", open.id(), open.status());
        }
        Tenant tenant = open.tenant();
        long moved = (open.endingBalance() == null ? 0 : open.endingBalance()) - open.startingBalance();
        if (moved != 0) {
            long balance = books.lockBalance(tenant, open.customerId(), open.currency());
            books.setBalance(open.customerId(), open.currency(), balance - moved);
        }
        Invoice voided = open.closed("void", now);
        invoices.update(voided);
        post(new InvoicePosted(tenant, "invoice_void", voided.id(), voided.currency(), Math.negateExact(voided.total()),
                Math.negateExact(voided.amountRemaining()), voided.total(), Math.negateExact(moved), 0, 0, now,
                "Void of invoice " + voided.number()));
        events.record(tenant, "invoice.voided", voided.id(), BillingViews.invoice(voided), now);
        return voided;
    }

    /** open → uncollectible: what remains is written off as bad debt. */
    @Transactional(propagation = Propagation.MANDATORY)
    Invoice uncollectible(Invoice open, Instant now) {
        if (!open.status().equals("open")) {
            throw new InvalidStateTransition("invoice", "mark uncollectible", open.id(), open.status());
        }
        Invoice written = open.closed("uncollectible", now);
        invoices.update(written);
        post(new InvoicePosted(written.tenant(), "invoice_uncollectible", written.id(), written.currency(), written.amountRemaining(),
                Math.negateExact(written.amountRemaining()), 0, 0, 0, written.amountRemaining(), now,
                "Invoice " + written.number() + " written off"));
        events.record(written.tenant(), "invoice.marked_uncollectible", written.id(), BillingViews.invoice(written), now);
        return written;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    Subscription cancel(Subscription sub, Instant at, Instant endedAt) {
        Subscription canceled = sub.canceled(at, endedAt);
        subscriptions.update(canceled);
        events.record(sub.tenant(), "customer.subscription.deleted", sub.id(), BillingViews.subscription(canceled), at);
        return canceled;
    }

    private void updateStatus(Subscription sub, String status, Instant now) {
        Subscription updated = sub.withStatus(status);
        subscriptions.update(updated);
        events.record(sub.tenant(), "customer.subscription.updated", sub.id(), BillingViews.subscription(updated), now);
    }

    private @Nullable Subscription subscriptionOf(Invoice invoice) {
        return invoice.subscriptionId() == null ? null
                : subscriptions.findForUpdate(invoice.tenant(), invoice.subscriptionId()).orElse(null);
    }

    private void post(InvoicePosted posting) {
        if (!posting.movesNothing()) {
            publisher.publishEvent(posting);
        }
    }
}
