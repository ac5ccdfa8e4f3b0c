package dev.settle.realtime.internal;

import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;

import dev.settle.events.EventRelayed;

/**
 * What other threads hand one stream's sender: live events (from the relay's thread), a request
 * to replay again, a close. Bounded: while the stream is live, more than {@code capacity} queued
 * events make it a slow consumer; while it replays, the overflow is dropped and the next replay
 * round reads it from the archive instead.
 */
final class StreamQueue {

    /** What the sender does next. */
    sealed interface Next {
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

    private final int capacity;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<EventRelayed> events = new ArrayDeque<>();
    private boolean live;
    private boolean replayAgain;
    private @Nullable CloseCode closing;
    private boolean peerGone;

    StreamQueue(int capacity) {
        this.capacity = capacity;
    }

    void offer(EventRelayed event) {
        lock.lock();
        try {
            if (closing != null || peerGone) {
                return;
            }
            if (events.size() >= capacity) {
                events.clear();
                if (live) {
                    closing = CloseCode.SLOW_CONSUMER;
                } else {
                    replayAgain = true;
                }
            } else {
                events.add(event);
            }
            changed.signal();
        } finally {
            lock.unlock();
        }
    }

    void replayAgain() {
        change(() -> replayAgain = true);
    }

    /** The first close asked for wins; what is queued is dropped. */
    void close(CloseCode why) {
        change(() -> {
            if (closing == null) {
                closing = why;
            }
            events.clear();
        });
    }

    void peerGone() {
        change(() -> {
            peerGone = true;
            events.clear();
        });
    }

    /** A replay round starts: events queue without limit on the stream, overflow asks for another round. */
    void replaying() {
        change(() -> {
            replayAgain = false;
            live = false;
        });
    }

    /** Live from now, unless something asked for another replay round meanwhile (false then). */
    boolean goLive() {
        lock.lock();
        try {
            if (replayAgain) {
                return false;
            }
            live = true;
            return true;
        } finally {
            lock.unlock();
        }
    }

    boolean stopping() {
        lock.lock();
        try {
            return closing != null || peerGone;
        } finally {
            lock.unlock();
        }
    }

    boolean peerIsGone() {
        lock.lock();
        try {
            return peerGone;
        } finally {
            lock.unlock();
        }
    }

    /** Waits for something to do, or until {@code pingAt} ({@link System#nanoTime()}). */
    Next next(long pingAt) throws InterruptedException {
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
                EventRelayed event = events.poll();
                if (event != null) {
                    return new Next.Send(event);
                }
                long wait = pingAt - System.nanoTime();
                if (wait <= 0) {
                    return new Next.Ping();
                }
                changed.awaitNanos(wait);
            }
        } finally {
            lock.unlock();
        }
    }

    private void change(Runnable change) {
        lock.lock();
        try {
            change.run();
            changed.signal();
        } finally {
            lock.unlock();
        }
    }
}
