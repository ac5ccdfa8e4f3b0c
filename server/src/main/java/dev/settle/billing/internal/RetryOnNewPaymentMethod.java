package dev.settle.billing.internal;

import java.time.Instant;

import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

import dev.settle.payments.DefaultPaymentMethodSet;
import dev.settle.platform.Phases;

/**
 * A new default payment method pays the customer's open invoices at once (dunning does not wait
 * for its next scheduled retry), once the change has committed.
 */
@Component
class RetryOnNewPaymentMethod {

    private final InvoiceRepository invoices;
    private final Collection collection;
    private final BillingTime time;
    private final Phases phases;

    RetryOnNewPaymentMethod(InvoiceRepository invoices, Collection collection, BillingTime time, Phases phases) {
        this.invoices = invoices;
        this.collection = collection;
        this.time = time;
        this.phases = phases;
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
    void on(DefaultPaymentMethodSet set) {
        for (String id : invoices.openAutomatic(set.tenant(), set.customer())) {
            Instant now = phases.committed(() -> {
                Invoice invoice = invoices.lockById(id).orElseThrow();
                Instant at = time.now(invoice.tenant(), invoice.testClockId());
                if (invoice.status().equals("open")) {
                    invoices.update(invoice.attempted(invoice.attemptCount(), invoice.firstFailureAt(), at, invoice.paymentIntentId()));
                }
                return at;
            });
            collection.collect(id, now, false);
        }
    }
}
