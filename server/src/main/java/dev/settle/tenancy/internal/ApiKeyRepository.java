package dev.settle.tenancy.internal;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.settle.shared.Keyset;
import dev.settle.shared.ListParams;

@Repository
class ApiKeyRepository {

    private final JdbcClient jdbc;

    ApiKeyRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    private static final String INSERT = """
            INSERT INTO tenancy_api_keys (id, account_id, livemode, type, name, key_hash, redacted, scopes, created_at)
            VALUES (:id, :accountId, :livemode, :type, :name, :keyHash, :redacted, string_to_array(:scopes, ','), :createdAt)
            """;

    void insert(ApiKey key, byte[] keyHash) {
        jdbc.sql(INSERT)
                .param("id", key.id())
                .param("accountId", key.accountId())
                .param("livemode", key.livemode())
                .param("type", key.type().dbValue())
                .param("name", key.name())
                .param("keyHash", keyHash)
                .param("redacted", key.redacted())
                .param("scopes", String.join(",", key.scopes()))
                .param("createdAt", Timestamp.from(key.created()))
                .update();
    }

    private static final String FIND_BY_HASH = """
            SELECT id, account_id, livemode, type, name, redacted, scopes, created_at, last_used_at, revoked_at
            FROM tenancy_api_keys
            WHERE key_hash = :keyHash
            """;

    Optional<ApiKey> findByHash(byte[] keyHash) {
        return jdbc.sql(FIND_BY_HASH).param("keyHash", keyHash).query(ApiKeyRepository::map).optional();
    }

    private static final String LIST_FOR_ACCOUNT = """
            SELECT id, account_id, livemode, type, name, redacted, scopes, created_at, last_used_at, revoked_at
            FROM tenancy_api_keys
            WHERE account_id = :accountId
            ORDER BY created_at DESC, id DESC
            """;

    List<ApiKey> listForAccount(String accountId) {
        return jdbc.sql(LIST_FOR_ACCOUNT).param("accountId", accountId).query(ApiKeyRepository::map).list();
    }

    private static final String PAGE_FOR_TENANT = """
            SELECT id, account_id, livemode, type, name, redacted, scopes, created_at, last_used_at, revoked_at
            FROM tenancy_api_keys
            WHERE account_id = :accountId
              AND livemode = :livemode
            """ + Keyset.PAGE;

    /** One page of the tenant's keys (one mode), newest first, on the (account_id, created_at) index. */
    List<ApiKey> page(String accountId, boolean livemode, ListParams params) {
        return Keyset.bind(jdbc.sql(PAGE_FOR_TENANT).param("accountId", accountId).param("livemode", livemode), params, "api_key",
                        id -> find(accountId, id).filter(key -> key.livemode() == livemode).map(ApiKey::created))
                .query(ApiKeyRepository::map)
                .list();
    }

    private static final String FIND_FOR_ACCOUNT = """
            SELECT id, account_id, livemode, type, name, redacted, scopes, created_at, last_used_at, revoked_at
            FROM tenancy_api_keys
            WHERE account_id = :accountId
              AND id = :id
            """;

    Optional<ApiKey> find(String accountId, String id) {
        return jdbc.sql(FIND_FOR_ACCOUNT).param("accountId", accountId).param("id", id).query(ApiKeyRepository::map).optional();
    }

    private static final String REVOKE = """
            UPDATE tenancy_api_keys
            SET revoked_at = :now
            WHERE account_id = :accountId
              AND id = :id
              AND revoked_at IS NULL
            """;

    boolean revoke(String accountId, String id, Instant now) {
        return jdbc.sql(REVOKE).param("accountId", accountId).param("id", id).param("now", Timestamp.from(now)).update() == 1;
    }

    private static final String TOUCH = """
            UPDATE tenancy_api_keys
            SET last_used_at = :now
            WHERE id = :id
            """;

    void touch(String id, Instant now) {
        jdbc.sql(TOUCH).param("id", id).param("now", Timestamp.from(now)).update();
    }

    private static ApiKey map(ResultSet rs, int row) throws SQLException {
        Array scopes = rs.getArray("scopes");
        return new ApiKey(
                rs.getString("id"),
                rs.getString("account_id"),
                rs.getBoolean("livemode"),
                ApiKey.Type.valueOf(rs.getString("type").toUpperCase(java.util.Locale.ROOT)),
                rs.getString("name"),
                rs.getString("redacted"),
                scopes == null ? List.of() : List.of((String[]) scopes.getArray()),
                rs.getTimestamp("created_at").toInstant(),
                instant(rs.getTimestamp("last_used_at")),
                instant(rs.getTimestamp("revoked_at")));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
