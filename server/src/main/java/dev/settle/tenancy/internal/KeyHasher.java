package dev.settle.tenancy.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.stereotype.Component;

/**
 * HMAC-SHA256 of a key under the server's pepper. A stolen database alone does not let an
 * attacker check guesses offline; the keys themselves carry 190 bits, so no slow hash is needed.
 */
@Component
class KeyHasher {

    private final SecretKeySpec pepper;

    KeyHasher(TenancySecrets secrets) {
        this.pepper = new SecretKeySpec(secrets.keyPepper(), "HmacSHA256");
    }

    byte[] hash(String key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(pepper);
            return mac.doFinal(key.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
