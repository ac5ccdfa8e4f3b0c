package dev.settle.cli;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Standard Webhooks signatures, as Settle's own outbound webhooks carry them: {@code webhook-signature:
 * v1,<base64 HMAC-SHA256 of "id.timestamp.body">} under the secret's bytes (the base64 after {@code whsec_}).
 */
final class Signer {

    private final String secret;
    private final SecretKeySpec key;

    Signer(String secret) {
        if (!secret.startsWith("whsec_")) {
            throw new IllegalArgumentException("A signing secret starts with whsec_.");
        }
        this.secret = secret;
        this.key = new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256");
    }

    /** A new session secret: 24 random bytes, as {@code stripe listen} makes one per session. */
    static Signer random() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return new Signer("whsec_" + Base64.getEncoder().encodeToString(bytes));
    }

    String secret() {
        return secret;
    }

    String sign(String id, long timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            byte[] signature = mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(signature);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
