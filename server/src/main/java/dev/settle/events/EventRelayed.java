package dev.settle.events;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import dev.settle.tenancy.Tenant;

/**
 * An event left the outbox: it now has its place in its account's and mode's sequence. The relay
 * publishes its batches as {@link EventsRelayed}.
 *
 * @param sequence strictly increasing per account and mode, in commit order
 * @param payload  the event as the API and webhooks show it: {@code {"id", "object": "event", "type",
 *                 "created", "livemode", "sequence", "data": {"object": …}}}
 * @param traceparent the W3C trace context of the request that wrote the event, when tracing was on
 */
public record EventRelayed(String id, Tenant tenant, long sequence, String type, String objectId, String payload,
        Instant created, @Nullable String traceparent) {

    /** An event without the trace of the request that wrote it (read back from the archive, say). */
    public EventRelayed(String id, Tenant tenant, long sequence, String type, String objectId, String payload, Instant created) {
        this(id, tenant, sequence, type, objectId, payload, created, null);
    }
}
