package dev.settle.cluster.internal;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.settle.events.EventRelayed;
import dev.settle.tenancy.AccountId;
import dev.settle.tenancy.ApiKeyId;
import dev.settle.tenancy.Tenant;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * What one node sends the others, as JSON with its routing key: {@code events.<account>.<live|test>}
 * for a relay batch's events of one tenant, {@code api_key.revoked} for a revoke.
 */
final class ClusterMessages {

    static final String REVOKED = "api_key.revoked";
    static final String EVENTS_PREFIX = "events.";

    record Event(String id, String account, boolean livemode, long sequence, String type, String objectId, String payload,
            long createdMillis, @Nullable String traceparent) {

        static Event of(EventRelayed event) {
            return new Event(event.id(), event.tenant().accountId(), event.tenant().livemode(), event.sequence(),
                    event.type(), event.objectId(), event.payload(), event.created().toEpochMilli(), event.traceparent());
        }

        EventRelayed relayed() {
            return new EventRelayed(id, new Tenant(new AccountId(account), livemode), sequence, type, objectId, payload,
                    Instant.ofEpochMilli(createdMillis), traceparent);
        }
    }

    record Revoked(String key) {

        ApiKeyId id() {
            return new ApiKeyId(key);
        }
    }

    private final JsonMapper json;

    ClusterMessages(JsonMapper json) {
        this.json = json;
    }

    static String routingKey(Tenant tenant) {
        return EVENTS_PREFIX + tenant.accountId() + "." + (tenant.livemode() ? "live" : "test");
    }

    byte[] events(List<EventRelayed> events) {
        return json.writeValueAsBytes(events.stream().map(Event::of).toList());
    }

    List<EventRelayed> events(byte[] body) {
        return json.readValue(body, new TypeReference<List<Event>>() {
        }).stream().map(Event::relayed).toList();
    }

    byte[] revoked(ApiKeyId key) {
        return json.writeValueAsBytes(new Revoked(key.value()));
    }

    ApiKeyId revoked(byte[] body) {
        return json.readValue(body, Revoked.class).id();
    }
}
