package dev.settle.bench.cluster;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import tools.jackson.databind.JsonNode;

/**
 * A client of {@code GET /v1/stream} as docs/realtime.md tells one to write it: it remembers the
 * last sequence it got and, when the stream closes or breaks, connects again (through the same
 * URL, e.g. the balancer) with {@code after_sequence} set to it. It counts what a client would
 * notice: a sequence that is not the previous one + 1 (a gap, or one out of order) and one it
 * already had (a repeat).
 */
final class Stream implements AutoCloseable {

    record Close(int code, String reason) {
    }

    private final String name;
    private final String base;
    private final String key;
    private final boolean reconnect;
    private final HttpClient http;
    private final LongAdder received = new LongAdder();
    private final List<String> problems = new CopyOnWriteArrayList<>();
    private final List<Close> closes = new CopyOnWriteArrayList<>();
    private final AtomicInteger connects = new AtomicInteger();
    private final CompletableFuture<Close> firstClose = new CompletableFuture<>();
    private volatile long last;
    private volatile boolean stopped;
    private volatile WebSocket socket;
    private volatile int attempt;

    Stream(String name, HttpClient http, String base, String key, long afterSequence, boolean reconnect) {
        this.name = name;
        this.http = http;
        this.base = base.replaceFirst("^http", "ws");
        this.key = key;
        this.last = afterSequence;
        this.reconnect = reconnect;
    }

    /** Connects; throws if the first handshake fails. */
    Stream open() {
        socket = connect(30).join();
        return this;
    }

    /**
     * One attempt at a time: a handshake that has not answered in time (10 s for a reconnection) is given up, and its socket
     * closed if it opens later. (A handshake sent through the balancer to a node in the moment of
     * its kill -9 can wait for HAProxy's {@code timeout server}, 60 s: the dying process's port
     * still took the connection. The future of the JDK's {@code buildAsync} did not time out with
     * {@code orTimeout} here, hence a future of our own.)
     */
    private CompletableFuture<WebSocket> connect(int timeoutSeconds) {
        int mine = ++attempt;
        connects.incrementAndGet();
        CompletableFuture<WebSocket> outcome = new CompletableFuture<>();
        http.newWebSocketBuilder()
                .header("Authorization", "Bearer " + key)
                .connectTimeout(Duration.ofSeconds(5))
                .buildAsync(URI.create(base + "/v1/stream?after_sequence=" + last), new Listener(mine))
                .whenComplete((opened, failed) -> {
                    if (failed != null) {
                        outcome.completeExceptionally(failed);
                    } else if (!outcome.complete(opened)) {
                        opened.abort(); // given up on already
                    }
                });
        CompletableFuture.delayedExecutor(timeoutSeconds, TimeUnit.SECONDS).execute(() -> {
            if (outcome.completeExceptionally(new java.util.concurrent.TimeoutException("no handshake answer in " + timeoutSeconds + " s"))) {
                problemsLog("handshake #" + mine + " given up after " + timeoutSeconds + " s");
                if (attempt == mine) {
                    attempt++; // a late opening of this attempt is aborted in onOpen
                }
            }
        });
        return outcome;
    }

    private void reconnectSoon() {
        if (stopped || !reconnect) {
            return;
        }
        CompletableFuture.delayedExecutor(250, TimeUnit.MILLISECONDS).execute(() -> {
            if (stopped) {
                return;
            }
            connect(10).whenComplete((opened, failed) -> {
                if (failed != null) {
                    reconnectSoon();
                } else {
                    socket = opened;
                }
            });
        });
    }

    private final class Listener implements WebSocket.Listener {

        private final StringBuilder partial = new StringBuilder();
        private final int mine;
        private boolean firstAfterReconnect;

        Listener(int mine) {
            this.mine = mine;
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            if (mine > 1) {
                problemsLog("open #" + mine + " after_sequence " + last);
            }
            if (mine != attempt || stopped) {
                webSocket.abort(); // an attempt given up on
                return;
            }
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean complete) {
            if (mine != attempt) {
                webSocket.abort();
                return null;
            }
            partial.append(data);
            if (complete && mine > 1 && !firstAfterReconnect) {
                firstAfterReconnect = true;
                problemsLog("first event on #" + mine);
            }
            if (complete) {
                JsonNode event = Client.JSON.readTree(partial.toString());
                partial.setLength(0);
                long sequence = event.path("sequence").asLong();
                synchronized (Stream.this) {
                    if (sequence <= last) {
                        problems.add(name + ": repeat " + sequence + " after " + last);
                    } else if (sequence != last + 1) {
                        problems.add(name + ": gap, " + sequence + " after " + last);
                    }
                    last = Math.max(last, sequence);
                }
                received.increment();
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            if (mine != attempt) {
                return null;
            }
            Close close = new Close(statusCode, reason);
            closes.add(close);
            firstClose.complete(close);
            reconnectSoon();
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            if (mine != attempt) {
                return;
            }
            Close close = new Close(-1, String.valueOf(error));
            closes.add(close);
            firstClose.complete(close);
            reconnectSoon();
        }
    }

    /** Waits until this stream has every event up to {@code sequence}; false on timeout. */
    boolean awaitSequence(long sequence, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (last < sequence && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        return last >= sequence;
    }

    Close awaitClose(Duration timeout) {
        return firstClose.completeOnTimeout(new Close(0, "no close within " + timeout), timeout.toMillis(), TimeUnit.MILLISECONDS).join();
    }

    private final List<String> timeline = new CopyOnWriteArrayList<>();
    private final long born = System.nanoTime();

    private void problemsLog(String what) {
        timeline.add(String.format(java.util.Locale.ROOT, "%.1fs %s", (System.nanoTime() - born) / 1e9, what));
    }

    /** Reconnections as they happened (open #n, first event after one). */
    List<String> timeline() {
        return timeline;
    }

    long last() {
        return last;
    }

    long received() {
        return received.sum();
    }

    List<String> problems() {
        return problems;
    }

    List<Close> closes() {
        return closes;
    }

    /** Connections made: 1 + reconnections. */
    int connects() {
        return connects.get();
    }

    String name() {
        return name;
    }

    @Override
    public void close() {
        stopped = true;
        WebSocket open = socket;
        if (open != null) {
            open.abort();
        }
    }
}
