package dev.settle.simulator.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import dev.settle.shared.InvalidRequestException;
import dev.settle.shared.SqlBatch;
import dev.settle.shared.UnprocessableException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs a POST once per {@code Idempotency-Key}. The work runs first and the key row, with the
 * answer, is inserted last in the same transaction. If the key is already there (an earlier
 * request, or a concurrent one that committed first: the insert waits for it), or the work
 * failed while a request with the key has succeeded, this run is rolled back and the stored
 * answer replayed. A run that fails leaves no key, so it can be tried again.
 */
final class Idempotency {

    static final int MAX_KEY_LENGTH = 255;

    private final JdbcClient jdbc;
    private final JdbcTemplate statements;
    private final TransactionTemplate transactions;
    private final JsonMapper json;
    private final Clock clock;

    Idempotency(JdbcClient jdbc, JdbcTemplate statements, TransactionTemplate transactions, JsonMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.statements = statements;
        this.transactions = transactions;
        this.json = json;
        this.clock = clock;
    }

    static String requireKey(@Nullable String header) {
        if (header == null || header.isBlank()) {
            throw new InvalidRequestException("idempotency_key_missing", "This request needs an Idempotency-Key header.", null);
        }
        if (header.length() > MAX_KEY_LENGTH) {
            throw new InvalidRequestException("idempotency_key_invalid",
                    "An Idempotency-Key is at most " + MAX_KEY_LENGTH + " characters long.", null);
        }
        return header;
    }

    /**
     * @param action  what is asked, e.g. {@code POST /v1/charges/sch_1/capture}
     * @param request the parsed, validated parameters; a key reused with others is refused (422)
     */
    Reply run(String key, String action, Object request, Supplier<Reply> work) {
        byte[] hash = fingerprint(action, request);
        Reply done;
        try {
            done = transactions.execute(status -> {
                Reply reply = work.get();
                if (remember(key, hash, reply)) {
                    return reply;
                }
                status.setRollbackOnly();
                return null;
            });
        } catch (RuntimeException failed) {
            // e.g. a retried capture finds the charge already captured: the first answer stands.
            return transactions.execute(status -> find(key, hash)).orElseThrow(() -> failed);
        }
        return done != null ? done : transactions.execute(status -> find(key, hash))
                .orElseThrow(() -> new IllegalStateException("Idempotency key conflicted but is gone"));
    }

    /** What a request that only creates rows made: its answer, its rows, and what to start once they are written. */
    record Created(Reply reply, SqlBatch rows, @Nullable Runnable afterwards) {
    }

    /**
     * Runs a POST that creates rows once per key, in one round trip: the work decides (reading
     * at most) and returns its rows, which are written with the key and its answer as one
     * implicit transaction. If the key is already there (an earlier request, or a concurrent one
     * that committed first: the insert waits for it), that write fails as a whole and the stored
     * answer is replayed; a run that fails leaves no key, so it can be tried again.
     */
    Reply create(String key, String action, Object request, Supplier<Created> work) {
        byte[] hash = fingerprint(action, request);
        Created created;
        try {
            created = work.get();
            SqlBatch rows = created.rows().add(REMEMBER_FIRST, answer(key, hash, created.reply()));
            statements.execute(rows.sql(null), (PreparedStatement statement) -> {
                rows.bind(statement);
                return statement.execute();
            });
        } catch (RuntimeException failed) {
            return transactions.execute(status -> find(key, hash)).orElseThrow(() -> failed);
        }
        if (created.afterwards() != null) {
            created.afterwards().run();
        }
        return created.reply();
    }

    private static final String REMEMBER_FIRST = """
            INSERT INTO simulator.idempotency_keys (idempotency_key, request_hash, response_status, response_body, created_at)
            VALUES (:key, :hash, :status, :body, :now)
            """;

    private Map<String, Object> answer(String key, byte[] hash, Reply reply) {
        return Map.of("key", key, "hash", hash, "status", reply.status(), "body", reply.body(),
                "now", Timestamp.from(clock.instant()));
    }

    private static final String REMEMBER = """
            INSERT INTO simulator.idempotency_keys (idempotency_key, request_hash, response_status, response_body, created_at)
            VALUES (:key, :hash, :status, :body, :now)
            ON CONFLICT (idempotency_key) DO NOTHING
            """;

    /** Stores the key with its answer; false if the key was taken first. */
    private boolean remember(String key, byte[] hash, Reply reply) {
        return jdbc.sql(REMEMBER)
                .param("key", key)
                .param("hash", hash)
                .param("status", reply.status())
                .param("body", reply.body())
                .param("now", Timestamp.from(clock.instant()))
                .update() == 1;
    }

    private static final String FIND = """
            SELECT request_hash, response_status, response_body
            FROM simulator.idempotency_keys
            WHERE idempotency_key = :key
            """;

    private Optional<Reply> find(String key, byte[] hash) {
        return jdbc.sql(FIND)
                .param("key", key)
                .query((rs, row) -> {
                    if (!Arrays.equals(rs.getBytes("request_hash"), hash)) {
                        throw new UnprocessableException("idempotency_key_reused",
                                "This Idempotency-Key was already used with other parameters or for another request.", null);
                    }
                    return new Reply(rs.getInt("response_status"), rs.getString("response_body"), Duration.ZERO, true);
                })
                .optional();
    }

    private byte[] fingerprint(String action, Object request) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update((action + "\n").getBytes(StandardCharsets.UTF_8));
            return sha256.digest(json.writeValueAsBytes(request));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
