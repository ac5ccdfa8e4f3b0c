package dev.settle.payments.internal;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;

/** The janitor runs on db-scheduler: one sweep at a time across the cluster. */
@Configuration(proxyBeanMethods = false)
class JanitorSchedule {

    @Bean
    RecurringTask<Void> paymentsJanitorTask(Janitor janitor, PaymentsProperties properties) {
        return Tasks.recurring("payments-janitor", FixedDelay.of(properties.janitor().interval()))
                .execute((instance, context) -> janitor.sweep());
    }
}
