package dev.settle.webhooks.internal;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.settle.shared.Metadata;

/**
 * An endpoint as the API and its events show it. {@code secret} appears only in the responses
 * that create it (create, rotate_secret); {@code retry_schedule} is null while the endpoint
 * follows the installation's schedule.
 */
record EndpointView(String id, String object, boolean livemode, String url, @Nullable String description,
        List<String> enabledEvents, String status, @Nullable String disabledReason, @Nullable List<Integer> retrySchedule,
        Map<String, String> metadata, long created, @Nullable String secret) {

    static EndpointView of(WebhookEndpoint endpoint, @Nullable String secret) {
        return new EndpointView(endpoint.id(), "webhook_endpoint", endpoint.livemode(), endpoint.url(), endpoint.description(),
                endpoint.enabledEvents(), endpoint.status().code(), endpoint.disabledReason(), endpoint.retrySchedule(),
                Metadata.sorted(endpoint.metadata()), endpoint.created().getEpochSecond(), secret);
    }

    @Override
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public @Nullable String secret() {
        return secret;
    }

    @Override
    public String toString() {
        return "EndpointView[" + id + "]";
    }
}
