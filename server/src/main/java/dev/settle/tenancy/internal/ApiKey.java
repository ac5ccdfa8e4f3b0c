package dev.settle.tenancy.internal;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/** A stored API key: never the key itself, only its keyed hash and a redacted form for display. */
record ApiKey(
        String id,
        String accountId,
        boolean livemode,
        Type type,
        @Nullable String name,
        String redacted,
        List<String> scopes,
        Instant created,
        @Nullable Instant lastUsed,
        @Nullable Instant revoked) {

    enum Type {
        SECRET("sk"), RESTRICTED("rk");

        final String prefix;

        Type(String prefix) {
            this.prefix = prefix;
        }

        String dbValue() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    boolean isRevoked() {
        return revoked != null;
    }
}
