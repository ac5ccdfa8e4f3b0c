package dev.settle.bench.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.sun.net.httpserver.HttpServer;

/**
 * A merchant's webhook endpoint: a JDK HTTP server on loopback that checks each request's Standard
 * Webhooks signature with the endpoint's secret, answers 204 and counts every {@code webhook-id}.
 */
final class Receiver implements AutoCloseable {

    private final HttpServer server;
    private final Map<String, AtomicInteger> received = new ConcurrentHashMap<>();
    private final LongAdder badSignatures = new LongAdder();
    private volatile byte[] secret = new byte[0];

    Receiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 200);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/hooks", exchange -> {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            String id = exchange.getRequestHeaders().getFirst("webhook-id");
            String timestamp = exchange.getRequestHeaders().getFirst("webhook-timestamp");
            String signatures = exchange.getRequestHeaders().getFirst("webhook-signature");
            if (id == null || timestamp == null || signatures == null || !signed(id, timestamp, body, signatures)) {
                badSignatures.increment();
                exchange.sendResponseHeaders(400, -1);
            } else {
                received.computeIfAbsent(id, i -> new AtomicInteger()).incrementAndGet();
                exchange.sendResponseHeaders(204, -1);
            }
            exchange.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks";
    }

    void secret(String whsec) {
        this.secret = Base64.getDecoder().decode(whsec.substring("whsec_".length()));
    }

    private boolean signed(String id, String timestamp, byte[] body, String signatures) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            String expected = "v1," + Base64.getEncoder().encodeToString(mac.doFinal(body));
            for (String signature : signatures.split(" ")) {
                if (signature.equals(expected)) {
                    return true;
                }
            }
            return false;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** How many times each webhook-id (event id) arrived. */
    Map<String, AtomicInteger> received() {
        return received;
    }

    long badSignatures() {
        return badSignatures.sum();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
