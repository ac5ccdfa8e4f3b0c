package dev.settle.realtime.internal;

import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.settle.events.EventFilter;
import dev.settle.events.EventRelayed;
import dev.settle.events.EventsRelayed;
import dev.settle.events.EventsRelayedElsewhere;
import dev.settle.tenancy.AccountId;
import dev.settle.tenancy.Tenant;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * The live feed of a node is every relay batch, its own and (through the broker, maybe late) the
 * other nodes'. A stream must read from the archive whatever the feed skipped, including before
 * the first event the node sees of a tenant.
 */
class StreamHubGapTests {

    static final Tenant TENANT = new Tenant(new AccountId("acct_gap"), false);

    @Test
    void aTenantsFirstLiveEventAboveOneMakesItsStreamsReadTheArchive() {
        StreamHub hub = new StreamHub(new SimpleMeterRegistry());
        StreamConnection stream = stream();
        hub.add(stream);

        // events 1 and 2 were relayed on another node; their batch has not come yet
        hub.on(new EventsRelayed(List.of(event(3))));

        verify(stream).replayAgain();
        verify(stream).offer(event(3));
    }

    @Test
    void aStreamAlreadyPastTheFirstLiveEventsPredecessorsReadsNoArchive() {
        StreamHub hub = new StreamHub(new SimpleMeterRegistry());
        StreamConnection ahead = stream();
        when(ahead.position()).thenReturn(40L);
        StreamConnection behind = stream();
        when(behind.position()).thenReturn(38L);
        hub.add(ahead);
        hub.add(behind);

        // The tenant's first live event on this node is 41: the stream at 40 owes nothing, the one at 38 owes 39 and 40.
        hub.on(new EventsRelayed(List.of(event(41))));

        verify(ahead, never()).replayAgain();
        verify(behind).replayAgain();
        verify(ahead).offer(event(41));
    }

    @Test
    void aFeedStartingAtOneOrFollowingOnNeedsNoArchive() {
        StreamHub hub = new StreamHub(new SimpleMeterRegistry());
        StreamConnection stream = stream();
        hub.add(stream);

        hub.on(new EventsRelayed(List.of(event(1), event(2))));
        hub.on(new EventsRelayedElsewhere(List.of(event(3))));

        verify(stream, never()).replayAgain();
    }

    @Test
    void aSkippedNumberLaterMakesItsStreamsReadTheArchive() {
        StreamHub hub = new StreamHub(new SimpleMeterRegistry());
        StreamConnection stream = stream();
        hub.add(stream);

        hub.on(new EventsRelayed(List.of(event(1))));
        hub.on(new EventsRelayed(List.of(event(4))));

        verify(stream).replayAgain();
    }

    private static StreamConnection stream() {
        StreamConnection stream = mock(StreamConnection.class);
        when(stream.tenant()).thenReturn(TENANT);
        when(stream.filter()).thenReturn(new EventFilter(List.of(), null));
        return stream;
    }

    private static EventRelayed event(long sequence) {
        return new EventRelayed("evt_" + sequence, TENANT, sequence, "customer.created", "cus_1", "{}", Instant.EPOCH);
    }
}
