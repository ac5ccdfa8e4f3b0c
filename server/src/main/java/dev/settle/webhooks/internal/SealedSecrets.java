package dev.settle.webhooks.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

import dev.settle.platform.SecretBox;

/**
 * Endpoint signing secrets as stored: sealed by {@link SecretBox}, bound to the endpoint's row (its
 * id and account), so a sealed secret moved to another endpoint does not open. Values an earlier
 * version stored in the clear are still read, until the re-encryption ({@link SecretReencryption})
 * has sealed them.
 */
@Component
class SealedSecrets {

    private final SecretBox box;

    SealedSecrets(SecretBox box) {
        this.box = box;
    }

    String seal(String secret, String endpointId, String accountId) {
        return box.seal(secret, context(endpointId, accountId));
    }

    @Nullable String open(@Nullable String stored, String endpointId, String accountId) {
        if (stored == null) {
            return null;
        }
        return SecretBox.isSealed(stored) ? box.open(stored, context(endpointId, accountId)) : stored;
    }

    /** The current (and previous) secret of the row {@code rs} is on, or null when it has none (deleted). */
    @Nullable SigningSecrets read(ResultSet rs, String endpointId, String accountId) throws SQLException {
        String current = open(rs.getString("secret"), endpointId, accountId);
        if (current == null) {
            return null;
        }
        Timestamp previousExpires = rs.getTimestamp("previous_secret_expires_at");
        return new SigningSecrets(current, open(rs.getString("previous_secret"), endpointId, accountId),
                previousExpires == null ? null : previousExpires.toInstant());
    }

    /** The stored value re-sealed under the primary key; unchanged when it already is (or is null). */
    @Nullable String reseal(@Nullable String stored, String endpointId, String accountId) {
        if (stored == null || box.sealedWithPrimary(stored)) {
            return stored;
        }
        return seal(open(stored, endpointId, accountId), endpointId, accountId);
    }

    String primaryPrefix() {
        return box.primaryPrefix();
    }

    private static String context(String endpointId, String accountId) {
        return "webhooks_endpoints/" + endpointId + "/" + accountId;
    }
}
