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

/** Hourly, on one node: sessions that expired a day ago serve nothing and are forgotten. */
@Configuration(proxyBeanMethods = false)
class SessionPurge {

    private static final Logger log = LoggerFactory.getLogger(SessionPurge.class);

    @Bean
    RecurringTask<Void> sessionPurgeTask(SessionRepository sessions, Clock clock) {
        return Tasks.recurring("tenancy-session-purge", FixedDelay.of(Duration.ofHours(1)))
                .execute((instance, context) -> {
                    long purged = sessions.purgeExpiredBefore(clock.instant().minus(Duration.ofDays(1)));
                    if (purged > 0) {
                        log.info("Purged {} expired dashboard sessions", purged);
                    }
                });
    }
}
