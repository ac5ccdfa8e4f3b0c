package dev.settle.webhooks.internal;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * An endpoint's signing secrets in Standard Webhooks form ({@code whsec_} + base64 of 32 random
 * bytes): the current one, and after a rotation the previous one until it expires. Both sign
 * while both are valid. {@link #toString()} never shows them, so they cannot end up in a log.
 */
record SigningSecrets(String current, @Nullable String previous, @Nullable Instant previousExpiresAt) {

    private static final SecureRandom RANDOM = new SecureRandom();
    static final String PREFIX = "whsec_";

    static String generate() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return PREFIX + Base64.getEncoder().encodeToString(key);
    }

    /** The secrets that sign an attempt made at {@code now}, newest first. */
    List<String> activeAt(Instant now) {
        List<String> active = new ArrayList<>(2);
        active.add(current);
        if (previous != null && previousExpiresAt != null && previousExpiresAt.isAfter(now)) {
            active.add(previous);
        }
        return active;
    }

    @Override
    public String toString() {
        return "SigningSecrets[redacted]";
    }
}
