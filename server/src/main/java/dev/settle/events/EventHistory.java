package dev.settle.events;

import java.time.Duration;
import java.util.List;

import dev.settle.tenancy.Tenant;

/**
 * The event log read in sequence order, for consumers that resume from a sequence number (the
 * real-time stream): where a tenant's log stands, and its events after a sequence from the
 * archive. Together with {@link EventsRelayed} (the live feed) this is enough to hand over from
 * replay to live without a gap: note the {@link #head}, take live events above it, and replay up
 * to it once the archive holds it ({@link #awaitArchived}).
 */
public interface EventHistory {

    /**
     * How far a tenant's log goes: every one of its events with a sequence up to
     * {@code sequence} has committed (and every later one commits after this was read).
     * {@code archiveMark} is opaque: what {@link #awaitArchived} waits for.
     */
    record Head(long sequence, long archiveMark) {
    }

    Head head(Tenant tenant);

    /**
     * Waits until the archive holds every event up to {@code head} (it is written just after the
     * relay commits; later when the document store was unreachable); false if it did not within
     * {@code timeout}.
     */
    boolean awaitArchived(Head head, Duration timeout) throws InterruptedException;

    /**
     * At most {@code limit} of the tenant's events with {@code after < sequence <= through} that
     * match {@code filter}, oldest first, each rendered exactly as the events API returns it.
     * Complete only once {@link #awaitArchived} said so for a head at or above {@code through}.
     */
    List<EventRelayed> read(Tenant tenant, long after, long through, EventFilter filter, int limit);
}
