package dev.settle.tenancy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

class ApiKeyCacheTests {

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-01T00:00:00Z"));
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };
    private final AtomicInteger lookups = new AtomicInteger();

    private static ApiKey key(String id) {
        return new ApiKey(id, "acct_1", false, ApiKey.Type.SECRET, null, "sk_test_…abcd", List.of(), Instant.EPOCH, null, null);
    }

    private Optional<ApiKey> lookup(Optional<ApiKey> result) {
        lookups.incrementAndGet();
        return result;
    }

    @Test
    void aFoundKeyIsLookedUpOncePerTtl() {
        ApiKeyCache cache = new ApiKeyCache(Duration.ofSeconds(1), clock);
        byte[] hash = {1, 2, 3};
        assertThat(cache.find(hash, () -> lookup(Optional.of(key("key_1"))))).map(ApiKey::id).contains("key_1");
        now.set(now.get().plusMillis(999));
        assertThat(cache.find(hash, () -> lookup(Optional.of(key("key_1"))))).map(ApiKey::id).contains("key_1");
        assertThat(lookups).hasValue(1);
        now.set(now.get().plusMillis(1));
        cache.find(hash, () -> lookup(Optional.of(key("key_1"))));
        assertThat(lookups).hasValue(2);
    }

    @Test
    void anUnknownKeyIsNeverCached() {
        ApiKeyCache cache = new ApiKeyCache(Duration.ofSeconds(1), clock);
        byte[] hash = {9};
        assertThat(cache.find(hash, () -> lookup(Optional.empty()))).isEmpty();
        assertThat(cache.find(hash, () -> lookup(Optional.empty()))).isEmpty();
        assertThat(lookups).hasValue(2);
    }

    @Test
    void aRevokedKeyIsEvictedAtOnce() {
        ApiKeyCache cache = new ApiKeyCache(Duration.ofMinutes(1), clock);
        byte[] hash = {4};
        cache.find(hash, () -> lookup(Optional.of(key("key_4"))));
        cache.evict("key_4");
        ApiKey revoked = new ApiKey("key_4", "acct_1", false, ApiKey.Type.SECRET, null, "x", List.of(), Instant.EPOCH, null, now.get());
        assertThat(cache.find(hash, () -> lookup(Optional.of(revoked)))).get().matches(ApiKey::isRevoked);
        assertThat(lookups).hasValue(2);
    }

    @Test
    void aZeroTtlLooksUpEveryTime() {
        ApiKeyCache cache = new ApiKeyCache(Duration.ZERO, clock);
        byte[] hash = {5};
        cache.find(hash, () -> lookup(Optional.of(key("key_5"))));
        cache.find(hash, () -> lookup(Optional.of(key("key_5"))));
        assertThat(lookups).hasValue(2);
    }

    @Test
    void theCacheStaysBounded() {
        ApiKeyCache cache = new ApiKeyCache(Duration.ofMinutes(1), clock);
        for (int i = 0; i <= ApiKeyCache.MAX_ENTRIES; i++) {
            cache.find(new byte[] {(byte) i, (byte) (i >> 8), (byte) (i >> 16)}, () -> lookup(Optional.of(key("key"))));
        }
        // The first key was dropped when the cache started over, so it is looked up again.
        cache.find(new byte[] {0, 0, 0}, () -> lookup(Optional.of(key("key"))));
        assertThat(lookups).hasValue(ApiKeyCache.MAX_ENTRIES + 2);
    }
}
