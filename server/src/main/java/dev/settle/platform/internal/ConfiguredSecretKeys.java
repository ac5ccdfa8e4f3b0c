package dev.settle.platform.internal;

import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;

import dev.settle.platform.EmbeddedSecretsFile;
import dev.settle.platform.SecretBox;
import dev.settle.platform.SecretKeys;
import dev.settle.platform.SecretsProperties;
import dev.settle.platform.SettleProperties;

/**
 * The secrets keys from configuration: the primary ({@code settle.secrets.key}) and earlier ones
 * ({@code settle.secrets.previous-keys}). In embedded mode without a configured key, one is
 * generated on first start and kept in the data folder; a kept key stays readable after a key
 * is configured, so its values are re-encrypted rather than lost.
 */
final class ConfiguredSecretKeys implements SecretKeys {

    private static final String STORED_KEY = "secrets-key";
    private static final String STORED_ID = "secrets-key-id";

    private final String primaryId;
    private final Map<String, SecretKey> keys = new HashMap<>();

    ConfiguredSecretKeys(SecretsProperties properties, SettleProperties settle) {
        Properties stored = settle.embedded() ? EmbeddedSecretsFile.load(EmbeddedSecretsFile.of(settle)) : new Properties();
        properties.previousKeys().forEach(this::add);
        String storedKey = stored.getProperty(STORED_KEY);
        String storedId = stored.getProperty(STORED_ID, properties.keyId());
        if (blank(properties.key())) {
            if (!settle.embedded()) {
                throw new IllegalStateException("With SETTLE_DATABASE_URL set, SETTLE_SECRETS_KEY must be set too "
                        + "(base64 of 32 random bytes, e.g. `openssl rand -base64 32`, the same on every node).");
            }
            if (storedKey == null) {
                storedKey = Base64.getEncoder().encodeToString(AesKeys.random().getEncoded());
                storedId = properties.keyId();
                EmbeddedSecretsFile.put(EmbeddedSecretsFile.of(settle), Map.of(STORED_KEY, storedKey, STORED_ID, storedId));
            }
            primaryId = storedId;
            add(storedId, storedKey);
        } else {
            primaryId = properties.keyId();
            add(primaryId, properties.key());
            if (storedKey != null && !keys.containsKey(storedId)) {
                add(storedId, storedKey);
            }
        }
    }

    private void add(String id, @Nullable String base64) {
        if (!SecretBox.validKeyId(id)) {
            throw new IllegalStateException("A secrets key id must be 1 to 32 letters, digits, '_' or '-': " + id);
        }
        SecretKey key = AesKeys.fromBase64(id, base64);
        SecretKey earlier = keys.putIfAbsent(id, key);
        if (earlier != null && !java.security.MessageDigest.isEqual(earlier.getEncoded(), key.getEncoded())) {
            throw new IllegalStateException("Two different secrets keys have the id " + id + ". Give the new key another id "
                    + "(SETTLE_SECRETS_KEY_ID): the earlier one keeps its id and stays readable until re-encryption is done.");
        }
    }

    private static boolean blank(@Nullable String value) {
        return value == null || value.isBlank();
    }

    @Override
    public String primaryId() {
        return primaryId;
    }

    @Override
    public Optional<SecretKey> key(String id) {
        return Optional.ofNullable(keys.get(id));
    }

    /** Decoding and making 256-bit AES keys. */
    static final class AesKeys {

        private AesKeys() {
        }

        static SecretKey random() {
            byte[] bytes = new byte[32];
            new java.security.SecureRandom().nextBytes(bytes);
            return new SecretKeySpec(bytes, "AES");
        }

        static SecretKey fromBase64(String id, @Nullable String base64) {
            byte[] bytes;
            try {
                bytes = Base64.getDecoder().decode(base64 == null ? "" : base64.trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("The secrets key " + id + " is not valid base64", e);
            }
            if (bytes.length != 32) {
                throw new IllegalStateException("The secrets key " + id + " must be 32 bytes (256 bits), base64-encoded; it is "
                        + bytes.length);
            }
            return new SecretKeySpec(bytes, "AES");
        }
    }
}
