package dev.settle.simulator.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC-SHA256 under the webhook secret: webhook signatures and card fingerprints. */
final class Signatures {

    private final SecretKeySpec key;

    Signatures(String webhookSecret) {
        this.key = new SecretKeySpec(webhookSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    /** The {@code Simulator-Signature} header value: {@code t=<unix seconds>,v1=<hex HMAC of "t.body">}. */
    String header(long timestamp, String body) {
        return "t=" + timestamp + ",v1=" + hex(timestamp + "." + body);
    }

    /** Identifies a card across tokens without keeping its number: 16 hex characters of its HMAC. */
    String fingerprint(String cardNumber) {
        return hex(cardNumber).substring(0, 16);
    }

    String hex(String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
