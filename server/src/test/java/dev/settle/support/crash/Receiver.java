package dev.settle.support.crash;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpServer;

/**
 * The merchant's webhook endpoint, in the campaign's JVM on loopback: it outlives every crash of
 * Settle, answers 200 at once and remembers every {@code webhook-id} it was sent.
 */
final class Receiver implements AutoCloseable {

    private final HttpServer server;
    private final Set<String> ids = ConcurrentHashMap.newKeySet();
    private final AtomicLong deliveries = new AtomicLong();

    private Receiver(HttpServer server) {
        this.server = server;
    }

    static Receiver start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 128);
            Receiver receiver = new Receiver(server);
            server.createContext("/hooks", exchange -> {
                exchange.getRequestBody().readAllBytes();
                String id = exchange.getRequestHeaders().getFirst("webhook-id");
                if (id != null) {
                    receiver.ids.add(id);
                }
                receiver.deliveries.incrementAndGet();
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            });
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.start();
            return receiver;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks";
    }

    /** Distinct webhook ids received so far. */
    Set<String> ids() {
        return Set.copyOf(ids);
    }

    int distinct() {
        return ids.size();
    }

    /** Every request received, duplicates (at-least-once redeliveries) included. */
    long deliveries() {
        return deliveries.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
