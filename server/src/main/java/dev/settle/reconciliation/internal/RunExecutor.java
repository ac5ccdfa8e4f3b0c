package dev.settle.reconciliation.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.NestedExceptionUtils;
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

    /** Failed attempts of a run before it is left 'failed'; the waits between them double from {@link #FIRST_RETRY}. */
    static final int MAX_ATTEMPTS = 5;
    static final Duration FIRST_RETRY = Duration.ofSeconds(30);

    /**
     * Does the next due run; false when there is none. A run whose transaction fails has its
     * attempt recorded (in a transaction of its own) and waits its turn again behind the others.
     */
    boolean runOne() {
        AtomicReference<@Nullable String> attempted = new AtomicReference<>();
        try {
            return attempt(attempted);
        } catch (RuntimeException e) {
            String runId = attempted.get();
            if (runId == null) {
                throw e;
            }
            int attempts = transactions.execute(status -> runs.failed(runId, String.valueOf(NestedExceptionUtils.getMostSpecificCause(e).getMessage()), clock.instant(), FIRST_RETRY,
                    MAX_ATTEMPTS));
            log.error("Reconciliation run {} failed (attempt {} of {}); {}", runId, attempts, MAX_ATTEMPTS,
                    attempts >= MAX_ATTEMPTS ? "it is left failed" : "it is tried again later", e);
            return true;
        }
    }

    private boolean attempt(AtomicReference<@Nullable String> attempted) {
        return Boolean.TRUE.equals(transactions.execute(status -> {
            jdbc.sql("SET LOCAL statement_timeout = " + properties.runTimeout().toMillis()).update();
            // The run's joins and its sort by reference hold a report's worth of rows: in memory, not spilled to disk.
            jdbc.sql("SET LOCAL work_mem = '" + properties.runWorkMem().toKilobytes() + "kB'").update();
            var next = runs.lockNext(clock.instant());
            if (next.isEmpty()) {
                return false;
            }
            RunMatcher.Run run = next.get();
            attempted.set(run.id());
            long started = System.nanoTime();
            log.info("Reconciliation run {} started", run.id());
            String steps;
            if (run.payoutStatement()) {
                steps = "";
                payouts.verifyStatement(run);
            } else {
                steps = matcher.match(run);
                payouts.settle(run);
            }
            long matched = System.nanoTime();
            runs.complete(run.id(), clock.instant());
            long counted = System.nanoTime();
            Tenant tenant = new Tenant(new AccountId(run.accountId()), run.livemode());
            // Events are held until the commit: a bound keeps a report of a million unknown lines from filling the heap.
            items.discrepancies(run.id(), properties.maxDiscrepancyEvents(), item -> events.record(tenant, "reconciliation.discrepancy.created", item.id(),
                    Views.ItemView.of(item, tenant.livemode())));
            Runs.RunRow completed = runs.find(tenant, run.id()).orElseThrow();
            events.record(tenant, "reconciliation.run.completed", run.id(), Views.RunView.of(completed, tenant.livemode()));
            log.info("Reconciliation run {} completed in {} ms ({}payouts done; counts {} ms, events {} ms before the commit): {}", run.id(),
                    (System.nanoTime() - started) / 1_000_000, steps, (counted - matched) / 1_000_000,
                    (System.nanoTime() - counted) / 1_000_000, completed.counts());
            return true;
        }));
    }
}
