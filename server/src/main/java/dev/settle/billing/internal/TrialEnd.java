package dev.settle.billing.internal;

import java.time.Instant;

import org.springframework.stereotype.Component;

import dev.settle.events.Events;
import dev.settle.payments.Payments;

/**
 * A trial ending for a customer without a default payment method, per the subscription's
 * {@code trial_settings.end_behavior.missing_payment_method}: {@code pause} (status paused, no
 * invoice, until {@code POST /v1/subscriptions/{id}/resume}), {@code cancel} (canceled at the
 * trial's end), or {@code create_invoice} (the renewal goes ahead as with a payment method).
 */
@Component
class TrialEnd {

    static final java.util.Set<String> BEHAVIORS = java.util.Set.of("create_invoice", "pause", "cancel");

    private final SubscriptionRepository subscriptions;
    private final Invoicing invoicing;
    private final Payments payments;
    private final Events events;

    TrialEnd(SubscriptionRepository subscriptions, Invoicing invoicing, Payments payments, Events events) {
        this.subscriptions = subscriptions;
        this.invoicing = invoicing;
        this.payments = payments;
        this.events = events;
    }

    /** True if the trial's end was handled here (paused or canceled); false: renew as usual. */
    boolean handled(Subscription sub) {
        if (!sub.status().equals("trialing") || !sub.periodEnd().equals(sub.nextActionAt())) {
            return false;
        }
        String behavior = subscriptions.trialMissingPaymentMethod(sub.id());
        if (behavior.equals("create_invoice") || payments.hasDefaultPaymentMethod(sub.tenant(), sub.customerId())) {
            return false;
        }
        Subscription current = subscriptions.findForUpdate(sub.tenant(), sub.id()).orElseThrow();
        Instant at = current.periodEnd();
        if (!current.status().equals("trialing") || !at.equals(current.nextActionAt())) {
            return true;
        }
        if (behavior.equals("cancel")) {
            invoicing.cancel(current, at, at);
            return true;
        }
        Subscription paused = current.withStatus("paused");
        subscriptions.update(paused);
        events.record(sub.tenant(), "customer.subscription.paused", sub.id(), BillingViews.subscription(paused), at);
        events.record(sub.tenant(), "customer.subscription.updated", sub.id(), BillingViews.subscription(paused), at);
        return true;
    }
}
