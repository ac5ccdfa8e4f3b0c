package dev.settle.catalog.internal;

import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.settle.catalog.CatalogPrice;

/** A price as stored: its terms (never changed once created) and what may be updated. */
public record Price(
        CatalogPrice terms,
        String accountId,
        boolean livemode,
        @Nullable String nickname,
        @Nullable String lookupKey,
        Map<String, String> metadata,
        Instant created) {

    public String id() {
        return terms.id();
    }

    Price with(boolean active, @Nullable String nickname, @Nullable String lookupKey, Map<String, String> metadata) {
        CatalogPrice t = terms;
        return new Price(new CatalogPrice(t.id(), t.productId(), t.currency(), t.recurring(), t.billingScheme(), t.unitAmount(),
                t.tiersMode(), t.tiers(), active), accountId, livemode, nickname, lookupKey, metadata, created);
    }
}
