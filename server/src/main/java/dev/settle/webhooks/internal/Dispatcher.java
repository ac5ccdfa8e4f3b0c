package dev.settle.webhooks.internal;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;

import dev.settle.platform.Background;
import dev.settle.platform.TraceContexts;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.SenderContext;
import dev.settle.shared.Ids;

/**
 * Sends due deliveries. Woken in-process right after a transaction that enqueued deliveries
 * commits (so an event typically reaches its endpoints within milliseconds), and by the
 * {@code webhooks-dispatch} db-scheduler task every {@code poll-interval} for retries that come
 * due and for claims whose node died. Each wake-up claims due rows in batches and runs every
 * attempt on its own virtual thread, at most {@code concurrency} at once and at most
 * {@code endpoint-concurrency} to any one endpoint, so an endpoint that hangs holds a few workers
 * and every other endpoint's deliveries go on; wake-ups that arrive while it runs are folded into
 * one more pass, so there is never more than one claimer per node.
 */
@Component
class Dispatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

    private final DeliveryRepository deliveries;
    private final DeliveryOutcomes outcomes;
    private final AttemptLog attempts;
    private final WebhookSender sender;
    private final UrlGuard guard;
    private final WebhooksProperties properties;
    private final Clock clock;
    private final ObservationRegistry observations;
    private final TraceContexts traceContexts;

    private final ExecutorService workers = Executors.newThreadPerTaskExecutor(
            Background.threads(Thread.ofVirtual().name("webhook-", 1).factory()));
    private final Semaphore slots;
    /** While every slot is busy, claim again only once this many are free: batches, not one row per query. */
    private final int refill;
    /** Attempts in flight per endpoint on this node; an endpoint with none has no entry. */
    private final Map<String, Integer> inFlight = new ConcurrentHashMap<>();
    private final AtomicInteger wakeups = new AtomicInteger();
    private final AtomicBoolean backlog = new AtomicBoolean();
    private volatile boolean stopped;

    Dispatcher(DeliveryRepository deliveries, DeliveryOutcomes outcomes, AttemptLog attempts, WebhookSender sender, UrlGuard guard,
            WebhooksProperties properties, Clock clock, ObservationRegistry observations, TraceContexts traceContexts) {
        this.observations = observations;
        this.traceContexts = traceContexts;
        this.deliveries = deliveries;
        this.outcomes = outcomes;
        this.attempts = attempts;
        this.sender = sender;
        this.guard = guard;
        this.properties = properties;
        this.clock = clock;
        this.slots = new Semaphore(properties.concurrency());
        this.refill = Math.max(1, Math.min(properties.batchSize(), properties.concurrency()) / 4);
    }

    /**
     * Wakes the dispatcher once the current transaction has committed (at once when there is none);
     * once per transaction, however many events it relays.
     */
    void wakeAfterCommit() {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            wake();
            return;
        }
        if (TransactionSynchronizationManager.hasResource(this)) {
            return;
        }
        TransactionSynchronizationManager.bindResource(this, Boolean.TRUE);
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                wake();
            }

            @Override
            public void afterCompletion(int status) {
                TransactionSynchronizationManager.unbindResourceIfPossible(Dispatcher.this);
            }
        });
    }

    /** Makes sure a pass over due deliveries starts after this call; cheap and safe to call often. */
    void wake() {
        if (stopped || wakeups.getAndIncrement() > 0) {
            return;
        }
        try {
            workers.execute(this::passes);
        } catch (RejectedExecutionException stopping) {
            wakeups.set(0);
        }
    }

    private void passes() {
        int seen = wakeups.get();
        while (true) {
            try {
                pass();
            } catch (RuntimeException e) {
                log.warn("Webhook dispatch pass failed; the next wake-up or poll retries", e);
            }
            int remaining = wakeups.addAndGet(-seen);
            if (remaining == 0) {
                return;
            }
            seen = remaining;
        }
    }

    /** Claims and starts due deliveries until none are due or every slot is busy. */
    private void pass() {
        while (!stopped) {
            int free = slots.availablePermits();
            if (free < refill && free < properties.concurrency()) {
                backlog.set(true);
                if (slots.availablePermits() < refill) {
                    return;
                }
                continue;
            }
            int wanted = Math.min(free, properties.batchSize());
            Instant now = clock.instant();
            List<DeliveryRepository.Claimed> claimed = deliveries.claim(now, now.plus(properties.lease()), wanted, room());
            for (DeliveryRepository.Claimed delivery : claimed) {
                slots.acquireUninterruptibly();
                inFlight.merge(delivery.endpointId(), 1, Integer::sum);
                try {
                    workers.execute(() -> attemptAndRelease(delivery));
                } catch (RejectedExecutionException stopping) {
                    done(delivery);
                    return;
                }
            }
            // Fewer than wanted: none due are left, or the rest belong to endpoints with no room.
            if (claimed.isEmpty() || claimed.size() < wanted && inFlight.isEmpty()) {
                return;
            }
        }
    }

    /** What each endpoint may still take on this node. */
    private DeliveryRepository.Room room() {
        int cap = properties.endpointConcurrency();
        List<String> full = new ArrayList<>();
        Map<String, Integer> room = new LinkedHashMap<>();
        inFlight.forEach((endpoint, running) -> {
            if (running >= cap) {
                full.add(endpoint);
            } else {
                room.put(endpoint, cap - running);
            }
        });
        return new DeliveryRepository.Room(cap, full, room);
    }

    private void attemptAndRelease(DeliveryRepository.Claimed delivery) {
        try {
            attempt(delivery);
        } catch (RuntimeException e) {
            // The claim stays; the delivery is due again when its lease ends.
            log.warn("Webhook attempt of {} to {} could not be recorded", delivery.eventId(), delivery.endpointId(), e);
        } finally {
            boolean endpointWasFull = inFlight.getOrDefault(delivery.endpointId(), 0) >= properties.endpointConcurrency();
            done(delivery);
            if (endpointWasFull || backlog.get() && slots.availablePermits() >= refill && backlog.compareAndSet(true, false)) {
                wake();
            }
        }
    }

    private void done(DeliveryRepository.Claimed delivery) {
        inFlight.computeIfPresent(delivery.endpointId(), (endpoint, running) -> running > 1 ? running - 1 : null);
        slots.release();
    }

    private void attempt(DeliveryRepository.Claimed delivery) {
        Instant started = clock.instant();
        if (!delivery.endpointEnabled() || delivery.secrets() == null) {
            outcomes.abandon(delivery, started);
            return;
        }
        URI url = URI.create(delivery.url());
        String refused = guard.problem(url, delivery.tenant().livemode());
        WebhookSender.Outcome outcome = refused != null
                ? WebhookSender.Outcome.refused(refused)
                : traced(delivery, headers -> sender.send(url, delivery.eventId(), delivery.payload().getBytes(StandardCharsets.UTF_8),
                        delivery.secrets().activeAt(started), started, headers));
        attempts.record(new AttemptLog.Attempt(Ids.newId("wha"), delivery.tenant(), delivery.endpointId(), delivery.eventId(),
                delivery.eventType(), delivery.attempt(), outcome.succeeded(), outcome.status(), outcome.latencyMs(),
                outcome.body(), outcome.error(), started));
        outcomes.apply(delivery, outcome, clock.instant());
    }

    /**
     * One attempt as a span of the trace of the request that wrote the event (its traceparent came
     * with the delivery row), sent with a {@code traceparent} header of its own for the receiver.
     */
    private WebhookSender.Outcome traced(DeliveryRepository.Claimed delivery,
            java.util.function.Function<Map<String, String>, WebhookSender.Outcome> send) {
        Map<String, String> headers = new LinkedHashMap<>();
        SenderContext<Map<String, String>> context = new SenderContext<>((carrier, key, value) -> carrier.put(key, value));
        context.setCarrier(headers);
        try (var resumed = traceContexts.resume(delivery.traceparent())) {
            Observation observation = Observation.createNotStarted("settle.webhook.delivery", () -> context, observations)
                    .contextualName("webhook delivery")
                    .lowCardinalityKeyValue("event_type", delivery.eventType())
                    .highCardinalityKeyValue("event_id", delivery.eventId())
                    .highCardinalityKeyValue("endpoint_id", delivery.endpointId())
                    .start();
            try (Observation.Scope scope = observation.openScope()) {
                WebhookSender.Outcome outcome = send.apply(headers);
                observation.lowCardinalityKeyValue("outcome", outcome.succeeded() ? "succeeded" : "failed");
                return outcome;
            } finally {
                observation.stop();
            }
        }
    }

    /** Stops claiming; attempts still running get a moment, and any cut short are retried after their lease. */
    @Override
    public void close() {
        stopped = true;
        workers.shutdown();
        try {
            if (!workers.awaitTermination(5, TimeUnit.SECONDS)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Schedule {

        /**
         * One poll at a time across the cluster: disables endpoints failing too long, and wakes this
         * node's dispatcher for retries that came due and for deliveries whose claim expired.
         */
        @Bean
        RecurringTask<Void> webhooksDispatchTask(Dispatcher dispatcher, DeliveryOutcomes outcomes, WebhooksProperties properties,
                Clock clock) {
            return Tasks.recurring("webhooks-dispatch", FixedDelay.of(properties.pollInterval()))
                    .execute((instance, context) -> {
                        outcomes.disableFailing(clock.instant());
                        dispatcher.wake();
                    });
        }
    }
}
