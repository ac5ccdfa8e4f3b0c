package dev.settle.idempotency.internal;

import java.time.Clock;
import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;

/** Hourly, on exactly one node of a cluster: forget keys older than the retention (24 h by default). */
@Configuration(proxyBeanMethods = false)
class IdempotencyPurge {

    private static final Logger log = LoggerFactory.getLogger(IdempotencyPurge.class);

    @Bean
    RecurringTask<Void> idempotencyPurgeTask(IdempotencyStore store, IdempotencyProperties properties, Clock clock) {
        return Tasks.recurring("idempotency-purge", FixedDelay.of(Duration.ofHours(1)))
                .execute((instance, context) -> {
                    int purged = store.purgeOlderThan(clock.instant().minus(properties.retention()));
                    if (purged > 0) {
                        log.info("Purged {} idempotency keys older than {}", purged, properties.retention());
                    }
                });
    }
}
