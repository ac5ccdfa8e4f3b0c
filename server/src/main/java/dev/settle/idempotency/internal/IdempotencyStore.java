package dev.settle.idempotency.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.settle.platform.WriteBehind;
import dev.settle.tenancy.Tenant;

/** The {@code idempotency_keys} table: claim, complete, release, look up and purge. */
@Repository
public class IdempotencyStore {

    private final JdbcClient jdbc;
    private final WriteBehind writes;

    IdempotencyStore(JdbcClient jdbc, WriteBehind writes) {
        this.jdbc = jdbc;
        this.writes = writes;
    }

    record Fingerprint(String method, String path, byte[] hash) {

        boolean matches(Fingerprint other) {
            return method.equals(other.method) && path.equals(other.path) && Arrays.equals(hash, other.hash);
        }
    }

    record StoredResponse(int status, @Nullable String contentType, byte[] body) {

        /** A {@code 200} with a JSON body: the answer recorded for a request's object. */
        static StoredResponse ok(byte[] json) {
            return new StoredResponse(200, MediaType.APPLICATION_JSON_VALUE, json);
        }
    }

    record Row(Fingerprint fingerprint, boolean completed, @Nullable Instant lockedUntil, @Nullable StoredResponse response,
            @Nullable String resourceType, @Nullable String resourceId) {
    }

    /** The key a request is running under. */
    public record Claim(Tenant tenant, String key) {
    }

    private static final String CLAIM = """
            INSERT INTO idempotency_keys (account_id, livemode, idempotency_key, request_method, request_path,
                                          request_hash, state, locked_until, created_at)
            VALUES (:account, :livemode, :key, :method, :path, :hash, 'in_flight', :lockedUntil, :now)
            ON CONFLICT (account_id, livemode, idempotency_key) DO NOTHING
            """;

    /** Claims the key for this request; false when a row already exists. Runs in its own, committed transaction. */
    boolean claim(Tenant tenant, String key, Fingerprint fingerprint, Instant now, Instant lockedUntil) {
        return jdbc.sql(CLAIM)
                .param("account", tenant.accountId())
                .param("livemode", tenant.livemode())
                .param("key", key)
                .param("method", fingerprint.method())
                .param("path", fingerprint.path())
                .param("hash", fingerprint.hash())
                .param("lockedUntil", Timestamp.from(lockedUntil))
                .param("now", Timestamp.from(now))
                .update() == 1;
    }

    private static final String TAKE_OVER = """
            UPDATE idempotency_keys
            SET locked_until = :lockedUntil
            WHERE account_id = :account
              AND livemode = :livemode
              AND idempotency_key = :key
              AND state = 'in_flight'
              AND locked_until < :now
            """;

    /** Takes over a key whose first request died without finishing (its lease ran out). */
    boolean takeOverExpired(Tenant tenant, String key, Instant now, Instant lockedUntil) {
        return jdbc.sql(TAKE_OVER)
                .param("account", tenant.accountId())
                .param("livemode", tenant.livemode())
                .param("key", key)
                .param("now", Timestamp.from(now))
                .param("lockedUntil", Timestamp.from(lockedUntil))
                .update() == 1;
    }

    private static final String FIND = """
            SELECT request_method, request_path, request_hash, state, locked_until,
                   response_status, response_content_type, response_body, resource_type, resource_id
            FROM idempotency_keys
            WHERE account_id = :account
              AND livemode = :livemode
              AND idempotency_key = :key
            """;

    Optional<Row> find(Tenant tenant, String key) {
        return jdbc.sql(FIND)
                .param("account", tenant.accountId())
                .param("livemode", tenant.livemode())
                .param("key", key)
                .query((rs, n) -> {
                    boolean completed = rs.getString("state").equals("completed");
                    Timestamp lockedUntil = rs.getTimestamp("locked_until");
                    return new Row(
                            new Fingerprint(rs.getString("request_method"), rs.getString("request_path"), rs.getBytes("request_hash")),
                            completed,
                            lockedUntil == null ? null : lockedUntil.toInstant(),
                            completed ? new StoredResponse(rs.getInt("response_status"), rs.getString("response_content_type"),
                                    rs.getBytes("response_body")) : null,
                            rs.getString("resource_type"), rs.getString("resource_id"));
                })
                .optional();
    }

    private static final String COMPLETE = """
            UPDATE idempotency_keys
            SET state = 'completed',
                locked_until = NULL,
                response_status = :status,
                response_content_type = :contentType,
                response_body = :body,
                completed_at = :now
            WHERE account_id = :account
              AND livemode = :livemode
              AND idempotency_key = :key
              AND state = 'in_flight'
            """;

    /** Stores a request's answer, early: in the transaction of its last step (see IdempotentRequests#complete). */
    public void completeJson(Claim claim, byte[] body, Instant now) {
        writes.sql(COMPLETE).params(completion(claim.tenant(), claim.key(), StoredResponse.ok(body), now)).defer();
    }

    /** Stores the response; called inside the request's own transaction so both commit together. */
    void complete(Tenant tenant, String key, StoredResponse response, Instant now) {
        jdbc.sql(COMPLETE).params(completion(tenant, key, response, now)).update();
    }

    private static Map<String, @Nullable Object> completion(Tenant tenant, String key, StoredResponse response, Instant now) {
        Map<String, @Nullable Object> params = new HashMap<>();
        params.put("account", tenant.accountId());
        params.put("livemode", tenant.livemode());
        params.put("key", key);
        params.put("status", response.status());
        params.put("contentType", response.contentType());
        params.put("body", response.body());
        params.put("now", Timestamp.from(now));
        return params;
    }

    private static final String BIND = """
            UPDATE idempotency_keys
            SET resource_type = :type,
                resource_id = :id
            WHERE account_id = :account
              AND livemode = :livemode
              AND idempotency_key = :key
              AND state = 'in_flight'
            """;

    /** Ties the key to the object its request's committed work is about; in that work's transaction. */
    public void bind(Claim claim, String type, String id) {
        writes.sql(BIND)
                .param("account", claim.tenant().accountId())
                .param("livemode", claim.tenant().livemode())
                .param("key", claim.key())
                .param("type", type)
                .param("id", id)
                .defer();
    }

    private static final String RELEASE = """
            DELETE FROM idempotency_keys
            WHERE account_id = :account
              AND livemode = :livemode
              AND idempotency_key = :key
              AND state = 'in_flight'
              AND resource_id IS NULL
            """;

    private static final String END_LEASE = """
            UPDATE idempotency_keys
            SET locked_until = :now
            WHERE account_id = :account
              AND livemode = :livemode
              AND idempotency_key = :key
              AND state = 'in_flight'
            """;

    /**
     * After a request failed on the server's side: a key whose request committed nothing is
     * forgotten, so a retry runs again; a key bound to committed work keeps it, and its lease
     * ends now, so a retry answers at once with that work's object.
     */
    void release(Tenant tenant, String key, Instant now) {
        int forgotten = jdbc.sql(RELEASE)
                .param("account", tenant.accountId())
                .param("livemode", tenant.livemode())
                .param("key", key)
                .update();
        if (forgotten == 0) {
            jdbc.sql(END_LEASE)
                    .param("account", tenant.accountId())
                    .param("livemode", tenant.livemode())
                    .param("key", key)
                    .param("now", Timestamp.from(now))
                    .update();
        }
    }

    private static final String PURGE = """
            DELETE FROM idempotency_keys
            WHERE created_at < :cutoff
            """;

    int purgeOlderThan(Instant cutoff) {
        return jdbc.sql(PURGE).param("cutoff", Timestamp.from(cutoff)).update();
    }
}
