package dev.settle.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.JsonNode;

/**
 * A client of {@code GET /v1/stream} on the JDK's own WebSocket client, as an outside program
 * would connect: it collects every text message in arrival order and the close frame. Pings are
 * answered by the JDK client itself.
 */
public final class StreamClient implements WebSocket.Listener, AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** The close frame the server sent: its code and its reason, {@code {"code", "last_sequence"}}. */
    public record Close(int code, String reason) {

        public String name() {
            return Api.json().readTree(reason).path("code").asString();
        }

        public long lastSequence() {
            return Api.json().readTree(reason).path("last_sequence").asLong();
        }
    }

    private final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
    private final CompletableFuture<Close> closed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private WebSocket socket;

    private StreamClient() {
    }

    /** Opens a stream with {@code key} as bearer token (null: none), or throws {@link Refused}. */
    public static StreamClient open(Api api, String query, String key, String... subprotocols) {
        StreamClient client = new StreamClient();
        WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
        if (key != null) {
            builder.header("Authorization", "Bearer " + key);
        }
        if (subprotocols.length > 0) {
            builder.subprotocols(subprotocols[0], java.util.Arrays.copyOfRange(subprotocols, 1, subprotocols.length));
        }
        URI uri = URI.create(api.baseUrl().replace("http://", "ws://") + "/v1/stream" + (query.isEmpty() ? "" : "?" + query));
        try {
            client.socket = builder.buildAsync(uri, client).join();
            return client;
        } catch (CompletionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                throw new Refused(refused.getResponse().statusCode());
            }
            throw e;
        }
    }

    /** The server answered the handshake with {@code status} instead of switching protocols. */
    public static final class Refused extends RuntimeException {

        public final int status;

        Refused(int status) {
            super("handshake refused with " + status);
            this.status = status;
        }
    }

    public String subprotocol() {
        return socket.getSubprotocol();
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            messages.add(partial.toString());
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(new Close(statusCode, reason));
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.completeExceptionally(error);
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        webSocket.request(1);
        return null;
    }

    /** The next message, or null if none arrives within {@code timeout}. */
    public String poll(Duration timeout) throws InterruptedException {
        return messages.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Exactly {@code count} messages, parsed; fails if they do not all arrive within {@code timeout}. */
    public List<JsonNode> take(int count, Duration timeout) throws InterruptedException {
        List<JsonNode> taken = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (taken.size() < count) {
            String message = messages.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (message == null) {
                throw new AssertionError("received " + taken.size() + " of " + count + " messages within " + timeout);
            }
            taken.add(Api.json().readTree(message));
        }
        return taken;
    }

    /** Every message received so far, raw. */
    public List<String> drain() {
        List<String> drained = new ArrayList<>();
        messages.drainTo(drained);
        return drained;
    }

    public Close awaitClose(Duration timeout) throws Exception {
        return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public boolean isClosed() {
        return closed.isDone();
    }

    @Override
    public void close() {
        if (socket != null && !socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
        }
        if (socket != null) {
            socket.abort();
        }
    }
}
