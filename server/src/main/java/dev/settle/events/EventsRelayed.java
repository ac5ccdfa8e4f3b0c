package dev.settle.events;

import java.util.List;

/**
 * One relay batch: the events that just left the outbox, in relay order. Published once per
 * batch, synchronously inside the relay's database transaction, so whatever a listener writes
 * (e.g. webhook deliveries) commits together with the relay, or neither does; a listener can
 * write for the whole batch in one statement rather than one per event.
 */
public record EventsRelayed(List<EventRelayed> events) {

    public EventsRelayed {
        events = List.copyOf(events);
    }
}
