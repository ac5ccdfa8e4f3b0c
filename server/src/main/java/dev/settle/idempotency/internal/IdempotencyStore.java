package dev.settle.idempotency.internal;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.settle.shared.BatchedDelete;
import dev.settle.platform.SecretBox;
import dev.settle.platform.WriteBehind;
import dev.settle.tenancy.AccountId;
import dev.settle.tenancy.Tenant;

/**
 * The {@code idempotency_keys} table. A claim's row is inserted with the first work its request
 * commits (see {@link ClaimWriter}); it is then bound, completed, released, looked up and purged.
 */
@Repository
class IdempotencyStore {

    private static final byte[] SEALED = "sbx1.".getBytes(StandardCharsets.US_ASCII);

    private final JdbcClient jdbc;
    private final WriteBehind writes;
    private final SecretBox box;

    IdempotencyStore(JdbcClient jdbc, WriteBehind writes, SecretBox box) {
        this.jdbc = jdbc;
        this.writes = writes;
        this.box = box;
    }

    record Fingerprint(String method, String path, byte[] hash) {

        boolean matches(Fingerprint other) {
            return method.equals(other.method) && path.equals(other.path) && Arrays.equals(hash, other.hash);
        }
    }

    /**
     * An answer to store. One that shows a secret (a new webhook signing secret) is stored sealed by
     * {@link SecretBox}, bound to its key, and opened again to be replayed: the client that retries
     * gets the secret it would otherwise have lost, and nobody reading the table does.
     */
    record StoredResponse(int status, @Nullable String contentType, byte[] body, boolean showsSecret) {

        StoredResponse(int status, @Nullable String contentType, byte[] body) {
            this(status, contentType, body, false);
        }

        /** A {@code 200} with a JSON body: the answer recorded for a request's object. */
        static StoredResponse ok(byte[] json) {
            return new StoredResponse(200, MediaType.APPLICATION_JSON_VALUE, json);
        }
    }

    record Row(Fingerprint fingerprint, boolean completed, @Nullable Instant lockedUntil, @Nullable StoredResponse response,
            @Nullable String resourceType, @Nullable String resourceId) {
    }

    private static final String INSERT_CLAIM = """
            INSERT INTO idempotency_keys (account_id, livemode, idempotency_key, request_method, request_path,
                                          request_hash, state, locked_until, resource_type, resource_id, created_at)
            VALUES (:account, :livemode, :key, :method, :path, :hash, 'in_flight', :lockedUntil, :type, :id, :created)
            """;

    /**
     * The claim's first row, in flight and bound to the work it commits with; deferred to the
     * current transaction's COMMIT, which fails if the key is taken.
     */
    void insertClaim(Claim claim) {
        writes.sql(INSERT_CLAIM).params(row(claim)).param("lockedUntil", Timestamp.from(claim.lockedUntil())).defer();
    }

    private static final String INSERT_COMPLETED = """
            INSERT INTO idempotency_keys (account_id, livemode, idempotency_key, request_method, request_path,
                                          request_hash, state, response_status, response_content_type, response_body,
                                          resource_type, resource_id, created_at, completed_at)
            VALUES (:account, :livemode, :key, :method, :path, :hash, 'completed', :status, :contentType, :body,
                    :type, :id, :created, :now)
            """;

    /** The claim's first row, holding the answer; deferred to the current transaction's COMMIT, which fails if the key is taken. */
    void insertCompleted(Claim claim, StoredResponse response, Instant now) {
        writes.sql(INSERT_COMPLETED).params(row(claim)).params(answer(response, now, claim.tenant(), claim.key())).defer();
    }

