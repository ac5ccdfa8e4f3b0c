package dev.settle.ratelimits.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.settle.shared.ResourceNotFoundException;
import dev.settle.tenancy.Tenant;

/**
 * The {@code ratelimits_accounts} table: each account's own limits, where it has them. Read at
 * most once a second per account and node (a change made on another node applies there within a
 * second; on the node that made it, at once).
 */
@Repository
class AccountLimits {

    private static final Duration CACHE_TTL = Duration.ofSeconds(1);

    record Limits(@Nullable Integer live, @Nullable Integer test) {

        static final Limits NONE = new Limits(null, null);
    }

    private record Cached(Limits limits, Instant until) {
    }

    private final JdbcClient jdbc;
    private final Clock clock;
    private final RateLimitProperties defaults;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    AccountLimits(JdbcClient jdbc, Clock clock, RateLimitProperties defaults) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.defaults = defaults;
    }

    /** Requests per second for a key of this tenant. */
    int perSecond(Tenant tenant) {
        Instant now = clock.instant();
        Cached cached = cache.get(tenant.accountId());
        if (cached == null || now.isAfter(cached.until())) {
            cached = new Cached(find(tenant.accountId()).orElse(Limits.NONE), now.plus(CACHE_TTL));
            cache.put(tenant.accountId(), cached);
        }
        Integer own = tenant.livemode() ? cached.limits().live() : cached.limits().test();
        return own != null ? own : tenant.livemode() ? defaults.live() : defaults.test();
    }

    private static final String FIND = """
            SELECT live_per_second, test_per_second
            FROM ratelimits_accounts
            WHERE account_id = :account
            """;

    Optional<Limits> find(String accountId) {
        return jdbc.sql(FIND).param("account", accountId)
                .query((rs, row) -> new Limits((Integer) rs.getObject("live_per_second"), (Integer) rs.getObject("test_per_second")))
                .optional();
    }

    /** Only reads tenancy's table, to tell an account without limits of its own from no account (the same FK guards writes). */
    private static final String FIND_FOR_ACCOUNT = """
            SELECT l.live_per_second, l.test_per_second
            FROM tenancy_accounts a
            LEFT JOIN ratelimits_accounts l ON l.account_id = a.id
            WHERE a.id = :account
            """;

    Limits forAccount(String accountId) {
        return jdbc.sql(FIND_FOR_ACCOUNT).param("account", accountId)
                .query((rs, row) -> new Limits((Integer) rs.getObject("live_per_second"), (Integer) rs.getObject("test_per_second")))
                .optional()
                .orElseThrow(() -> new ResourceNotFoundException("account", accountId, null));
    }

    private static final String UPSERT = """
            INSERT INTO ratelimits_accounts (account_id, live_per_second, test_per_second, updated_at)
            VALUES (:account, :live, :test, :now)
            ON CONFLICT (account_id) DO UPDATE
            SET live_per_second = EXCLUDED.live_per_second,
                test_per_second = EXCLUDED.test_per_second,
                updated_at = EXCLUDED.updated_at
            """;

    /** Sets both limits (null = the default); 404 for an account that does not exist. */
    void set(String accountId, Limits limits) {
        try {
            jdbc.sql(UPSERT).param("account", accountId).param("live", limits.live()).param("test", limits.test())
                    .param("now", java.sql.Timestamp.from(clock.instant())).update();
        } catch (DataIntegrityViolationException noSuchAccount) {
            throw new ResourceNotFoundException("account", accountId, null);
        }
        cache.remove(accountId);
    }

    RateLimitProperties defaults() {
        return defaults;
    }
}
