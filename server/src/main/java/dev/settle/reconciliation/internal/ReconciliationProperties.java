package dev.settle.reconciliation.internal;

import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code settle.reconciliation.*}.
 *
 * @param sla              how long after a charge or refund the processor has to report it
 *                         before it is {@code missing_in_report} (until then it is {@code expected})
 * @param slaByAccount     the same per account id, for accounts whose processor settles later
 * @param maxReportBytes   the largest report accepted by upload
 * @param runInterval      how often pending runs are looked for (each runs once, cluster-wide)
 * @param runTimeout       the longest one run's statements may take (background work otherwise
 *                         has the background pool's shorter statement timeout)
 * @param pull             the daily pull of each account's report from its processor
 * @param runWorkMem       PostgreSQL's work_mem for a run's transaction (one run at a time per cluster)
 * @param maxDiscrepancyEvents a run records one {@code reconciliation.discrepancy.created} per
 *                         discrepancy up to this many (in line order); {@code reconciliation.run.completed}
 *                         counts them all, and the items API lists them all
 */
@ConfigurationProperties("settle.reconciliation")
public record ReconciliationProperties(
        @DefaultValue("3d") Duration sla,
        @DefaultValue Map<String, Duration> slaByAccount,
        @DefaultValue("1GB") DataSize maxReportBytes,
        @DefaultValue("1s") Duration runInterval,
        @DefaultValue("10m") Duration runTimeout,
        @DefaultValue Pull pull,
        @DefaultValue("50000") int maxDiscrepancyEvents,
        @DefaultValue("64MB") DataSize runWorkMem) {

    /**
     * @param enabled  whether the daily pull runs
     * @param interval how often it looks for days not pulled yet
     * @param lookback how many past days it pulls for an account with activity
     */
    public record Pull(@DefaultValue("true") boolean enabled, @DefaultValue("1h") Duration interval,
            @DefaultValue("3") int lookback) {
    }

    Duration slaFor(String accountId) {
        return slaByAccount.getOrDefault(accountId, sla);
    }
}
