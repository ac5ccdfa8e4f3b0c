package dev.settle.tenancy.internal;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

import com.fasterxml.jackson.annotation.JsonInclude;

/** An API key as the API shows it: redacted always; {@code secret} only in the response that mints it. */
record ApiKeyView(String id, String object, String type, boolean livemode, @Nullable String name, String redacted,
        List<String> scopes, long created, @Nullable Long lastUsed, @Nullable Long revoked, @Nullable String secret) {

    static ApiKeyView of(ApiKey key, @Nullable String secret) {
        return new ApiKeyView(key.id(), "api_key", key.type().dbValue(), key.livemode(), key.name(), key.redacted(),
                key.scopes(), key.created().getEpochSecond(), seconds(key.lastUsed()), seconds(key.revoked()), secret);
    }

    @Override
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public @Nullable String secret() {
        return secret;
    }

    private static @Nullable Long seconds(@Nullable Instant instant) {
        return instant == null ? null : instant.getEpochSecond();
    }
}
