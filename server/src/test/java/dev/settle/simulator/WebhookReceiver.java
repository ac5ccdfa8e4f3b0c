package dev.settle.simulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;

import tools.jackson.databind.JsonNode;

/** A tiny HTTP endpoint that records every webhook it is sent, and fails on request. */
final class WebhookReceiver {

    record Delivery(String signature, String contentType, String body, JsonNode event, Instant at) {

        String objectId() {
            return event.path("data").path("object").path("id").asString();
        }

        String type() {
            return event.path("type").asString();
        }
    }

    private final HttpServer server;
    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> failuresLeft = new ConcurrentHashMap<>();

    private WebhookReceiver(HttpServer server) {
        this.server = server;
    }

    static WebhookReceiver start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            WebhookReceiver receiver = new WebhookReceiver(server);
            server.createContext("/webhooks", exchange -> {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                JsonNode event = SimulatorClient.JSON.readTree(body);
                Delivery delivery = new Delivery(exchange.getRequestHeaders().getFirst("Simulator-Signature"),
                        exchange.getRequestHeaders().getFirst("Content-Type"), body, event, Instant.now());
                receiver.deliveries.add(delivery);
                AtomicInteger failures = receiver.failuresLeft.getOrDefault(delivery.objectId(),
                        receiver.failuresLeft.get(event.path("data").path("object").path("token").asString("")));
                int status = failures != null && failures.getAndDecrement() > 0 ? 500 : 200;
                exchange.sendResponseHeaders(status, -1);
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
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/webhooks";
    }

    /** Answers 500 to the next {@code times} deliveries about this object, or about charges on this token. */
    void failNext(String objectOrTokenId, int times) {
        failuresLeft.put(objectOrTokenId, new AtomicInteger(times));
    }

    List<Delivery> about(String objectId) {
        return deliveries.stream().filter(d -> d.objectId().equals(objectId)).toList();
    }

    /** Waits until this many deliveries about the object have arrived, and returns them in arrival order. */
    List<Delivery> await(String objectId, int count, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            List<Delivery> found = about(objectId);
            if (found.size() >= count) {
                return found;
            }
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new AssertionError("Expected " + count + " webhook(s) about " + objectId + " within " + timeout + ", got "
                + about(objectId).size());
    }

    void stop() {
        server.stop(0);
    }
}
