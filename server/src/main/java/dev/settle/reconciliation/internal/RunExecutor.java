package dev.settle.reconciliation.internal;

import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.settle.events.Events;
import dev.settle.tenancy.AccountId;
import dev.settle.tenancy.Tenant;

/**
 * Does pending runs, one transaction each: classify, check and post payouts, count, complete,
 * and record the events. A run interrupted anywhere (an error, a kill -9) has written nothing
 * and is pending still; the next attempt decides the same ({@link RunMatcher}).
 */
@Component
class RunExecutor {

    private static final Logger log = LoggerFactory.getLogger(RunExecutor.class);

    private final Runs runs;
    private final RunMatcher matcher;
    private final Payouts payouts;
    private final Items items;
    private final Events events;
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final ReconciliationProperties properties;
    private final Clock clock;

    RunExecutor(Runs runs, RunMatcher matcher, Payouts payouts, Items items, Events events, JdbcClient jdbc,
            PlatformTransactionManager transactionManager, ReconciliationProperties properties, Clock clock) {
        this.runs = runs;
        this.matcher = matcher;
        this.payouts = payouts;
        this.items = items;
        this.events = events;
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactionManager);
        this.properties = properties;
        this.clock = clock;
    }

    /** Runs every pending run; returns how many were done. */
    int runPending() {
        int done = 0;
        while (runOne()) {
            done++;
        }
        return done;
    }

    boolean runOne() {
        return Boolean.TRUE.equals(transactions.execute(status -> {
            jdbc.sql("SET LOCAL statement_timeout = " + properties.runTimeout().toMillis()).update();
            // The run's joins and its sort by reference hold a report's worth of rows: in memory, not spilled to disk.
            jdbc.sql("SET LOCAL work_mem = '" + properties.runWorkMem().toKilobytes() + "kB'").update();
            var next = runs.lockNext();
            if (next.isEmpty()) {
                return false;
            }
            RunMatcher.Run run = next.get();
            long started = System.nanoTime();
            log.info("Reconciliation run {} started", run.id());
            String steps = matcher.match(run);
            long matched = System.nanoTime();
            payouts.settle(run);
            runs.complete(run.id(), clock.instant());
            long counted = System.nanoTime();
            Tenant tenant = new Tenant(new AccountId(run.accountId()), run.livemode());
            // Events are held until the commit: a bound keeps a report of a million unknown lines from filling the heap.
            items.discrepancies(run.id(), properties.maxDiscrepancyEvents(), item -> events.record(tenant, "reconciliation.discrepancy.created", item.id(),
                    Views.ItemView.of(item, tenant.livemode())));
            Runs.RunRow completed = runs.find(tenant, run.id()).orElseThrow();
            events.record(tenant, "reconciliation.run.completed", run.id(), Views.RunView.of(completed, tenant.livemode()));
            log.info("Reconciliation run {} completed in {} ms ({}payouts and counts {} ms, events {} ms before the commit): {}", run.id(),
                    (System.nanoTime() - started) / 1_000_000, steps, (counted - matched) / 1_000_000,
                    (System.nanoTime() - counted) / 1_000_000, completed.counts());
            return true;
        }));
    }
}
