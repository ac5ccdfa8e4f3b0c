package dev.settle.reconciliation.internal;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;

import dev.settle.tenancy.AccountId;
import dev.settle.tenancy.Tenant;

/**
 * The daily pull: for every account and mode with charges or refunds on a finished UTC day of
 * the last {@code lookback} days, the processor's report of that day is fetched and ingested
 * once (a db-scheduler job, one execution across the cluster, on the background pool). A day
 * whose fetch fails is tried again at the next execution.
 */
@Component
class ReportPull {

    private static final Logger log = LoggerFactory.getLogger(ReportPull.class);

    private final ReportFetch fetch;
    private final JdbcClient jdbc;
    private final ReconciliationProperties properties;
    private final Clock clock;

    ReportPull(ReportFetch fetch, JdbcClient jdbc, ReconciliationProperties properties, Clock clock) {
        this.fetch = fetch;
        this.jdbc = jdbc;
        this.properties = properties;
        this.clock = clock;
    }

    private record Due(String accountId, boolean livemode, String processor, LocalDate day) {
    }

    private static final String DUE = """
            SELECT DISTINCT b.account_id, b.livemode, b.processor, CAST(b.occurred_at AT TIME ZONE 'UTC' AS date) AS day
            FROM reconciliation_books b
            WHERE b.occurred_at >= :from
              AND b.occurred_at < :to
              AND NOT EXISTS (SELECT 1
                              FROM reconciliation_pulls p
                              WHERE p.account_id = b.account_id
                                AND p.livemode = b.livemode
                                AND p.processor = b.processor
                                AND p.day = CAST(b.occurred_at AT TIME ZONE 'UTC' AS date))
            ORDER BY day
            """;

    /** Pulls every day due; returns how many reports were fetched. */
    int pull() {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        List<Due> due = jdbc.sql(DUE)
                .param("from", Timestamp.from(today.minusDays(properties.pull().lookback()).atStartOfDay(ZoneOffset.UTC).toInstant()))
                .param("to", Timestamp.from(today.atStartOfDay(ZoneOffset.UTC).toInstant()))
                .query((rs, n) -> new Due(rs.getString("account_id"), rs.getBoolean("livemode"), rs.getString("processor"),
                        rs.getObject("day", LocalDate.class)))
                .list();
        int fetched = 0;
        for (Due day : due) {
            try {
                fetch.fetch(new Tenant(new AccountId(day.accountId()), day.livemode()), day.processor(), day.day(), Set.of());
                fetched++;
            } catch (RuntimeException e) {
                log.warn("Could not pull the {} report of {} for {} ({}); tried again at the next pull", day.processor(), day.day(),
                        day.accountId(), e.getMessage());
            }
        }
        return fetched;
    }

    @Configuration(proxyBeanMethods = false)
    static class Schedule {

        @Bean
        RecurringTask<Void> reconciliationPullTask(ReportPull pull, ReconciliationProperties properties) {
            return Tasks.recurring("reconciliation-pull", FixedDelay.of(properties.pull().interval()))
                    .execute((instance, context) -> {
                        if (properties.pull().enabled()) {
                            pull.pull();
                        }
                    });
        }
    }
}
