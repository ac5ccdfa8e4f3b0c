package dev.settle.tenancy.internal;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import org.springframework.stereotype.Component;

import dev.settle.platform.EmbeddedSecretsFile;
import dev.settle.platform.SettleProperties;
import dev.settle.shared.Ids;

/**
 * The operator token and the key pepper. Taken from configuration when given; in embedded
 * mode, generated once and kept in {@code <data-dir>/secrets.properties} (mode 0600) so keys
 * stay valid across restarts. With an external database both must be configured, so every
 * node of a cluster agrees on them.
 */
@Component
class TenancySecrets {

    private final String operatorToken;
    private final byte[] keyPepper;
    private final boolean generatedOperatorToken;

    TenancySecrets(TenancyProperties tenancy, SettleProperties settle) {
        Path file = EmbeddedSecretsFile.of(settle);
        Properties stored = settle.embedded() ? EmbeddedSecretsFile.load(file) : new Properties();
        String token = firstNonBlank(tenancy.operatorToken(), stored.getProperty("operator-token"));
        String pepper = firstNonBlank(tenancy.keyPepper(), stored.getProperty("key-pepper"));
        if (!settle.embedded() && (token == null || pepper == null)) {
            throw new IllegalStateException(
                    "With SETTLE_DATABASE_URL set, SETTLE_OPERATOR_TOKEN and SETTLE_KEY_PEPPER must be set too "
                            + "(each a long random string, the same on every node).");
        }
        Map<String, String> generated = new HashMap<>();
        this.generatedOperatorToken = token == null;
        if (token == null) {
            token = "op_" + Ids.randomBase62(40);
            generated.put("operator-token", token);
        }
        if (pepper == null) {
            pepper = Ids.randomBase62(48);
            generated.put("key-pepper", pepper);
        }
        if (!generated.isEmpty() && settle.embedded()) {
            EmbeddedSecretsFile.put(file, generated);
        }
        this.operatorToken = token;
        this.keyPepper = pepper.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    String operatorToken() {
        return operatorToken;
    }

    byte[] keyPepper() {
        return keyPepper.clone();
    }

    boolean generatedOperatorToken() {
        return generatedOperatorToken;
    }

    private static String firstNonBlank(String configured, String stored) {
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        return stored != null && !stored.isBlank() ? stored : null;
    }
}
