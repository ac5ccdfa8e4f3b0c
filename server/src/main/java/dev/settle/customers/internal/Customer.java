package dev.settle.customers.internal;

import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/** A customer as stored. */
public record Customer(
        String id,
        String accountId,
        boolean livemode,
        @Nullable String email,
        @Nullable String name,
        @Nullable String phone,
        @Nullable String description,
        Map<String, String> metadata,
        @Nullable String testClock,
        Instant created) {
}
