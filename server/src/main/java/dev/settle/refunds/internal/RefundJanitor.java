package dev.settle.refunds.internal;

import java.time.Clock;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.stereotype.Component;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;

import dev.settle.payments.Payments;
import dev.settle.payments.spi.ProcessorRefund;
import dev.settle.platform.Phases;

/**
 * Settles refunds whose outcome Settle did not hear or that stay pending at the processor: asks
 * the processor for the refund made with the refund's idempotency key and applies the answer.
 * Runs on db-scheduler, once at a time across the cluster.
 */
@Component
class RefundJanitor {

    private static final Logger log = LoggerFactory.getLogger(RefundJanitor.class);

    private final RefundRepository refunds;
    private final RefundOutcomes outcomes;
    private final Payments payments;
    private final Phases phases;
    private final Clock clock;

    RefundJanitor(RefundRepository refunds, RefundOutcomes outcomes, Payments payments, Phases phases, Clock clock) {
        this.refunds = refunds;
        this.outcomes = outcomes;
        this.payments = payments;
        this.phases = phases;
        this.clock = clock;
    }

    int sweep() {
        List<String> due = refunds.due(clock.instant(), 100);
        for (String id : due) {
            try {
                settle(id);
            } catch (RuntimeException e) {
                log.error("Refund janitor could not settle {}", id, e);
            }
        }
        return due.size();
    }

    private void settle(String id) {
        String processor = phases.committed(() -> refunds.lockById(id).orElseThrow().processor());
        ProcessorRefund report = payments.connector(processor).orElseThrow().retrieveRefundByIdempotencyKey("settle_" + id);
        phases.committed(() -> outcomes.apply(id, report));
    }

    @Configuration(proxyBeanMethods = false)
    static class Schedule {

        @Bean
        RecurringTask<Void> refundsJanitorTask(RefundJanitor janitor, RefundsProperties properties) {
            return Tasks.recurring("refunds-janitor", FixedDelay.of(properties.janitor().interval()))
                    .execute((instance, context) -> janitor.sweep());
        }
    }
}
