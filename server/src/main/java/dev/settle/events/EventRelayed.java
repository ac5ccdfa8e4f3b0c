package dev.settle.events;

import java.time.Instant;

import dev.settle.tenancy.Tenant;

/**
 * An event left the outbox: it now has its place in its account's and mode's sequence. The relay
 * publishes its batches as {@link EventsRelayed}.
 *
 * @param sequence strictly increasing per account and mode, in commit order
 * @param payload  the event as the API and webhooks show it: {@code {"id", "object": "event", "type",
 *                 "created", "livemode", "sequence", "data": {"object": …}}}
 */
public record EventRelayed(String id, Tenant tenant, long sequence, String type, String objectId, String payload,
        Instant created) {
}
