package dev.settle.realtime.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

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

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<EventRelayed> queue = new ArrayDeque<>();
    /** Guarded by {@link #lock}. */
    private boolean live;
    private boolean replayAgain;
    private @Nullable CloseCode closing;
    private boolean peerGone;

    /** The sequence through which the client has been sent every matching event; only the sending thread writes it. */
    private volatile long position;
    private volatile int pingsUnanswered;
    private final Thread.Builder threads;
    private volatile @Nullable Thread thread;

    StreamConnection(StreamRequest request, EventHistory history, RealtimeProperties properties) {
        this.request = request;
        this.history = history;
        this.properties = properties;
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
        signal(() -> live = true);
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
        lock.lock();
        try {
            if (closing != null || peerGone) {
                return;
            }
            if (queue.size() >= properties.bufferSize()) {
                queue.clear();
                if (live) {
                    closing = CloseCode.SLOW_CONSUMER;
                } else {
                    replayAgain = true;
                }
            } else {
                queue.add(event);
            }
            changed.signal();
        } finally {
            lock.unlock();
        }
    }

    /** The live feed skipped sequence numbers (relayed elsewhere): read them from the archive. */
    void replayAgain() {
        signal(() -> replayAgain = true);
    }

    /** Ends the stream with this close code once the event being sent has gone out. */
    void close(CloseCode why) {
        signal(() -> {
            if (closing == null) {
                closing = why;
            }
            queue.clear();
        });
    }

    /** The client closed, or the connection broke: stop without sending anything more. */
    void peerGone() {
        signal(() -> {
            peerGone = true;
            queue.clear();
        });
    }

    void pong() {
        pingsUnanswered = 0;
    }

    boolean awaitEnd(Duration timeout) throws InterruptedException {
        Thread running = thread;
        return running == null || running.join(timeout);
    }

    private void signal(Runnable change) {
        lock.lock();
        try {
            change.run();
            changed.signal();
        } finally {
            lock.unlock();
        }
    }

    private void run() {
        try {
            if (request.afterSequence() != null) {
                position = request.afterSequence();
                replay();
            }
            long nextPing = System.nanoTime() + firstPingDelay();
            while (true) {
                Next next = next(nextPing);
                switch (next) {
                    case Next.Close close -> {
                        closeWith(close.code());
                        return;
                    }
                    case Next.Gone gone -> {
                        return;
                    }
                    case Next.Replay replay -> replay();
                    case Next.Send send -> {
                        if (send.event().sequence() > position) {
                            session().sendMessage(new TextMessage(send.event().payload()));
                            position = send.event().sequence();
                        }
                    }
                    case Next.Ping ping -> {
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
            if (session().isOpen() && !peerGoneNow()) {
                closeWith(CloseCode.INTERNAL_ERROR);
            }
        }
    }

    /** Spreads the pings of streams opened together over the interval. */
    private long firstPingDelay() {
        long interval = properties.heartbeatInterval().toNanos();
        return interval / 2 + (long) (Math.random() * (interval / 2));
    }

    private sealed interface Next {
        record Close(CloseCode code) implements Next {
        }

        record Gone() implements Next {
        }

        record Replay() implements Next {
        }

        record Send(EventRelayed event) implements Next {
        }

        record Ping() implements Next {
        }
    }

    private Next next(long nextPing) throws InterruptedException {
        lock.lock();
        try {
            while (true) {
                if (peerGone) {
                    return new Next.Gone();
                }
                if (closing != null) {
                    return new Next.Close(closing);
                }
                if (replayAgain) {
                    return new Next.Replay();
                }
                EventRelayed event = queue.poll();
                if (event != null) {
                    return new Next.Send(event);
                }
                long wait = nextPing - System.nanoTime();
                if (wait <= 0) {
                    return new Next.Ping();
                }
                changed.awaitNanos(wait);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Sends every matching event from the archive above {@link #position} up to the log's head,
     * in rounds until no live event was lost meanwhile; then the stream is live.
     */
    private void replay() throws IOException, InterruptedException {
        while (true) {
            signal(() -> {
                replayAgain = false;
                live = false;
            });
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
                        if (stopping()) {
                            return;
                        }
                        session().sendMessage(new TextMessage(event.payload()));
                        position = event.sequence();
                        after = event.sequence();
                    }
                } while (page.size() == PAGE);
                position = Math.max(position, head.sequence());
            }
            lock.lock();
            try {
                if (!replayAgain) {
                    live = true;
                    return;
                }
            } finally {
                lock.unlock();
            }
        }
    }

    private boolean stopping() {
        lock.lock();
        try {
            return closing != null || peerGone;
        } finally {
            lock.unlock();
        }
    }

    private WebSocketSession session() {
        WebSocketSession attached = session;
        if (attached == null) {
            throw new IllegalStateException("not started");
        }
        return attached;
    }

    private boolean peerGoneNow() {
        lock.lock();
        try {
            return peerGone;
        } finally {
            lock.unlock();
        }
    }

    private void closeWith(CloseCode code) {
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
