package dev.settle.realtime.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.socket.PingMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;

import dev.settle.events.EventFilter;
import dev.settle.events.EventHistory;
import dev.settle.events.EventRelayed;
import dev.settle.tenancy.ApiKeyId;
import dev.settle.tenancy.Tenant;

/**
 * One client's stream, sent by one virtual thread of its own ({@link #run}), which is the only
 * thread that writes to the socket: replay, live events, pings and the close frame go out one
 * after another, never interleaved.
 *
 * <p>The hand-over from replay to live: the connection is registered for live events
 * ({@link #offer}) before it reads the log's {@link EventHistory.Head head}, so every event above
 * the head reaches its queue. It replays from the archive up to the head, then sends from the
 * queue, skipping what it has already sent ({@code sequence <= position}). Events queue meanwhile;
 * if more queue than the buffer holds, they are dropped and another round reads them from the
 * archive. Once live, a full buffer means the client cannot keep up: it is closed as a slow consumer.
 */
final class StreamConnection {

    private static final Logger log = LoggerFactory.getLogger(StreamConnection.class);
    private static final int PAGE = 200;

    private volatile @Nullable WebSocketSession session;
    private final StreamRequest request;
    private final EventHistory history;
    private final RealtimeProperties properties;

    private final StreamQueue queue;
    private volatile java.util.function.Consumer<CloseCode> closed = code -> { };

    /** The sequence through which the client has been sent every matching event; only the sending thread writes it. */
    private volatile long position;
    private volatile int pingsUnanswered;
    private final Thread.Builder threads;
    private volatile @Nullable Thread thread;

    StreamConnection(StreamRequest request, EventHistory history, RealtimeProperties properties) {
        this.request = request;
        this.history = history;
        this.properties = properties;
        this.queue = new StreamQueue(properties.bufferSize());
        this.threads = Thread.ofVirtual().name("stream-" + request.key().value());
    }

    Tenant tenant() {
        return request.tenant();
    }

    ApiKeyId key() {
        return request.key();
    }

    EventFilter filter() {
        return request.filter();
    }

    long position() {
        return position;
    }

    /**
     * A stream without {@code after_sequence} starts live at the log's head as read during the
     * handshake, after the stream was registered for live events: an event committed after the
     * client saw the upgrade is always sent.
     */
    void startLiveAt(long head) {
        position = head;
        queue.goLive();
    }

    /** Starts sending on {@code session}; {@code onEnd} runs once the stream is over, whoever ended it. */
    void start(WebSocketSession session, Runnable onEnd) {
        this.session = session;
        thread = threads.start(() -> {
            try {
                run();
            } finally {
                onEnd.run();
            }
        });
    }

    /** A live event of this tenant that matches the filter (on the relay's thread, after its commit). */
    void offer(EventRelayed event) {
        queue.offer(event);
    }

    /** The live feed skipped sequence numbers (relayed elsewhere): read them from the archive. */
    void replayAgain() {
        queue.replayAgain();
    }

    /** Ends the stream with this close code once the event being sent has gone out. */
    void close(CloseCode why) {
        queue.close(why);
    }

    /** The client closed, or the connection broke: stop without sending anything more. */
    void peerGone() {
        queue.peerGone();
    }

    /** Told of every close this stream sends. */
    void onClose(java.util.function.Consumer<CloseCode> closed) {
        this.closed = closed;
    }

    void pong() {
        pingsUnanswered = 0;
    }

    boolean awaitEnd(Duration timeout) throws InterruptedException {
        Thread running = thread;
        return running == null || running.join(timeout);
    }

    private void run() {
        try {
            if (request.afterSequence() != null) {
                position = request.afterSequence();
                replay();
            }
            long nextPing = System.nanoTime() + firstPingDelay();
            while (true) {
                StreamQueue.Next next = queue.next(nextPing);
                switch (next) {
                    case StreamQueue.Next.Close close -> {
                        closeWith(close.code());
                        return;
                    }
                    case StreamQueue.Next.Gone gone -> {
                        return;
                    }
                    case StreamQueue.Next.Replay replay -> replay();
                    case StreamQueue.Next.Send send -> {
                        if (send.event().sequence() > position) {
                            session().sendMessage(new TextMessage(send.event().payload()));
                            position = send.event().sequence();
                        }
                    }
                    case StreamQueue.Next.Ping ping -> {
                        if (pingsUnanswered >= 2) {
                            closeWith(CloseCode.HEARTBEAT_TIMEOUT);
                            return;
                        }
                        pingsUnanswered++;
                        session().sendMessage(new PingMessage());
                        nextPing = System.nanoTime() + properties.heartbeatInterval().toNanos();
                    }
                }
            }
        } catch (IOException | IllegalStateException e) {
            log.debug("Stream of {} ended: {}", request.tenant().account(), e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.error("Stream of {} failed", request.tenant().account(), e);
            closeWith(CloseCode.INTERNAL_ERROR);
        } finally {
            if (session().isOpen() && !queue.peerIsGone()) {
                closeWith(CloseCode.INTERNAL_ERROR);
            }
        }
    }

    /** Spreads the pings of streams opened together over the interval. */
    private long firstPingDelay() {
        long interval = properties.heartbeatInterval().toNanos();
        return interval / 2 + (long) (Math.random() * (interval / 2));
    }

    /**
     * Sends every matching event from the archive above {@link #position} up to the log's head,
     * in rounds until no live event was lost meanwhile; then the stream is live.
     */
    private void replay() throws IOException, InterruptedException {
        while (true) {
            queue.replaying();
            EventHistory.Head head = history.head(request.tenant());
            if (head.sequence() > position) {
                if (!history.awaitArchived(head, properties.archiveWait())) {
                    close(CloseCode.ARCHIVE_UNAVAILABLE);
                    return;
                }
                long after = position;
                List<EventRelayed> page;
                do {
                    page = history.read(request.tenant(), after, head.sequence(), request.filter(), PAGE);
                    for (EventRelayed event : page) {
                        if (queue.stopping()) {
                            return;
                        }
                        session().sendMessage(new TextMessage(event.payload()));
                        position = event.sequence();
                        after = event.sequence();
                    }
                } while (page.size() == PAGE);
                position = Math.max(position, head.sequence());
            }
            if (queue.goLive()) {
                return;
            }
        }
    }

    private WebSocketSession session() {
        WebSocketSession attached = session;
        if (attached == null) {
            throw new IllegalStateException("not started");
        }
        return attached;
    }

    private void closeWith(CloseCode code) {
        closed.accept(code);
        try {
            session().close(code.status(position));
        } catch (IOException | RuntimeException e) {
            log.debug("Closing a stream with {} failed: {}", code, e.toString());
        }
    }

    /** What the handshake asked for. */
    record StreamRequest(Tenant tenant, ApiKeyId key, EventFilter filter, @Nullable Long afterSequence) {
    }

    static final String ATTRIBUTE = "settle.stream";
}
