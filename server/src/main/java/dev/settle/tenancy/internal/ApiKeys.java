package dev.settle.tenancy.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import org.springframework.context.event.EventListener;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import dev.settle.shared.Ids;
import dev.settle.shared.ListParams;
import dev.settle.tenancy.AccountId;
import dev.settle.tenancy.ApiKeyId;
import dev.settle.tenancy.ApiKeyRevoked;
import dev.settle.tenancy.AuditLog;
import dev.settle.tenancy.Tenant;

/**
 * Mints, finds and revokes API keys. A key is {@code sk_test_} / {@code sk_live_} (or
 * {@code rk_…} for restricted keys) followed by 32 base62 characters: about 190 bits of
 * randomness. Only its keyed hash is stored.
 */
@Service
class ApiKeys {

    private static final int KEY_BODY_LENGTH = 32;
    private static final Duration TOUCH_INTERVAL = Duration.ofMinutes(1);

    private final ApiKeyRepository repository;
    private final KeyHasher hasher;
    private final Clock clock;
    private final Map<String, Instant> lastTouched = new ConcurrentHashMap<>();
    private final ApiKeyCache cache;
    private final ApplicationEventPublisher events;
    private final AuditLog audit;
    private final TransactionTemplate transactions;

    ApiKeys(ApiKeyRepository repository, KeyHasher hasher, TenancyProperties properties, Clock clock,
            ApplicationEventPublisher events, AuditLog audit, TransactionTemplate transactions) {
        this.repository = repository;
        this.transactions = transactions;
        this.audit = audit;
        this.events = events;
        this.hasher = hasher;
        this.clock = clock;
        this.cache = new ApiKeyCache(properties.keyCacheTtl(), clock);
    }

    /** A newly minted key: the plaintext exists only in this object and the response that returns it. */
    record MintedKey(ApiKey key, String secret) {
    }

    MintedKey mint(String accountId, boolean livemode, ApiKey.Type type, @Nullable String name, List<String> scopes) {
        String secret = type.prefix + (livemode ? "_live_" : "_test_") + Ids.randomBase62(KEY_BODY_LENGTH);
        ApiKey key = new ApiKey(Ids.newId("key"), accountId, livemode, type, name,
                secret.substring(0, secret.indexOf('_', 3) + 1) + "…" + secret.substring(secret.length() - 4),
                type == ApiKey.Type.SECRET ? List.of() : scopes, clock.instant(), null, null);
        repository.insert(key, hasher.hash(secret));
        Map<String, @Nullable Object> fields = new LinkedHashMap<>();
        fields.put("type", type.dbValue());
        fields.put("name", name);
        fields.put("redacted", key.redacted());
        fields.put("scopes", key.scopes());
        audit.record(new Tenant(new AccountId(accountId), livemode), "api_key.created", "api_key", key.id(),
                AuditLog.created(fields));
        return new MintedKey(key, secret);
    }

    /** The key with this secret, from the cache when it was looked up moments ago (see {@link ApiKeyCache}). */
    Optional<ApiKey> findBySecret(String secret) {
        byte[] hash = hasher.hash(secret);
        return cache.find(hash, () -> repository.findByHash(hash));
    }

    /** Records use, at most once a minute per key and node, so authentication stays a read. */
    void recordUse(ApiKey key) {
        Instant now = clock.instant();
        Instant previous = lastTouched.get(key.id());
        if (previous == null || previous.plus(TOUCH_INTERVAL).isBefore(now)) {
            lastTouched.put(key.id(), now);
            repository.touch(key.id(), now);
        }
    }

    List<ApiKey> list(String accountId) {
        return repository.listForAccount(accountId);
    }

    /** One page of the tenant's keys, newest first (limit + 1 rows, for {@code ListPage.of}). */
    List<ApiKey> page(Tenant tenant, ListParams params) {
        return repository.page(tenant.accountId(), tenant.livemode(), params);
    }

    Optional<ApiKey> find(String accountId, String keyId) {
        return repository.find(accountId, keyId);
    }

    /** Revokes the key and records it in the audit log (one transaction); the cache forgets it once that committed. */
    /** A revoke on this node or, through the cluster's broker, on another: the cached key goes at once. */
    @EventListener
    void on(ApiKeyRevoked revoked) {
        cache.evict(revoked.key().value());
    }

    boolean revoke(String accountId, String keyId) {
        Instant now = clock.instant();
        boolean revoked = Boolean.TRUE.equals(transactions.execute(status -> {
            if (!repository.revoke(accountId, keyId, now)) {
                return false;
            }
            ApiKey key = repository.find(accountId, keyId).orElseThrow();
            audit.record(new Tenant(new AccountId(accountId), key.livemode()), "api_key.revoked", "api_key", keyId,
                    Map.of("revoked", new AuditLog.Change(null, now.getEpochSecond())));
            return true;
        }));
        cache.evict(keyId);
        if (revoked) {
            events.publishEvent(new ApiKeyRevoked(new ApiKeyId(keyId)));
        }
        return revoked;
    }
}
