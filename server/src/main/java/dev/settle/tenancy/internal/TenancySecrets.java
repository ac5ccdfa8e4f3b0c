package dev.settle.tenancy.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Properties;

import org.springframework.stereotype.Component;

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
        Properties stored = settle.embedded() ? load(settle.dataDir().resolve("secrets.properties")) : new Properties();
        String token = firstNonBlank(tenancy.operatorToken(), stored.getProperty("operator-token"));
        String pepper = firstNonBlank(tenancy.keyPepper(), stored.getProperty("key-pepper"));
        if (!settle.embedded() && (token == null || pepper == null)) {
            throw new IllegalStateException(
                    "With SETTLE_DATABASE_URL set, SETTLE_OPERATOR_TOKEN and SETTLE_KEY_PEPPER must be set too "
                            + "(each a long random string, the same on every node).");
        }
        boolean changed = false;
        this.generatedOperatorToken = token == null;
        if (token == null) {
            token = "op_" + Ids.randomBase62(40);
            stored.setProperty("operator-token", token);
            changed = true;
        }
        if (pepper == null) {
            pepper = Ids.randomBase62(48);
            stored.setProperty("key-pepper", pepper);
            changed = true;
        }
        if (changed && settle.embedded()) {
            save(settle.dataDir().resolve("secrets.properties"), stored);
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

    private static Properties load(Path file) {
        Properties properties = new Properties();
        if (Files.exists(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                properties.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + file, e);
            }
        }
        return properties;
    }

    private static void save(Path file, Properties properties) {
        try {
            Files.createDirectories(file.getParent());
            if (!Files.exists(file)) {
                Files.createFile(file);
            }
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system; the file stays with default permissions
            }
            try (OutputStream out = Files.newOutputStream(file)) {
                properties.store(out, "Settle embedded-mode secrets. Keep private; losing the key pepper invalidates every API key.");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }
}
