package dev.settle.billing.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

import dev.settle.platform.Background;
import dev.settle.platform.Phases;

/**
 * Everything due in one scope, in order: renewals (and cancellations), then drafts to finalize,
 * then payments to attempt (first attempts and dunning retries) and send_invoice due dates.
 * Payments are attempted a bounded number at a time, on background threads.
 */
@Component
class BillingPasses implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(BillingPasses.class);

    private final Renewals renewals;
    private final InvoiceRepository invoices;
    private final SubscriptionRepository subscriptions;
    private final Invoicing invoicing;
    private final Collection collection;
    private final Phases phases;
    private final BillingProperties properties;
    private final ExecutorService payers;

    BillingPasses(Renewals renewals, InvoiceRepository invoices, SubscriptionRepository subscriptions, Invoicing invoicing,
            Collection collection, Phases phases, BillingProperties properties) {
        this.renewals = renewals;
        this.invoices = invoices;
        this.subscriptions = subscriptions;
        this.invoicing = invoicing;
        this.collection = collection;
        this.phases = phases;
        this.properties = properties;
        this.payers = Executors.newFixedThreadPool(properties.paymentThreads(),
                Background.threads(Thread.ofPlatform().name("settle-billing-pay-", 1).daemon().factory()));
    }

    /** Runs every pass once over the scope; returns how many objects were acted on. */
    int run(Scope scope) {
        long start = System.nanoTime();
        int renewed = renewals.renewDue(scope);
        long renewedAt = System.nanoTime();
        int finalized = finalizeDue(scope);
        long finalizedAt = System.nanoTime();
        int collected = collectDue(scope);
        long end = System.nanoTime();
        int total = renewed + finalized + collected;
        if (total >= 100 || (total > 0 && log.isDebugEnabled())) {
            log.info("Billing pass at {}{}: {} renewed in {} ms, {} finalized in {} ms, {} collected in {} ms", scope.now(),
                    scope.testClock() == null ? "" : " on " + scope.testClock(), renewed, (renewedAt - start) / 1_000_000, finalized,
                    (finalizedAt - renewedAt) / 1_000_000, collected, (end - finalizedAt) / 1_000_000);
        }
        return total;
    }

    int finalizeDue(Scope scope) {
        int total = 0;
        while (true) {
            int done = phases.committed(() -> {
                List<Invoice> drafts = invoices.draftsDue(scope, properties.batchSize());
                for (Invoice draft : drafts) {
                    Integer days = draft.subscriptionId() == null || !draft.collectionMethod().equals("send_invoice") ? null
                            : subscriptions.find(draft.tenant(), draft.subscriptionId()).map(Subscription::daysUntilDue).orElse(null);
                    invoicing.finalize(draft, days, scope.now());
                }
                return drafts.size();
            });
            total += done;
            if (done < properties.batchSize()) {
                return total;
            }
        }
    }

    int collectDue(Scope scope) {
        int total = 0;
        java.util.Set<String> seen = new java.util.HashSet<>();
        while (true) {
            List<String> due = invoices.collectionDue(scope, properties.batchSize());
            due.removeAll(seen);
            if (due.isEmpty()) {
                return total;
            }
            List<Future<Boolean>> running = new ArrayList<>();
            for (String id : due) {
                running.add(payers.submit(() -> collect(id, scope.now(), scope.testClock() != null)));
            }
            for (Future<Boolean> future : running) {
                try {
                    total += future.get() ? 1 : 0;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return total;
                } catch (java.util.concurrent.ExecutionException e) {
                    log.error("Invoice collection failed", e.getCause());
                }
            }
            seen.addAll(due);
        }
    }

    private boolean collect(String invoiceId, Instant now, boolean onTestClock) {
        try {
            collection.collect(invoiceId, now, onTestClock);
            return true;
        } catch (RuntimeException e) {
            log.error("Collecting invoice {} failed; it is tried again on the next pass", invoiceId, e);
            return false;
        }
    }

    @Override
    public void destroy() {
        payers.shutdownNow();
    }
}
