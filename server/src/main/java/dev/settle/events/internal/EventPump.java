package dev.settle.events.internal;

import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.stereotype.Component;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;

/**
 * Runs the relay and then the archiver. A commit that recorded events wakes it at once on that
 * node (wake-ups coalesce: one run is queued at most); a db-scheduler task runs it every
 * {@code settle.events.relay-interval} as the safety net for other nodes' commits and for events
 * left behind by a crash. Either way one relay runs at a time across the cluster (advisory lock).
 */
@Component
public class EventPump implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(EventPump.class);

    private final OutboxRelay relay;
    private final OutboxArchiver archiver;
    private final Clock clock;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(Thread.ofPlatform().name("event-pump").daemon().factory());
    private final AtomicBoolean queued = new AtomicBoolean();

    EventPump(OutboxRelay relay, OutboxArchiver archiver, Clock clock) {
        this.relay = relay;
        this.archiver = archiver;
        this.clock = clock;
    }

    /** Asks for a run soon; returns at once. */
    public void wake() {
        if (queued.compareAndSet(false, true)) {
            try {
                worker.execute(() -> {
                    queued.set(false);
                    runOnce();
                });
            } catch (java.util.concurrent.RejectedExecutionException shuttingDown) {
                queued.set(false);
            }
        }
    }

    /** Relays and archives everything committed so far. */
    public synchronized void runOnce() {
        try {
            relay.relayAll();
        } catch (RuntimeException e) {
            log.warn("Event relay failed; the next run retries", e);
        }
        try {
            archiver.archiveAll();
        } catch (RuntimeException e) {
            log.warn("Event archiving failed (is MongoDB reachable?); the next run retries: {}", e.toString());
        }
    }

    /** At start-up: repeat the archive writes of the last seconds before the stop (see {@link OutboxArchiver#resyncSince}). */
    @org.springframework.context.event.EventListener(org.springframework.boot.context.event.ApplicationReadyEvent.class)
    void onStart() {
        int again = archiver.resyncSince(clock.instant().minusSeconds(30));
        if (again > 0) {
            log.info("Archiving the {} most recently archived events again after start-up", again);
        }
        wake();
    }

    @Override
    public void destroy() {
        worker.shutdownNow();
    }

    @Configuration(proxyBeanMethods = false)
    static class Schedule {

        @Bean
        RecurringTask<Void> eventsRelayTask(EventPump pump, EventsProperties properties) {
            return Tasks.recurring("events-relay", FixedDelay.of(properties.relayInterval()))
                    .execute((instance, context) -> pump.runOnce());
        }

        @Bean
        RecurringTask<Void> eventsRetentionTask(EventArchive archive, OutboxArchiver archiver, EventsProperties properties,
                Clock clock) {
            return Tasks.recurring("events-retention", Schedules.fixedDelay(java.time.Duration.ofHours(1)))
                    .execute((instance, context) -> {
                        long archived = archive.purgeOlderThan(clock.instant().minus(properties.retention()));
                        int outbox = archiver.purgeArchivedBefore(clock.instant().minus(properties.outboxRetention()));
                        if (archived + outbox > 0) {
                            log.info("Purged {} archived events past retention and {} outbox rows", archived, outbox);
                        }
                    });
        }
    }
}
