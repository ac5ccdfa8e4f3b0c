package dev.settle.events.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
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

import dev.settle.platform.Background;
import dev.settle.platform.DocumentStore;

/**
 * Runs the relay and the archiver. A commit that recorded events wakes the relay on that node
 * within {@link #DEBOUNCE}; wake-ups in that window share one relay transaction. On a busy node
 * relay transactions start at most every {@link #RELAY_SPACING}, since each costs a commit and
 * five round trips however few events it carries (relaying every 10 ms at 150 payments a second
 * cost PostgreSQL more than inserting the events). A db-scheduler task every
 * {@code settle.events.relay-interval} relays what other nodes or a crash left and archives
 * everything relayed, in large batches. Either way one relay runs at a time across the cluster
 * (advisory lock).
 */
@Component
public class EventPump implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(EventPump.class);

    private final OutboxRelay relay;
    private final OutboxArchiver archiver;
    private final DocumentStore store;
    private final ArchiveStore archiveStore;
    static final Duration DEBOUNCE = Duration.ofMillis(10);
    static final Duration RELAY_SPACING = Duration.ofMillis(50);
    static final Duration ARCHIVE_DEBOUNCE = Duration.ofMillis(100);

    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(
            Background.threads(Thread.ofPlatform().name("event-pump").daemon().factory()));
    private final ScheduledExecutorService archiveWorker = Executors.newSingleThreadScheduledExecutor(
            Background.threads(Thread.ofPlatform().name("event-archiver").daemon().factory()));
    private final AtomicBoolean queued = new AtomicBoolean();
    private final AtomicBoolean archiveQueued = new AtomicBoolean();
    private final Object relayLock = new Object();
    private final Object archiveLock = new Object();

    EventPump(OutboxRelay relay, OutboxArchiver archiver, DocumentStore store, ArchiveStore archiveStore) {
        this.relay = relay;
        this.archiver = archiver;
        this.store = store;
        this.archiveStore = archiveStore;
    }

    /** When the last relay woken by a commit started ({@link System#nanoTime()}). */
    private volatile long lastWokenRelay = System.nanoTime() - RELAY_SPACING.toNanos();

    /**
     * Asks for a relay within {@link #DEBOUNCE}, or {@link #RELAY_SPACING} after the last one
     * started if that is later; returns at once.
     */
    public void wake() {
        debounce(worker, queued, relayDelay(Duration.ofNanos(System.nanoTime() - lastWokenRelay)), () -> {
            lastWokenRelay = System.nanoTime();
            if (!relayOnly()) {
                debounce(archiveWorker, archiveQueued, ARCHIVE_DEBOUNCE, this::archiveOnly);
            }
        });
    }

    /** How long a wake-up waits, {@code sinceLast} after the last relay a wake-up started. */
    static Duration relayDelay(Duration sinceLast) {
        Duration rest = RELAY_SPACING.minus(sinceLast);
        return rest.compareTo(DEBOUNCE) > 0 ? rest : DEBOUNCE;
    }

    /** Runs {@code task} on {@code executor} after {@code delay}, once for all the calls made meanwhile. */
    private static void debounce(ScheduledExecutorService executor, AtomicBoolean queued, Duration delay, Runnable task) {
        if (queued.compareAndSet(false, true)) {
            try {
                executor.schedule(() -> {
                    queued.set(false);
                    task.run();
                }, delay.toNanos(), TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.RejectedExecutionException shuttingDown) {
                queued.set(false);
            }
        }
    }

    /**
     * Relays what is committed, archiving each batch as it commits; false when the archive did
     * not keep up (MongoDB unreachable, or behind already), so the archiver must catch up from
     * the outbox.
     */
    private boolean relayOnly() {
        synchronized (relayLock) {
            boolean[] archived = {true};
            try {
                relay.relayAll(batch -> archived[0] &= archiveInline(batch));
            } catch (RuntimeException e) {
                log.warn("Event relay failed; the next run retries", e);
            }
            return archived[0];
        }
    }

    private boolean archiveInline(OutboxRelay.Batch batch) {
        try {
            return archiver.archiveRelayed(batch);
        } catch (RuntimeException e) {
            log.debug("Archiving a relayed batch failed; the archiver catches up: {}", e.toString());
            return false;
        }
    }

    /**
     * Relays and then archives everything committed so far. The two hold separate locks: a long
     * archive batch never holds up the relay, and so never the webhooks that wait on it.
     */
    public void runOnce() {
        relayOnly();
        archiveOnly();
    }

    private void archiveOnly() {
        synchronized (archiveLock) {
            try {
                archiver.archiveAll();
            } catch (RuntimeException e) {
                log.warn("Event archiving failed (is the document store reachable?); the next run retries: {}", e.toString());
            }
        }
    }

    /**
     * At start-up: if the archive is not where the watermark was recorded (the first start of
     * this version, whose archive moved from the embedded Mongo-compatible store to PostgreSQL, or
     * a move between PostgreSQL and MongoDB), archive the whole outbox again into the new store
     * (idempotent inserts; {@link OutboxArchiver#resyncSince}). Both stores are durable before the
     * watermark moves, so nothing else needs repeating after a crash.
     */
    @org.springframework.context.event.EventListener(org.springframework.boot.context.event.ApplicationReadyEvent.class)
    void onStart() {
        String current = store.identity();
        Optional<String> recorded = archiveStore.recorded();
        if (!recorded.equals(Optional.of(current))) {
            int again = archiver.resyncSince(Instant.EPOCH);
            archiveStore.record(current);
            if (again > 0) {
                log.info("The event archive is now in {} (was {}): archiving the {} events of the outbox into it", current,
                        recorded.orElse("the embedded Mongo-compatible store"), again);
            }
        }
        wake();
    }

    @Override
    public void destroy() {
        worker.shutdownNow();
        archiveWorker.shutdownNow();
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
            return Tasks.recurring("events-retention", Schedules.fixedDelay(Duration.ofHours(1)))
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
