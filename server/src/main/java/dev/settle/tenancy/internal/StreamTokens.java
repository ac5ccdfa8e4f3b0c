package dev.settle.tenancy.internal;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;

import dev.settle.shared.AuthenticationException;
import dev.settle.shared.Ids;
import dev.settle.tenancy.AccountId;
import dev.settle.tenancy.ApiKeyId;
import dev.settle.tenancy.Tenant;

/**
 * Stream tokens: what a browser page uses instead of an API key to open {@code GET /v1/stream},
 * since a page cannot set an {@code Authorization} header and must never hold a secret key.
 * A token is minted by a key that may read events, works for one handshake only, within
 * {@code settle.tenancy.stream-token-ttl}, and only while that key is not revoked. Like keys,
 * tokens are stored only as a keyed hash.
 */
@Service
class StreamTokens {

    private static final Logger log = LoggerFactory.getLogger(StreamTokens.class);
    static final Pattern SHAPE = Pattern.compile("^st_(test|live)_[0-9A-Za-z]{32}$");

    private final JdbcClient jdbc;
    private final KeyHasher hasher;
    private final Clock clock;
    private final Duration ttl;

    StreamTokens(JdbcClient jdbc, KeyHasher hasher, Clock clock, TenancyProperties properties) {
        this.jdbc = jdbc;
        this.hasher = hasher;
        this.clock = clock;
        this.ttl = properties.streamTokenTtl();
    }

    record Minted(String token, Instant expiresAt) {
    }

    private static final String INSERT = """
            INSERT INTO tenancy_stream_tokens (token_hash, key_id, created_at, expires_at)
            VALUES (:hash, :keyId, :now, :expiresAt)
            """;

    Minted mint(Tenant tenant, ApiKeyId key) {
        String token = "st_" + (tenant.livemode() ? "live_" : "test_") + Ids.randomBase62(32);
        Instant now = clock.instant();
        Instant expiresAt = now.plus(ttl);
        jdbc.sql(INSERT).param("hash", hasher.hash(token)).param("keyId", key.value())
                .param("now", Timestamp.from(now)).param("expiresAt", Timestamp.from(expiresAt)).update();
        return new Minted(token, expiresAt);
    }

    /** Who a redeemed token speaks for: the account and mode, and the key that minted it. */
    record Redeemed(Tenant tenant, ApiKeyId key) {
    }

    private record Row(String keyId, String accountId, boolean livemode, @Nullable Timestamp revoked, Timestamp expiresAt) {
    }

    /** Marks the token used whatever follows, so an expired or refused token is spent too. */
    private static final String REDEEM = """
            UPDATE tenancy_stream_tokens AS t
            SET used_at = :now
            FROM tenancy_api_keys AS k
            WHERE t.token_hash = :hash
              AND t.used_at IS NULL
              AND k.id = t.key_id
            RETURNING k.id, k.account_id, k.livemode, k.revoked_at, t.expires_at
            """;

    /**
     * Spends the token: it authenticates this one handshake, or throws the reason it cannot
     * (unknown or already used, expired, or its key revoked since).
     */
    Redeemed redeem(String token) {
        if (!SHAPE.matcher(token).matches()) {
            throw new AuthenticationException("stream_token_invalid", "Malformed stream token. Tokens look like st_test_ followed by 32 letters and digits.");
        }
        Instant now = clock.instant();
        Optional<Row> row = jdbc.sql(REDEEM).param("hash", hasher.hash(token)).param("now", Timestamp.from(now))
                .query((rs, n) -> new Row(rs.getString(1), rs.getString(2), rs.getBoolean(3), rs.getTimestamp(4), rs.getTimestamp(5)))
                .optional();
        Row found = row.orElseThrow(() -> new AuthenticationException("stream_token_invalid",
                "Unknown or already used stream token. A token opens one stream; mint a new one with POST /v1/stream_tokens."));
        if (!found.expiresAt().toInstant().isAfter(now)) {
            throw new AuthenticationException("stream_token_expired",
                    "This stream token has expired (tokens live " + ttl.toSeconds() + " s); mint a new one.");
        }
        if (found.revoked() != null) {
            throw new AuthenticationException("api_key_revoked", "The API key that minted this stream token has been revoked.");
        }
        return new Redeemed(new Tenant(new AccountId(found.accountId()), found.livemode()), new ApiKeyId(found.keyId()));
    }

    private static final String PURGE = """
            DELETE FROM tenancy_stream_tokens
            WHERE expires_at < :cutoff
            """;

    int purgeExpiredBefore(Instant cutoff) {
        return jdbc.sql(PURGE).param("cutoff", Timestamp.from(cutoff)).update();
    }

    @Configuration(proxyBeanMethods = false)
    static class Schedule {

        /** Spent and expired tokens serve nothing; an hour's grace keeps the reason a late handshake gets. */
        @Bean
        RecurringTask<Void> streamTokenPurgeTask(StreamTokens tokens, Clock clock) {
            return Tasks.recurring("tenancy-stream-token-purge", Schedules.fixedDelay(Duration.ofHours(1)))
                    .execute((instance, context) -> {
                        int purged = tokens.purgeExpiredBefore(clock.instant().minus(Duration.ofHours(1)));
                        if (purged > 0) {
                            log.info("Purged {} expired stream tokens", purged);
                        }
                    });
        }
    }
}
