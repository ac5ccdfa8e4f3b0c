package dev.settle.platform.internal;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;


import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;

import dev.settle.platform.Background;
import dev.settle.platform.SettleProperties;

/**
 * db-scheduler on PostgreSQL runs every scheduled and retried job. Executions are claimed
 * with row locks in {@code scheduled_tasks}, so on N nodes each due execution runs once.
 * Modules contribute jobs as {@link Task} beans; recurring ones start themselves.
 */
@Configuration(proxyBeanMethods = false)
class SchedulerConfiguration {

    @Bean
    Scheduler scheduler(DatabaseConfiguration.BackgroundPool backgroundPool, List<Task<?>> tasks, SchedulerSettings settings,
            SettleProperties settle) {
        List<RecurringTask<?>> recurring = tasks.stream()
                .filter(RecurringTask.class::isInstance)
                .<RecurringTask<?>>map(task -> (RecurringTask<?>) task)
                .toList();
        List<Task<?>> oneTime = tasks.stream().filter(task -> !(task instanceof RecurringTask)).toList();
        // Jobs run as background work: their sessions come from the background pool, and so do the scheduler's own.
        var builder = Scheduler.create(backgroundPool.pool(), oneTime);
        if (settle.nodeName() != null && !settle.nodeName().isBlank()) {
            // scheduled_tasks.picked_by then names the node holding a claim (db-scheduler's default,
            // the host name, is the same for every node of a cluster on one host)
            builder = builder.schedulerName(new SchedulerName.Fixed(settle.nodeName().strip()));
        }
        return builder
                .startTasks(recurring)
                .executorService(Executors.newFixedThreadPool(settings.threads(),
                        Background.threads(Thread.ofPlatform().name("settle-job-", 1).daemon().factory())))
                .pollingInterval(settings.pollingInterval())
                // An execution whose node died (kill -9, OOM) is run again once db-scheduler sees 6
                // heartbeats missed: 30 s at 5 s. Its default of 5 min left a killed Settle's janitors
                // and relay claimed, and not running, for 30 minutes after a restart (bench/crash.sh).
                .heartbeatInterval(settings.heartbeatInterval())
                .enableImmediateExecution()
                .shutdownMaxWait(Duration.ofSeconds(10))
                .build();
    }

    @Bean
    SchedulerSettings schedulerSettings(org.springframework.core.env.Environment environment) {
        return new SchedulerSettings(
                environment.getProperty("settle.scheduler.threads", Integer.class, 8),
                environment.getProperty("settle.scheduler.polling-interval", Duration.class, Duration.ofSeconds(1)),
                environment.getProperty("settle.scheduler.heartbeat-interval", Duration.class, Duration.ofSeconds(5)));
    }

    /** Starts the scheduler once the context (and Flyway) is ready, and stops it before the pool closes. */
    @Bean
    SmartLifecycle schedulerLifecycle(Scheduler scheduler) {
        return new SmartLifecycle() {
            private volatile boolean running;

            @Override
            public void start() {
                scheduler.start();
                running = true;
            }

            @Override
            public void stop() {
                scheduler.stop();
                running = false;
            }

            @Override
            public boolean isRunning() {
                return running;
            }
        };
    }

    record SchedulerSettings(int threads, Duration pollingInterval, Duration heartbeatInterval) {
    }
}
