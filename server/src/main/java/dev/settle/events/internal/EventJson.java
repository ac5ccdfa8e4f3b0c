package dev.settle.events.internal;

import java.time.Instant;

/**
 * The one rendering of an event, shared by webhooks, the archive and the events API:
 * {@code {"id", "object": "event", "type", "created", "livemode", "sequence", "data": {"object": …}}}.
 * The object snapshot is inserted as the JSON it was stored as.
 */
final class EventJson {

    private EventJson() {
    }

    static String render(String id, String type, Instant created, boolean livemode, long sequence, String objectJson) {
        return "{\"id\":\"" + id + "\",\"object\":\"event\",\"type\":\"" + type + "\",\"created\":" + created.getEpochSecond()
                + ",\"livemode\":" + livemode + ",\"sequence\":" + sequence + ",\"data\":{\"object\":" + objectJson + "}}";
    }
}