    /**
     * Stores the answer of a claim that has no row, at once (its request wrote nothing: an
     * error); false when the key was taken meanwhile.
     */
    boolean insertCompletedIfAbsent(Claim claim, StoredResponse response, Instant now) {
        return jdbc.sql(INSERT_COMPLETED + "ON CONFLICT (account_id, livemode, idempotency_key) DO NOTHING\n")
                .params(row(claim)).params(answer(response, now, claim.tenant(), claim.key())).update() == 1;
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
                .params(keyOf(tenant, key))
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
                .params(keyOf(tenant, key))
                .query((rs, n) -> {
                    boolean completed = rs.getString("state").equals("completed");
                    Timestamp lockedUntil = rs.getTimestamp("locked_until");
                    return new Row(
                            new Fingerprint(rs.getString("request_method"), rs.getString("request_path"), rs.getBytes("request_hash")),
                            completed,
                            lockedUntil == null ? null : lockedUntil.toInstant(),
                            completed ? new StoredResponse(rs.getInt("response_status"), rs.getString("response_content_type"),
                                    body(rs.getBytes("response_body"), tenant, key)) : null,
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

    /** Stores the answer of a claim whose row is in flight, with the current transaction's COMMIT. */
    void complete(Claim claim, StoredResponse response, Instant now) {
        writes.sql(COMPLETE).params(keyOf(claim.tenant(), claim.key())).params(answer(response, now, claim.tenant(), claim.key())).defer();
    }

    /** Stores the answer of a claim whose row is in flight, at once. */
    void completeNow(Tenant tenant, String key, StoredResponse response, Instant now) {
        jdbc.sql(COMPLETE).params(keyOf(tenant, key)).params(answer(response, now, tenant, key)).update();
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

    /** Ties a claim whose row exists to the object its request's work is about; with that work's COMMIT. */
    void bind(Claim claim, String type, String id) {
        writes.sql(BIND).params(keyOf(claim.tenant(), claim.key())).param("type", type).param("id", id).defer();
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
        int forgotten = jdbc.sql(RELEASE).params(keyOf(tenant, key)).update();
        if (forgotten == 0) {
            jdbc.sql(END_LEASE).params(keyOf(tenant, key)).param("now", Timestamp.from(now)).update();
        }
    }

    private static final String SEALED_UNDER_EARLIER_KEY = """
            SELECT account_id, livemode, idempotency_key, response_body
            FROM idempotency_keys
            WHERE substring(response_body FROM 1 FOR 5) = CAST('sbx1.' AS bytea)
              AND substring(response_body FROM 1 FOR :prefixLength) <> :prefix
            LIMIT :batch
            FOR UPDATE SKIP LOCKED
            """;

    private static final String RESEAL = """
            UPDATE idempotency_keys
            SET response_body = :body
            WHERE account_id = :account
              AND livemode = :livemode
              AND idempotency_key = :key
            """;

    static final int RESEAL_BATCH = 500;

    /**
     * Re-seals, under the primary secrets key, one batch of stored answers sealed under an earlier
     * one (in the caller's transaction); returns how many.
     */
    int resealBatch() {
        byte[] prefix = box.primaryPrefix().getBytes(StandardCharsets.US_ASCII);
        record Sealed(Tenant tenant, String key, byte[] body) {
        }
        List<Sealed> rows = jdbc.sql(SEALED_UNDER_EARLIER_KEY)
                .param("prefix", prefix)
                .param("prefixLength", prefix.length)
                .param("batch", RESEAL_BATCH)
                .query((rs, n) -> new Sealed(new Tenant(new AccountId(rs.getString("account_id")), rs.getBoolean("livemode")),
                        rs.getString("idempotency_key"), rs.getBytes("response_body")))
                .list();
        for (Sealed row : rows) {
            byte[] body = body(row.body(), row.tenant(), row.key());
            jdbc.sql(RESEAL)
                    .params(keyOf(row.tenant(), row.key()))
                    .param("body", box.sealBytes(body, context(row.tenant(), row.key())).getBytes(StandardCharsets.US_ASCII))
                    .update();
        }
        return rows.size();
    }

    private static final String PURGE = """
            DELETE FROM idempotency_keys
            WHERE ctid = ANY (ARRAY(SELECT ctid
                                    FROM idempotency_keys
                                    WHERE created_at < :cutoff
                                    ORDER BY created_at
                                    LIMIT :batch))
            """;

    /** Keys purged per statement: each is short, so the purge never nears a statement timeout nor holds many locks. */
    static final int PURGE_BATCH = 5_000;

    /** Forgets keys created before {@code cutoff}, a batch per statement; returns how many. */
    int purgeOlderThan(Instant cutoff) {
        return (int) BatchedDelete.untilDone(PURGE_BATCH,
                () -> jdbc.sql(PURGE).param("cutoff", Timestamp.from(cutoff)).param("batch", PURGE_BATCH).update());
    }

    private static Map<String, @Nullable Object> keyOf(Tenant tenant, String key) {
        Map<String, @Nullable Object> params = new HashMap<>();
        params.put("account", tenant.accountId());
        params.put("livemode", tenant.livemode());
        params.put("key", key);
        return params;
    }

    private static Map<String, @Nullable Object> row(Claim claim) {
        Map<String, @Nullable Object> params = keyOf(claim.tenant(), claim.key());
        params.put("method", claim.fingerprint().method());
        params.put("path", claim.fingerprint().path());
        params.put("hash", claim.fingerprint().hash());
        params.put("type", claim.resourceType());
        params.put("id", claim.resourceId());
        params.put("created", Timestamp.from(claim.created()));
        return params;
    }

    private Map<String, @Nullable Object> answer(StoredResponse response, Instant now, Tenant tenant, String key) {
        Map<String, @Nullable Object> params = new HashMap<>();
        params.put("status", response.status());
        params.put("contentType", response.contentType());
        params.put("body", response.showsSecret()
                ? box.sealBytes(response.body(), context(tenant, key)).getBytes(StandardCharsets.US_ASCII)
                : response.body());
        params.put("now", Timestamp.from(now));
        return params;
    }

    private byte[] body(byte[] stored, Tenant tenant, String key) {
        if (stored.length < SEALED.length || !Arrays.equals(stored, 0, SEALED.length, SEALED, 0, SEALED.length)) {
            return stored;
        }
        return box.openBytes(new String(stored, StandardCharsets.US_ASCII), context(tenant, key));
    }

    private static String context(Tenant tenant, String key) {
        return "idempotency_keys/" + tenant.accountId() + "/" + tenant.livemode() + "/" + key;
    }
}
