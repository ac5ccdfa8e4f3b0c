package dev.settle.tenancy.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.settle.shared.Keyset;
import dev.settle.shared.ListParams;

/** The {@code tenancy_users} table. Queries by id are scoped to one account; removed users are never found. */
@Repository
class UserRepository {

    private final JdbcClient jdbc;

    UserRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    private static final String COLUMNS = """
            SELECT id, account_id, email, role, password_hash, totp_secret, totp_enabled, locked_until, invite_expires_at,
                   created_at
            FROM tenancy_users
            """;

    private static final String INSERT = """
            INSERT INTO tenancy_users (id, account_id, email, role, invite_hash, invite_expires_at, created_at)
            VALUES (:id, :account, :email, :role, :inviteHash, :inviteExpires, :created)
            """;

    void insertInvited(User user, byte[] inviteHash) {
        jdbc.sql(INSERT)
                .param("id", user.id())
                .param("account", user.accountId())
                .param("email", user.email())
                .param("role", user.role().code())
                .param("inviteHash", inviteHash)
                .param("inviteExpires", timestamp(user.inviteExpires()))
                .param("created", Timestamp.from(user.created()))
                .update();
    }

    private static final String EMAIL_TAKEN = """
            SELECT count(*)
            FROM tenancy_users
            WHERE lower(email) = lower(:email)
              AND removed_at IS NULL
            """;

    boolean emailTaken(String email) {
        return jdbc.sql(EMAIL_TAKEN).param("email", email).query(Long.class).single() > 0;
    }

    private static final String FIND = COLUMNS + """
            WHERE id = :id
              AND account_id = :account
              AND removed_at IS NULL
            """;

    Optional<User> find(String accountId, String id) {
        if (id.indexOf('\0') >= 0) {
            return Optional.empty();
        }
        return jdbc.sql(FIND).param("id", id).param("account", accountId).query(UserRepository::map).optional();
    }

    Optional<User> findForUpdate(String accountId, String id) {
        if (id.indexOf('\0') >= 0) {
            return Optional.empty();
        }
        return jdbc.sql(FIND + "FOR UPDATE\n").param("id", id).param("account", accountId).query(UserRepository::map).optional();
    }

    private static final String FIND_ACTIVE_BY_EMAIL = COLUMNS + """
            WHERE lower(email) = lower(:email)
              AND password_hash IS NOT NULL
              AND removed_at IS NULL
            """;

    Optional<User> findActiveByEmail(String email) {
        return jdbc.sql(FIND_ACTIVE_BY_EMAIL).param("email", email).query(UserRepository::map).optional();
    }

    private static final String FIND_BY_INVITE = COLUMNS + """
            WHERE invite_hash = :hash
              AND invite_expires_at > :now
              AND removed_at IS NULL
            FOR UPDATE
            """;

    Optional<User> findByInviteForUpdate(byte[] hash, Instant now) {
        return jdbc.sql(FIND_BY_INVITE).param("hash", hash).param("now", Timestamp.from(now)).query(UserRepository::map).optional();
    }

    private static final String ACCEPT = """
            UPDATE tenancy_users
            SET password_hash = :passwordHash,
                invite_hash = NULL,
                invite_expires_at = NULL
            WHERE id = :id
            """;

    void accept(String id, String passwordHash) {
        jdbc.sql(ACCEPT).param("id", id).param("passwordHash", passwordHash).update();
    }

    private static final String SET_ROLE = """
            UPDATE tenancy_users
            SET role = :role
            WHERE id = :id
            """;

    void setRole(String id, Role role) {
        jdbc.sql(SET_ROLE).param("id", id).param("role", role.code()).update();
    }

    private static final String REMOVE = """
            UPDATE tenancy_users
            SET removed_at = :now,
                invite_hash = NULL,
                totp_secret = NULL
            WHERE id = :id
            """;

    void remove(String id, Instant now) {
        jdbc.sql(REMOVE).param("id", id).param("now", Timestamp.from(now)).update();
    }

    private static final String OWNERS = """
            SELECT count(*)
            FROM tenancy_users
            WHERE account_id = :account
              AND role = 'owner'
              AND password_hash IS NOT NULL
              AND removed_at IS NULL
            """;

    long activeOwners(String accountId) {
        return jdbc.sql(OWNERS).param("account", accountId).query(Long.class).single();
    }

    private static final String SET_TOTP = """
            UPDATE tenancy_users
            SET totp_secret = :secret,
                totp_enabled = :enabled
            WHERE id = :id
            """;

    void setTotp(String id, @Nullable String sealedSecret, boolean enabled) {
        jdbc.sql(SET_TOTP).param("id", id).param("secret", sealedSecret).param("enabled", enabled).update();
    }

    private static final String FAILED_SIGN_IN = """
            UPDATE tenancy_users
            SET failed_sign_ins = CASE WHEN failed_sign_ins + 1 >= :max THEN 0 ELSE failed_sign_ins + 1 END,
                locked_until = CASE WHEN failed_sign_ins + 1 >= :max THEN :lockedUntil ELSE locked_until END
            WHERE id = :id
            RETURNING locked_until IS NOT NULL AND locked_until = :lockedUntil
            """;

    /** Counts a failed sign-in (one atomic statement); true when it locked the user out until {@code lockedUntil}. */
    boolean failedSignIn(String id, int max, Instant lockedUntil) {
        return Boolean.TRUE.equals(jdbc.sql(FAILED_SIGN_IN)
                .param("id", id)
                .param("max", max)
                .param("lockedUntil", Timestamp.from(lockedUntil))
                .query(Boolean.class)
                .single());
    }

    private static final String SIGNED_IN = """
            UPDATE tenancy_users
            SET failed_sign_ins = 0
            WHERE id = :id
              AND failed_sign_ins > 0
            """;

    void signedIn(String id) {
        jdbc.sql(SIGNED_IN).param("id", id).update();
    }

    private static final String LIST = COLUMNS + """
            WHERE account_id = :account
              AND removed_at IS NULL
            """ + Keyset.PAGE;

    List<User> list(String accountId, ListParams params) {
        return Keyset.bind(jdbc.sql(LIST).param("account", accountId), params, "user",
                id -> find(accountId, id).map(User::created))
                .query(UserRepository::map)
                .list();
    }

    private static User map(ResultSet rs, int row) throws SQLException {
        Timestamp locked = rs.getTimestamp("locked_until");
        Timestamp invite = rs.getTimestamp("invite_expires_at");
        return new User(rs.getString("id"), rs.getString("account_id"), rs.getString("email"), Role.of(rs.getString("role")),
                rs.getString("password_hash"), rs.getString("totp_secret"), rs.getBoolean("totp_enabled"),
                locked == null ? null : locked.toInstant(), invite == null ? null : invite.toInstant(),
                rs.getTimestamp("created_at").toInstant());
    }

    private static @Nullable Timestamp timestamp(@Nullable Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }
}
