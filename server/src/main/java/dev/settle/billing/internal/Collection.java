package dev.settle.billing.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.springframework.stereotype.Component;

import dev.settle.events.Events;
import dev.settle.payments.OffSessionPayment;
import dev.settle.payments.Payments;
import dev.settle.platform.Phases;
import dev.settle.shared.Money;

/**
 * Collects an open invoice: charges the customer's default payment method through the payments
 * facade, then applies the outcome. The charge is named by the invoice and the attempt number,
 * so however many passes attempt the same invoice at once, each attempt is one payment intent
 * and at most one charge; only the pass whose outcome finds the attempt count unchanged applies it.
 */
@Component
class Collection {

    private final InvoiceRepository invoices;
    private final SubscriptionRepository subscriptions;
    private final Invoicing invoicing;
    private final Payments payments;
    private final Phases phases;
    private final Events events;

    Collection(InvoiceRepository invoices, SubscriptionRepository subscriptions, Invoicing invoicing, Payments payments,
            Phases phases, Events events) {
        this.invoices = invoices;
        this.subscriptions = subscriptions;
        this.invoicing = invoicing;
        this.payments = payments;
        this.phases = phases;
        this.events = events;
    }

    /** Attempts the invoice if it is open and its attempt is due at {@code now}. Call with no transaction open. */
    void collect(String invoiceId, Instant now, boolean onTestClock) {
        Invoice invoice = invoices.findById(invoiceId).orElse(null);
        if (invoice == null || !invoice.status().equals("open") || invoice.nextPaymentAttempt() == null
                || invoice.nextPaymentAttempt().isAfter(now)) {
            return;
        }
        if (invoice.collectionMethod().equals("send_invoice")) {
            phases.committed(() -> overdue(invoiceId, now));
            return;
        }
        int attempt = invoice.attemptCount() + 1;
        OffSessionPayment result = payments.chargeOffSession(invoice.tenant(), invoice.customerId(),
                Money.of(invoice.amountRemaining(), invoice.currency()), "Invoice " + invoice.number(),
                Map.of("invoice", invoice.id()), invoice.id() + "-attempt-" + attempt);
        phases.committed(() -> apply(invoiceId, attempt, result, now, onTestClock));
    }

    private Void apply(String invoiceId, int attempt, OffSessionPayment result, Instant now, boolean onTestClock) {
        Invoice invoice = invoices.lockById(invoiceId).orElseThrow();
        if (!invoice.status().equals("open") || invoice.attemptCount() != attempt - 1) {
            return null;
        }
        if (result.succeeded()) {
            invoicing.paid(invoice.attempted(attempt, invoice.firstFailureAt(), null, result.paymentIntent()), result.paymentIntent(), now);
        } else if (result.failed() || result.status().equals("requires_action")) {
            invoicing.failed(invoice, attempt, result, now);
        } else {
            // Outcome not known yet (processing): look again later with the same key, which makes no new charge.
            Duration recheck = onTestClock ? Duration.ofHours(1) : Duration.ofSeconds(30);
            invoices.update(invoice.attempted(invoice.attemptCount(), invoice.firstFailureAt(), now.plus(recheck),
                    result.paymentIntent()));
        }
        return null;
    }

    /** A send_invoice invoice past its due date: its subscription goes past due. */
    private Void overdue(String invoiceId, Instant now) {
        Invoice invoice = invoices.lockById(invoiceId).orElseThrow();
        if (!invoice.status().equals("open") || invoice.nextPaymentAttempt() == null) {
            return null;
        }
        invoices.update(invoice.attempted(invoice.attemptCount(), invoice.firstFailureAt(), null, invoice.paymentIntentId()));
        if (invoice.subscriptionId() != null) {
            subscriptions.findForUpdate(invoice.tenant(), invoice.subscriptionId())
                    .filter(sub -> sub.status().equals("active") && invoice.id().equals(sub.latestInvoiceId()))
                    .ifPresent(sub -> {
                        Subscription pastDue = sub.withStatus("past_due");
                        subscriptions.update(pastDue);
                        events.record(sub.tenant(), "customer.subscription.updated", sub.id(), BillingViews.subscription(pastDue), now);
                    });
        }
        return null;
    }
}
