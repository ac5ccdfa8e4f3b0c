package dev.settle.catalog.internal;

import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/** A product as stored. */
record Product(
        String id,
        String accountId,
        boolean livemode,
        String name,
        @Nullable String description,
        boolean active,
        Map<String, String> metadata,
        Instant created,
        Instant updated) {
}
