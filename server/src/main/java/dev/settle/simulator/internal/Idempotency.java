package dev.settle.simulator.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import dev.settle.shared.InvalidRequestException;
import dev.settle.shared.UnprocessableException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs a POST once per {@code Idempotency-Key}. The key row is inserted in the same transaction
 * as the work, so a concurrent duplicate blocks on it and, once the first commits, replays the
 * stored answer; if the work fails, the row goes with it and the key can be tried again.
 */
final class Idempotency {

    static final int MAX_KEY_LENGTH = 255;

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final JsonMapper json;
    private final Clock clock;

    Idempotency(JdbcClient jdbc, TransactionTemplate transactions, JsonMapper json, Clock clock) {
        this.jdbc = jdbc;
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
        return transactions.execute(status -> claim(key, hash) ? complete(key, work.get()) : replay(key, hash));
    }

    private static final String CLAIM = """
            INSERT INTO simulator.idempotency_keys (idempotency_key, request_hash, created_at)
            VALUES (:key, :hash, :now)
            ON CONFLICT (idempotency_key) DO NOTHING
            """;

    private boolean claim(String key, byte[] hash) {
        return jdbc.sql(CLAIM)
                .param("key", key)
                .param("hash", hash)
                .param("now", Timestamp.from(clock.instant()))
                .update() == 1;
    }

    private static final String COMPLETE = """
            UPDATE simulator.idempotency_keys
            SET response_status = :status,
                response_body = :body
            WHERE idempotency_key = :key
            """;

    private Reply complete(String key, Reply reply) {
        jdbc.sql(COMPLETE)
                .param("key", key)
                .param("status", reply.status())
                .param("body", reply.body())
                .update();
        return reply;
    }

    private static final String FIND = """
            SELECT request_hash, response_status, response_body
            FROM simulator.idempotency_keys
            WHERE idempotency_key = :key
            """;

    private Reply replay(String key, byte[] hash) {
        return jdbc.sql(FIND)
                .param("key", key)
                .query((rs, row) -> {
                    if (!Arrays.equals(rs.getBytes("request_hash"), hash)) {
                        throw new UnprocessableException("idempotency_key_reused",
                                "This Idempotency-Key was already used with other parameters or for another request.", null);
                    }
                    return new Reply(rs.getInt("response_status"), rs.getString("response_body"), Duration.ZERO, true);
                })
                .optional()
                .orElseThrow(() -> new IllegalStateException("Idempotency key conflicted but is gone"));
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
