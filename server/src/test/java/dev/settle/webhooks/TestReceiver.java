package dev.settle.webhooks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

import com.standardwebhooks.Webhook;
import com.sun.net.httpserver.HttpServer;

/**
 * A merchant's webhook endpoint on 127.0.0.1: records every request per path and answers as
 * scripted (then 200). Verifies signatures with the Standard Webhooks reference library.
 */
final class TestReceiver implements AutoCloseable {

    record Request(String path, Map<String, List<String>> headers, String body, Instant at) {

        String header(String name) {
            return headers.entrySet().stream()
                    .filter(entry -> entry.getKey().equalsIgnoreCase(name))
                    .map(entry -> entry.getValue().getFirst())
                    .findFirst().orElse(null);
        }

        /** Throws unless the reference library accepts the request as signed with {@code secret}. */
        void verify(String secret) throws Exception {
            new Webhook(secret).verify(body, headers);
        }

        boolean verifies(String secret) {
            try {
                verify(secret);
                return true;
            } catch (Exception e) {
                return false;
            }
        }
    }

    record Reply(int status, Map<String, String> headers, String body, Duration delay) {

        static Reply status(int status) {
            return new Reply(status, Map.of(), "", Duration.ZERO);
        }

        static Reply status(int status, String body) {
            return new Reply(status, Map.of(), body, Duration.ZERO);
        }

        Reply header(String name, String value) {
            Map<String, String> more = new HashMap<>(headers);
            more.put(name, value);
            return new Reply(status, more, body, delay);
        }

        Reply after(Duration wait) {
            return new Reply(status, headers, body, wait);
        }
    }

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, Deque<Reply>> scripts = new ConcurrentHashMap<>();
    private final Map<String, Reply> always = new ConcurrentHashMap<>();

    private TestReceiver(HttpServer server) {
        this.server = server;
    }

    static TestReceiver start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            TestReceiver receiver = new TestReceiver(server);
            server.createContext("/", exchange -> {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                String path = exchange.getRequestURI().getPath();
                receiver.requests.add(new Request(path, new HashMap<>(exchange.getRequestHeaders()), body, Instant.now()));
                Deque<Reply> script = receiver.scripts.get(path);
                Reply reply;
                synchronized (receiver) {
                    reply = script != null && !script.isEmpty() ? script.poll()
                            : receiver.always.getOrDefault(path, Reply.status(200, "{\"ok\":true}"));
                }
                if (!reply.delay().isZero()) {
                    try {
                        Thread.sleep(reply.delay());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                reply.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
                byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
                try {
                    exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
                    if (bytes.length > 0) {
                        exchange.getResponseBody().write(bytes);
                    }
                } catch (IOException clientGone) {
                    // the sender timed out and hung up
                }
                exchange.close();
            });
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.start();
            return receiver;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** The next answers on {@code path}, in order; 200 after they are used up. */
    synchronized void script(String path, Reply... replies) {
        scripts.computeIfAbsent(path, p -> new ArrayDeque<>()).addAll(List.of(replies));
    }

    /** Every answer on {@code path} once its script is used up. */
    void always(String path, Reply reply) {
        always.put(path, reply);
    }

    List<Request> at(String path) {
        return requests.stream().filter(request -> request.path().equals(path)).toList();
    }

    /** Waits until {@code count} requests reached {@code path}; returns them in arrival order. */
    List<Request> await(String path, int count, Duration within) {
        Instant deadline = Instant.now().plus(within);
        while (Instant.now().isBefore(deadline)) {
            List<Request> found = at(path);
            if (found.size() >= count) {
                return found;
            }
            sleep(20);
        }
        throw new AssertionError("Expected " + count + " request(s) at " + path + " within " + within + ", got " + at(path).size());
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
