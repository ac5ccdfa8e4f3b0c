package dev.settle.tenancy.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Keys found by their hash, kept for a short time so that authentication is not a database
 * round trip on every request (at a few hundred requests a second it was one of the ten round
 * trips of a payment). Only keys that exist are kept: an unknown key is looked up every time,
 * so a flood of made-up keys cannot fill the cache. A revoke on this node evicts the key at
 * once; another node sees it when its entry expires, at most {@code ttl} later.
 */
final class ApiKeyCache {

    /** Far more than the keys in use; past it the cache starts over rather than grow. */
    static final int MAX_ENTRIES = 10_000;

    private record Entry(ApiKey key, long expiresAtMillis) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Duration ttl;
    private final Clock clock;

    ApiKeyCache(Duration ttl, Clock clock) {
        this.ttl = ttl;
        this.clock = clock;
    }

    Optional<ApiKey> find(byte[] hash, Supplier<Optional<ApiKey>> lookup) {
        if (ttl.isZero() || ttl.isNegative()) {
            return lookup.get();
        }
        String id = Base64.getEncoder().encodeToString(hash);
        long now = clock.millis();
        Entry cached = entries.get(id);
        if (cached != null && cached.expiresAtMillis() > now) {
            return Optional.of(cached.key());
        }
        Optional<ApiKey> found = lookup.get();
        if (found.isPresent()) {
            if (entries.size() >= MAX_ENTRIES) {
                entries.clear();
            }
            entries.put(id, new Entry(found.get(), now + ttl.toMillis()));
        } else {
            entries.remove(id);
        }
        return found;
    }

    /** Forgets the key with this id, e.g. right after it was revoked. */
    void evict(String keyId) {
        entries.values().removeIf(entry -> entry.key().id().equals(keyId));
    }
}
