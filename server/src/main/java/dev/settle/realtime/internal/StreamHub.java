package dev.settle.realtime.internal;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

import dev.settle.events.EventRelayed;
import dev.settle.events.EventsRelayed;
import dev.settle.events.EventsRelayedElsewhere;
import dev.settle.tenancy.ApiKeyRevoked;
import dev.settle.tenancy.Tenant;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The open streams by tenant, and the live feed: each relay batch, once its transaction has
 * committed, is handed to the streams of each event's account and mode whose filter matches.
 * Only a queue append happens on the relay's thread; each stream sends on its own thread.
 *
 * <p>The relay runs one batch at a time and numbers each tenant's events without gaps, so a
 * tenant's events arrive here in sequence order. A skipped number means the event was relayed
 * where this node did not see it (another node's relay, whose batch the broker brings late or
 * never): the tenant's streams then read what they missed from the archive, and a late batch's
 * events, already passed, are dropped.
 */
@Component
class StreamHub {

    private static final Logger log = LoggerFactory.getLogger(StreamHub.class);

    /** A tenant's open streams and the last sequence seen of its live feed (0: none yet). */
    private static final class Channel {
        final List<StreamConnection> connections = new CopyOnWriteArrayList<>();
        long lastSequence;
    }

    private final Map<Tenant, Channel> channels = new ConcurrentHashMap<>();
    private final MeterRegistry meters;
    private volatile boolean stopping;

    StreamHub(MeterRegistry meters) {
        this.meters = meters;
        Gauge.builder("settle.realtime.streams", this, StreamHub::open).description("Open event streams on this node")
                .register(meters);
    }

    /** Counts a close Settle sent, by its reason code ({@code settle.realtime.closes}). */
    void closed(CloseCode code) {
        meters.counter("settle.realtime.closes", "code", code.reason).increment();
    }

    /** Registers a stream for live events; call before it reads where the log stands. */
    void add(StreamConnection connection) {
        channels.compute(connection.tenant(), (tenant, channel) -> {
            Channel joined = channel == null ? new Channel() : channel;
            joined.connections.add(connection);
            return joined;
        });
        if (stopping) {
            connection.close(CloseCode.GOING_AWAY);
        }
        connection.onClose(this::closed);
    }

    void remove(StreamConnection connection) {
        channels.computeIfPresent(connection.tenant(), (tenant, channel) -> {
            channel.connections.remove(connection);
            return channel.connections.isEmpty() ? null : channel;
        });
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
    void on(EventsRelayed batch) {
        feed(batch.events());
    }

    /** Another node's relay batch, from the broker; or, empty, word that the broker's feed was cut. */
    @EventListener
    void on(EventsRelayedElsewhere batch) {
        if (batch.interrupted()) {
            channels.values().forEach(channel -> channel.connections.forEach(StreamConnection::replayAgain));
        } else {
            feed(batch.events());
        }
    }

    private synchronized void feed(List<EventRelayed> events) {
        try {
            for (EventRelayed event : events) {
                Channel channel = channels.get(event.tenant());
                if (channel == null) {
                    continue;
                }
                // A tenant new to this node (0: nothing seen yet) may also have missed numbers: its
                // first event above 1 may follow events relayed elsewhere whose batch the broker
                // brings later (then dropped as passed). Its streams read what is below it from the
                // archive (nothing, if they already had it). Before this, a stream on node C whose
                // first live event was relayed on C missed the two relayed just before on node A
                // (bench/cluster.sh).
                // Only a stream that has not yet sent what comes before it reads the archive: one that
                // resumed or started at the log's head past it has nothing to fetch, and an archive
                // read it does not need can wait for an archive that lags under load.
                if (channel.lastSequence == 0 && event.sequence() > 1) {
                    long before = event.sequence() - 1;
                    channel.connections.stream().filter(connection -> connection.position() < before)
                            .forEach(StreamConnection::replayAgain);
                } else if (channel.lastSequence > 0 && event.sequence() != channel.lastSequence + 1) {
                    if (event.sequence() <= channel.lastSequence) {
                        continue;
                    }
                    log.debug("Live events of {} skipped from {} to {}: streams read the gap from the archive",
                            event.tenant().account(), channel.lastSequence, event.sequence());
                    channel.connections.forEach(StreamConnection::replayAgain);
                }
                channel.lastSequence = event.sequence();
                for (StreamConnection connection : channel.connections) {
                    if (connection.filter().matches(event)) {
                        connection.offer(event);
                    }
                }
            }
        } catch (RuntimeException e) {
            // Never fail the relay's thread; the streams of a tenant whose feed broke off resume from the archive.
            log.error("Handing relayed events to the streams failed", e);
            channels.values().forEach(channel -> channel.connections.forEach(StreamConnection::replayAgain));
        }
    }

    /** Streams of a revoked key end at once (on this node; see {@link ApiKeyRevoked}). */
    @EventListener
    void on(ApiKeyRevoked revoked) {
        channels.values().forEach(channel -> channel.connections.stream()
                .filter(connection -> connection.key().equals(revoked.key()))
                .forEach(connection -> connection.close(CloseCode.API_KEY_REVOKED)));
    }

    /** Closes every stream with 1001 and its last sequence, and waits up to {@code grace} for them to end. */
    void closeAll(Duration grace) throws InterruptedException {
        stopping = true;
        List<StreamConnection> open = channels.values().stream().flatMap(channel -> channel.connections.stream()).toList();
        open.forEach(connection -> connection.close(CloseCode.GOING_AWAY));
        long deadline = System.nanoTime() + grace.toNanos();
        for (StreamConnection connection : open) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !connection.awaitEnd(Duration.ofNanos(left))) {
                log.warn("Not every stream closed within {}", grace);
                return;
            }
        }
    }

    int open() {
        return channels.values().stream().mapToInt(channel -> channel.connections.size()).sum();
    }
}
