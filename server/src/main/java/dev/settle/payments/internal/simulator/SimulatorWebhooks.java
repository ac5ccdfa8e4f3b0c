package dev.settle.payments.internal.simulator;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import dev.settle.payments.spi.ProcessorEvent;
import dev.settle.payments.spi.WebhookVerificationException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Verifies the simulator's {@code Simulator-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "t.body">}
 * over the raw body, with a 300 s tolerance on {@code t} either way, then parses the event.
 */
final class SimulatorWebhooks {

    static final Duration TOLERANCE = Duration.ofSeconds(300);
    static final String HEADER = "simulator-signature";

    private final SimulatorEndpoint endpoint;
    private final JsonMapper json;
    private final Clock clock;

    SimulatorWebhooks(SimulatorEndpoint endpoint, JsonMapper json, Clock clock) {
        this.endpoint = endpoint;
        this.json = json;
        this.clock = clock;
    }

    ProcessorEvent parse(Map<String, String> headers, byte[] rawBody) {
        String header = headers.entrySet().stream()
                .filter(entry -> entry.getKey().equalsIgnoreCase(HEADER))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElseThrow(() -> new WebhookVerificationException("signature_missing", "No Simulator-Signature header."));
        long timestamp = -1;
        String signature = null;
        for (String part : header.split(",")) {
            String[] pair = part.trim().split("=", 2);
            if (pair.length == 2 && pair[0].equals("t")) {
                try {
                    timestamp = Long.parseLong(pair[1]);
                } catch (NumberFormatException e) {
                    throw new WebhookVerificationException("signature_invalid", "Malformed signature timestamp.");
                }
            } else if (pair.length == 2 && pair[0].equals("v1")) {
                signature = pair[1];
            }
        }
        if (timestamp < 0 || signature == null) {
            throw new WebhookVerificationException("signature_invalid", "Malformed Simulator-Signature header.");
        }
        long age = Math.abs(clock.instant().getEpochSecond() - timestamp);
        if (age > TOLERANCE.toSeconds()) {
            throw new WebhookVerificationException("timestamp_outside_tolerance",
                    "The signature's timestamp is " + age + " s away from now; the tolerance is " + TOLERANCE.toSeconds() + " s.");
        }
        byte[] expected = hmac(timestamp + "." + new String(rawBody, StandardCharsets.UTF_8));
        byte[] given;
        try {
            given = HexFormat.of().parseHex(signature);
        } catch (IllegalArgumentException e) {
            throw new WebhookVerificationException("signature_invalid", "Malformed signature.");
        }
        if (!MessageDigest.isEqual(expected, given)) {
            throw new WebhookVerificationException("signature_invalid", "The signature does not match the body.");
        }
        JsonNode event;
        try {
            event = json.readTree(rawBody);
        } catch (RuntimeException e) {
            throw new WebhookVerificationException("payload_invalid", "The body is not JSON.");
        }
        String type = event.path("type").asString("");
        String objectId = event.path("data").path("object").path("id").asString("");
        String eventId = event.path("id").asString("");
        if (eventId.isEmpty() || type.isEmpty() || objectId.isEmpty()) {
            throw new WebhookVerificationException("payload_invalid", "The event lacks an id, a type or an object.");
        }
        String objectType = type.substring(0, Math.max(0, type.indexOf('.')));
        return new ProcessorEvent(eventId, type, objectType, objectId, new String(rawBody, StandardCharsets.UTF_8));
    }

    private byte[] hmac(String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(endpoint.webhookSecret().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(payload.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
