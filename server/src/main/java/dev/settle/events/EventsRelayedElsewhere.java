package dev.settle.events;

import java.util.List;

/**
 * A relay batch committed on another node, as that node published it to the cluster's broker
 * (SETTLE_AMQP_URI), or an empty one when this node's feed from the broker was cut and resumed:
 * live events may have been missed, so whoever follows the feed reads the archive from its last
 * sequence. Published outside any transaction; order and completeness rest on the sequence
 * numbers, never on the broker.
 */
public record EventsRelayedElsewhere(List<EventRelayed> events) {

    public EventsRelayedElsewhere {
        events = List.copyOf(events);
    }

    /** The feed was interrupted: catch up from the archive. */
    public boolean interrupted() {
        return events.isEmpty();
    }
}
