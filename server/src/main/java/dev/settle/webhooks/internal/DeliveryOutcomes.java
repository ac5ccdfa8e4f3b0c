package dev.settle.webhooks.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import dev.settle.events.Events;

/**
 * Applies what an attempt came to: success ends the delivery; a failure schedules the next
 * attempt (a receiver's {@code Retry-After} on 429/503 wins over the schedule) or, with the
 * schedule used up, fails it; 410 Gone disables the endpoint. Endpoints failing without a
 * success for too long are disabled by {@link #disableFailing}.
 */
@Component
class DeliveryOutcomes {

    static final String ENDPOINT_DISABLED = "endpoint_disabled";

    private final DeliveryRepository deliveries;
    private final DeliveryResults results;
    private final EndpointRepository endpoints;
    private final Events events;
    private final TransactionTemplate transactions;
    private final WebhooksProperties properties;
    private final DeliveryMetrics metrics;

    DeliveryOutcomes(DeliveryRepository deliveries, DeliveryResults results, EndpointRepository endpoints, Events events,
            TransactionTemplate transactions, WebhooksProperties properties, DeliveryMetrics metrics) {
        this.metrics = metrics;
        this.deliveries = deliveries;
        this.results = results;
        this.endpoints = endpoints;
        this.events = events;
        this.transactions = transactions;
        this.properties = properties;
    }

    void apply(DeliveryRepository.Claimed delivery, WebhookSender.Outcome outcome, Instant now) {
        if (outcome.succeeded()) {
            results.succeeded(delivery, now);
            metrics.delivered(delivery.payload(), now);
            if (delivery.endpointFailing()) {
                endpoints.markHealthy(delivery.endpointId());
            }
            return;
        }
        if (outcome.status() != null && outcome.status() == 410) {
            disable(delivery.endpointId(), WebhookEndpoint.DISABLED_GONE, now);
            metrics.outcome("endpoint_gone");
            return;
        }
        String error = outcome.error() != null ? outcome.error() : "http_" + outcome.status();
        Instant next = nextAttempt(delivery, outcome, now);
        if (next == null) {
            results.failed(delivery, error, now);
            metrics.outcome("failed");
        } else {
            results.retryAt(delivery, next, error, now);
            metrics.outcome("retrying");
        }
        if (!delivery.endpointFailing()) {
            endpoints.markFailing(delivery.endpointId(), now);
        }
    }

    /** The claimed delivery's endpoint was disabled or deleted meanwhile: stop without an attempt. */
    void abandon(DeliveryRepository.Claimed delivery, Instant now) {
        results.failed(delivery, ENDPOINT_DISABLED, now);
        metrics.outcome("abandoned");
    }

    /** When to try again after this failure, or null when the retry schedule is used up. */
    @Nullable Instant nextAttempt(DeliveryRepository.Claimed delivery, WebhookSender.Outcome outcome, Instant now) {
        List<Duration> schedule = delivery.retrySchedule() == null
                ? properties.retrySchedule()
                : delivery.retrySchedule().stream().map(Duration::ofSeconds).toList();
        if (delivery.failures() >= schedule.size()) {
            return null;
        }
        Integer status = outcome.status();
        if (status != null && (status == 429 || status == 503)) {
            Instant asked = WebhookSender.retryAfter(outcome.retryAfter(), now);
            if (asked != null) {
                Instant latest = now.plus(properties.maxRetryAfter());
                return asked.isAfter(latest) ? latest : asked.isBefore(now) ? now : asked;
            }
        }
        return now.plus(schedule.get(delivery.failures()));
    }

    /**
     * Disables an enabled endpoint, records {@code webhook_endpoint.disabled} and stops its pending
     * deliveries, all in one transaction; does nothing if it was not enabled any more.
     */
    boolean disable(String endpointId, String reason, Instant now) {
        Boolean disabled = transactions.execute(status -> {
            if (!endpoints.disable(endpointId, reason)) {
                return false;
            }
            WebhookEndpoint endpoint = endpoints.findForUpdate(endpointId).orElseThrow();
            events.record(endpoint.tenant(), "webhook_endpoint.disabled", endpointId, EndpointView.of(endpoint, null));
            deliveries.failPending(endpointId, ENDPOINT_DISABLED, now);
            return true;
        });
        return Boolean.TRUE.equals(disabled);
    }

    /** Disables every endpoint that has failed without a success for {@code settle.webhooks.disable-after}. */
    int disableFailing(Instant now) {
        int disabled = 0;
        for (String id : endpoints.failingSince(now.minus(properties.disableAfter()))) {
            if (disable(id, WebhookEndpoint.DISABLED_FAILING, now)) {
                disabled++;
            }
        }
        return disabled;
    }
}
