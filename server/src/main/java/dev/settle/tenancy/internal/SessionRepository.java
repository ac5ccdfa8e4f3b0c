package dev.settle.tenancy.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.settle.shared.BatchedDelete;

/** The {@code tenancy_sessions} table: sessions by the HMAC of their token, with their user. */
@Repository
class SessionRepository {

    private final JdbcClient jdbc;

    SessionRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A live session with what authenticating a request needs. */
    record Live(byte[] tokenHash, byte[] csrfHash, String userId, String accountId, Role role, boolean livemode) {
    }

    private static final String INSERT = """
            INSERT INTO tenancy_sessions (token_hash, csrf_hash, user_id, livemode, created_at, expires_at)
            VALUES (:token, :csrf, :user, :livemode, :now, :expires)
            """;

    void insert(byte[] tokenHash, byte[] csrfHash, String userId, boolean livemode, Instant now, Instant expires) {
        jdbc.sql(INSERT)
                .param("token", tokenHash)
                .param("csrf", csrfHash)
                .param("user", userId)
                .param("livemode", livemode)
                .param("now", Timestamp.from(now))
                .param("expires", Timestamp.from(expires))
                .update();
    }

    private static final String FIND_LIVE = """
            SELECT s.token_hash, s.csrf_hash, s.user_id, s.livemode, u.account_id, u.role
            FROM tenancy_sessions s
            JOIN tenancy_users u ON u.id = s.user_id
            WHERE s.token_hash = :token
              AND s.ended_at IS NULL
              AND s.expires_at > :now
              AND u.removed_at IS NULL
            """;

    Optional<Live> findLive(byte[] tokenHash, Instant now) {
        return jdbc.sql(FIND_LIVE)
                .param("token", tokenHash)
                .param("now", Timestamp.from(now))
                .query((rs, n) -> new Live(rs.getBytes("token_hash"), rs.getBytes("csrf_hash"), rs.getString("user_id"),
                        rs.getString("account_id"), Role.of(rs.getString("role")), rs.getBoolean("livemode")))
                .optional();
    }

    private static final String END = """
            UPDATE tenancy_sessions
            SET ended_at = :now
            WHERE token_hash = :token
              AND ended_at IS NULL
            """;

    void end(byte[] tokenHash, Instant now) {
        jdbc.sql(END).param("token", tokenHash).param("now", Timestamp.from(now)).update();
    }

    private static final String END_ALL = """
            UPDATE tenancy_sessions
            SET ended_at = :now
            WHERE user_id = :user
              AND ended_at IS NULL
            """;

    /** Ends every session of the user (removed, or its role changed). */
    void endAll(String userId, Instant now) {
        jdbc.sql(END_ALL).param("user", userId).param("now", Timestamp.from(now)).update();
    }

    private static final String PURGE = """
            DELETE FROM tenancy_sessions
            WHERE ctid = ANY (ARRAY(SELECT ctid
                                    FROM tenancy_sessions
                                    WHERE expires_at < :cutoff
                                    LIMIT :batch))
            """;

    static final int PURGE_BATCH = 5_000;

    /** Forgets sessions that expired before {@code cutoff}, a batch per statement; returns how many. */
    long purgeExpiredBefore(Instant cutoff) {
        return BatchedDelete.untilDone(PURGE_BATCH,
                () -> jdbc.sql(PURGE).param("cutoff", Timestamp.from(cutoff)).param("batch", PURGE_BATCH).update());
    }
}
