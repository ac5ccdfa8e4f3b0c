package dev.settle.tenancy.internal;

import java.time.Clock;
import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;

/**
 * Daily, on one node: audit entries older than the retention leave through
 * {@code tenancy_audit_purge()}, the one path the table's append-only trigger lets through.
 */
@Configuration(proxyBeanMethods = false)
class AuditPurge {

    private static final Logger log = LoggerFactory.getLogger(AuditPurge.class);

    @Bean
    RecurringTask<Void> auditPurgeTask(AuditRepository entries, AuditProperties properties, Clock clock) {
        return Tasks.recurring("audit-purge", FixedDelay.of(Duration.ofDays(1)))
                .execute((instance, context) -> {
                    long purged = entries.purgeOlderThan(clock.instant().minus(properties.retention()));
                    if (purged > 0) {
                        log.info("Purged {} audit log entries older than {}", purged, properties.retention());
                    }
                });
    }
}
