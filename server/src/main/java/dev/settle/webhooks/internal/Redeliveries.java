package dev.settle.webhooks.internal;

import java.time.Clock;
import java.time.Instant;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.settle.shared.InvalidRequestException;
import dev.settle.shared.InvalidStateTransition;
import dev.settle.shared.ResourceNotFoundException;
import dev.settle.tenancy.Tenant;

/**
 * Sends again what an endpoint already had: one event (replay) or every failed delivery since a
 * time (recover). The same {@code webhook-id} goes out, so receivers that dedupe still do.
 */
@Service
class Redeliveries {

    private final EndpointRepository endpoints;
    private final DeliveryRepository deliveries;
    private final Dispatcher dispatcher;
    private final Clock clock;

    Redeliveries(EndpointRepository endpoints, DeliveryRepository deliveries, Dispatcher dispatcher, Clock clock) {
        this.endpoints = endpoints;
        this.deliveries = deliveries;
        this.dispatcher = dispatcher;
        this.clock = clock;
    }

    @Transactional
    void replay(Tenant tenant, String endpointId, @Nullable String eventId) {
        if (eventId == null || eventId.isBlank()) {
            throw InvalidRequestException.missingParam("event");
        }
        enabledEndpoint(tenant, endpointId, "replay an event to");
        if (!deliveries.replay(endpointId, eventId, clock.instant())) {
            throw new ResourceNotFoundException("event", eventId, "event");
        }
        dispatcher.wakeAfterCommit();
    }

    @Transactional
    int recover(Tenant tenant, String endpointId, @Nullable Long since) {
        if (since == null) {
            throw InvalidRequestException.missingParam("since");
        }
        if (since < 0 || since > 253402300799L) {
            throw InvalidRequestException.invalidParam("since", "since must be a Unix timestamp in seconds.");
        }
        enabledEndpoint(tenant, endpointId, "recover events to");
        int recovered = deliveries.recover(endpointId, Instant.ofEpochSecond(since), clock.instant());
        if (recovered > 0) {
            dispatcher.wakeAfterCommit();
        }
        return recovered;
    }

    private void enabledEndpoint(Tenant tenant, String id, String action) {
        WebhookEndpoint endpoint = endpoints.findForUpdate(tenant, id).orElseThrow(() -> EndpointService.notFound(id));
        if (!endpoint.enabled()) {
            throw new InvalidStateTransition("webhook_endpoint", action, id, endpoint.status().code());
        }
    }
}
