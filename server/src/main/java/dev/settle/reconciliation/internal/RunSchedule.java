package dev.settle.reconciliation.internal;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;

/**
 * Pending runs are done by a db-scheduler job: one execution at a time across the cluster, on
 * the background pool; one claimed by a node that died is taken over once its heartbeats stop.
 */
@Configuration(proxyBeanMethods = false)
class RunSchedule {

    @Bean
    RecurringTask<Void> reconciliationRunsTask(RunExecutor executor, ReconciliationProperties properties) {
        return Tasks.recurring("reconciliation-runs", FixedDelay.of(properties.runInterval()))
                .execute((instance, context) -> executor.runPending());
    }
}
