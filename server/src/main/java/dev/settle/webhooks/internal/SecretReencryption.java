package dev.settle.webhooks.internal;

import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Moves endpoint signing secrets to the primary secrets key: seals those an earlier version stored
 * in the clear, and re-seals those sealed under an earlier key. Run by the upgrade migration
 * ({@link SealSecretsMigration}) and, after a key rotation, by a recurring job
 * ({@link SecretReencryptionJob}); the earlier key keeps opening what is not moved yet, so
 * deliveries sign without a pause.
 */
@Component
class SecretReencryption {

    static final int BATCH = 500;

    private final SealedSecrets sealed;

    SecretReencryption(SealedSecrets sealed) {
        this.sealed = sealed;
    }

    private record Row(String id, String accountId, @Nullable String secret, @Nullable String previous) {
    }

    private static final String NOT_UNDER_PRIMARY = """
            SELECT id, account_id, secret, previous_secret
            FROM webhooks_endpoints
            WHERE (secret IS NOT NULL AND NOT starts_with(secret, :prefix))
               OR (previous_secret IS NOT NULL AND NOT starts_with(previous_secret, :prefix))
            ORDER BY id
            LIMIT :batch
            FOR UPDATE SKIP LOCKED
            """;

    private static final String RESEAL = """
            UPDATE webhooks_endpoints
            SET secret = :secret,
                previous_secret = :previous
            WHERE id = :id
            """;

    /**
     * One batch, in the caller's transaction (the rows stay locked until it ends, so a rotation
     * of the same endpoint waits); returns how many rows were moved.
     */
    int batch(JdbcClient jdbc) {
        List<Row> rows = jdbc.sql(NOT_UNDER_PRIMARY)
                .param("prefix", sealed.primaryPrefix())
                .param("batch", BATCH)
                .query((rs, n) -> new Row(rs.getString("id"), rs.getString("account_id"), rs.getString("secret"),
                        rs.getString("previous_secret")))
                .list();
        for (Row row : rows) {
            jdbc.sql(RESEAL)
                    .param("id", row.id())
                    .param("secret", sealed.reseal(row.secret(), row.id(), row.accountId()))
                    .param("previous", sealed.reseal(row.previous(), row.id(), row.accountId()))
                    .update();
        }
        return rows.size();
    }
}
