package dev.settle.billing.internal;

import java.time.Clock;
import java.time.Instant;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;

/**
 * The billing job, on db-scheduler (one run at a time across the cluster, on the background
 * pool): everything due on the wall clock, then each advancing test clock, moved from one due
 * moment to the next so that what falls due in between runs in time order at its own time.
 */
@Configuration(proxyBeanMethods = false)
class BillingJob {

    private static final Logger log = LoggerFactory.getLogger(BillingJob.class);

    @Bean
    RecurringTask<Void> billingTask(BillingPasses passes, TestClockRepository clocks, SubscriptionRepository subscriptions,
            InvoiceRepository invoices, TestClockService testClocks, BillingProperties properties, Clock clock) {
        return Tasks.recurring("billing", FixedDelay.of(properties.interval()))
                .execute((instance, context) -> {
                    passes.run(new Scope(null, clock.instant()));
                    for (String id : clocks.advancing()) {
                        advance(id, passes, clocks, subscriptions, invoices, testClocks);
                    }
                });
    }

    private static void advance(String id, BillingPasses passes, TestClockRepository clocks, SubscriptionRepository subscriptions,
            InvoiceRepository invoices, TestClockService testClocks) {
        while (true) {
            TestClock clock = clocks.lockById(id).orElse(null);
            if (clock == null || !clock.status().equals("advancing")) {
                return;
            }
            Instant next = earliest(subscriptions.nextDue(id), invoices.nextDue(id));
            if (next == null || next.isAfter(clock.targetTime())) {
                testClocks.ready(id);
                return;
            }
            Instant at = next.isBefore(clock.frozenTime()) ? clock.frozenTime() : next;
            clocks.freeze(id, at, "advancing");
            if (passes.run(new Scope(id, at)) == 0) {
                log.warn("Test clock {}: nothing could be done at {}; settling it at its target", id, at);
                testClocks.ready(id);
                return;
            }
        }
    }

    private static @Nullable Instant earliest(@Nullable Instant a, @Nullable Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isBefore(b) ? a : b;
    }
}
