package dev.settle.cli;

import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpTimeoutException;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

import tools.jackson.databind.JsonNode;

/**
 * Settle's event stream as the CLI reads it: connects, hands each event to a handler one at a
 * time, and after any drop (server restart, slow consumer, network) reconnects with
 * {@code after_sequence} set to the last sequence it handled, so nothing is missed or repeated.
 * It starts at the newest archived event (or {@code --after-sequence}), so even the first
 * reconnect has a place to resume from.
 */
final class EventStream {

    /** What the CLI does with one event; it returns once the event is done with. */
    interface Handler {
        void on(JsonNode event, String raw) throws Exception;
    }

    /** A close that ends the CLI rather than a reconnect. */
    static final class Fatal extends RuntimeException {
        final int exitCode;

        Fatal(int exitCode, String message) {
            super(message);
            this.exitCode = exitCode;
        }
    }

    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private final Api api;
    private final URI base;
    private final String key;
    private final List<String> types;
    private final PrintWriter err;
    private volatile long last = -1;
    /** Where events are handled, one at a time, in order. */
    private final java.util.concurrent.ExecutorService worker = java.util.concurrent.Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("settle-events").daemon().factory());

    EventStream(URI base, String key, List<String> types, Long afterSequence, PrintWriter err) {
        this.api = new Api(base, key);
        this.base = base;
        this.key = key;
        this.types = types;
        this.err = err;
        if (afterSequence != null) {
            this.last = afterSequence;
        }
    }

    /** Streams until interrupted (0) or until the server refuses the key ({@link Fatal}). */
    int run(Handler handler) {
        try {
            return stream(handler);
        } catch (InterruptedException stopped) {
            return 0;
        } finally {
            worker.shutdownNow();
        }
    }

    private int stream(Handler handler) throws InterruptedException {
        long backoff = 250;
        boolean announced = false;
        while (!Thread.currentThread().isInterrupted()) {
            try {
                if (last < 0) {
                    last = api.get("/v1/events?limit=1").path("data").path(0).path("sequence").asLong(0);
                }
                Session session = connect(handler);
                if (announced) {
                    err.println("> Reconnected; resuming after sequence " + last);
                }
                announced = true;
                backoff = 250;
                int[] close = session.closed.get();
                if (close[0] == 4001) {
                    throw new Fatal(SettleCli.AUTH_REFUSED, "The API key was revoked.");
                }
                err.println("> Stream closed (" + close[0] + "); reconnecting");
            } catch (ExecutionException | CompletionException e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                handleFailure(cause);
                err.println("> Stream lost (" + describe(cause) + "); reconnecting");
            } catch (IllegalStateException e) {
                err.println("> " + e.getMessage() + "; retrying");
            }
            Thread.sleep(backoff);
            backoff = Math.min(backoff * 2, MAX_BACKOFF.toMillis());
        }
        return 0;
    }

    private void handleFailure(Throwable cause) {
        if (cause instanceof WebSocketHandshakeException refused) {
            int status = refused.getResponse().statusCode();
            if (status == 401 || status == 403) {
                throw new Fatal(SettleCli.AUTH_REFUSED, "The server refused the key (" + status + ").");
            }
            if (status == 400) {
                throw new Fatal(2, "The server refused the stream's parameters (400); check --events.");
            }
        }
    }

    private static String describe(Throwable cause) {
        if (cause instanceof ConnectException) {
            return "server unreachable";
        }
        if (cause instanceof HttpTimeoutException) {
            return "timed out";
        }
        if (cause instanceof WebSocketHandshakeException refused) {
            return "handshake answered " + refused.getResponse().statusCode();
        }
        return cause.toString();
    }

    private record Session(WebSocket socket, CompletableFuture<int[]> closed) {
    }

    private Session connect(Handler handler) throws InterruptedException, ExecutionException {
        StringBuilder query = new StringBuilder("after_sequence=").append(last);
        for (String type : types) {
            query.append("&types[]=").append(URLEncoder.encode(type, StandardCharsets.UTF_8));
        }
        URI uri = URI.create(base.toString().replaceFirst("^http", "ws") + "/v1/stream?" + query);
        CompletableFuture<int[]> closed = new CompletableFuture<>();
        WebSocket socket = Api.HTTP.newWebSocketBuilder().header("Authorization", "Bearer " + key)
                .connectTimeout(Duration.ofSeconds(10))
                .buildAsync(uri, new Listener(handler, closed)).get();
        return new Session(socket, closed);
    }

    private final class Listener implements WebSocket.Listener {

        private final Handler handler;
        private final CompletableFuture<int[]> closed;
        private final StringBuilder partial = new StringBuilder();

        Listener(Handler handler, CompletableFuture<int[]> closed) {
            this.handler = handler;
            this.closed = closed;
        }

        /**
         * Each event is handled on the stream's own worker thread, never on the HTTP client's (a
         * blocking call there, such as forwarding to the local URL, could wait on the very thread that
         * must read its answer); the next message is asked for once the handler is done, so a slow
         * local endpoint slows the stream rather than queueing events in memory.
         */
        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean complete) {
            partial.append(data);
            if (!complete) {
                socket.request(1);
                return null;
            }
            String raw = partial.toString();
            partial.setLength(0);
            return CompletableFuture.runAsync(() -> handle(raw), worker).whenComplete((done, error) -> socket.request(1));
        }

        private void handle(String raw) {
            JsonNode event = Api.JSON.readTree(raw);
            long sequence = event.path("sequence").asLong();
            if (sequence <= last) {
                return;
            }
            try {
                handler.on(event, raw);
            } catch (Exception e) {
                err.println("> Handling " + event.path("id").asString() + " failed: " + e.getMessage());
            }
            last = sequence;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
            // After the events before it are handled (same worker, in order): the server's position
            // then never skips an event still waiting to be handled.
            CompletableFuture.runAsync(() -> {
                try {
                    long serverLast = Api.JSON.readTree(reason).path("last_sequence").asLong(-1);
                    last = Math.max(last, serverLast);
                } catch (RuntimeException notJson) {
                    // a close without Settle's reason: keep our own position
                }
            }, worker).whenComplete((done, error) -> closed.complete(new int[] {statusCode}));
            return null;
        }

        @Override
        public void onError(WebSocket socket, Throwable error) {
            closed.completeExceptionally(error);
        }
    }
}
