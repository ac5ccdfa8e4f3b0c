package dev.settle.platform.internal;

import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;

import dev.settle.platform.SecretBox;
import dev.settle.platform.SecretKeys;
import dev.settle.platform.SecretsProperties;

/**
 * The secrets keys, kept in configuration only as KMS ciphertexts (envelope encryption): each
 * configured key ({@code SETTLE_SECRETS_KEY} and every previous one) is the {@code CiphertextBlob}
 * of a 256-bit data key made by KMS {@code GenerateDataKeyWithoutPlaintext} under
 * {@code SETTLE_KMS_KEY_ID}, with the encryption context {@value #CONTEXT_KEY} = the key's id.
 * KMS {@code Decrypt} is called once per key at start; the plain keys then live only in memory.
 * The context binds a ciphertext to its id: a wrapped key relabelled with another id does not
 * decrypt. Rotation works as with plain keys (docs/security.md).
 */
final class KmsSecretKeys implements SecretKeys {

    /** The encryption context's key, whose value is the secrets key's id. */
    static final String CONTEXT_KEY = "settle:secrets-key-id";

    /** One KMS Decrypt call; the SDK's client in production, a stub in tests. */
    interface Unwrapper {
        byte[] decrypt(String kmsKeyId, byte[] ciphertext, Map<String, String> encryptionContext);
    }

    private final String primaryId;
    private final Map<String, SecretKey> keys = new LinkedHashMap<>();

    KmsSecretKeys(SecretsProperties properties, String kmsKeyId, Unwrapper kms) {
        if (properties.key() == null || properties.key().isBlank()) {
            throw new IllegalStateException("With SETTLE_KMS_KEY_ID set, SETTLE_SECRETS_KEY must be the KMS ciphertext of the "
                    + "secrets key (aws kms generate-data-key-without-plaintext; docs/deploy-aws.md)");
        }
        primaryId = properties.keyId();
        add(primaryId, properties.key(), kmsKeyId, kms);
        properties.previousKeys().forEach((id, wrapped) -> add(id, wrapped, kmsKeyId, kms));
    }

    private void add(String id, @Nullable String wrapped, String kmsKeyId, Unwrapper kms) {
        if (!SecretBox.validKeyId(id)) {
            throw new IllegalStateException("A secrets key id must be 1 to 32 letters, digits, '_' or '-': " + id);
        }
        if (keys.containsKey(id)) {
            return; // the primary listed again among the previous keys
        }
        byte[] ciphertext;
        try {
            ciphertext = Base64.getDecoder().decode(wrapped == null ? "" : wrapped.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("The wrapped secrets key " + id + " is not valid base64", e);
        }
        byte[] plain;
        try {
            plain = kms.decrypt(kmsKeyId, ciphertext, Map.of(CONTEXT_KEY, id));
        } catch (RuntimeException e) {
            throw new IllegalStateException("KMS could not unwrap the secrets key " + id + " under " + kmsKeyId
                    + " (wrapped under another key, or with another id as its encryption context " + CONTEXT_KEY
                    + "?): " + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
        try {
            if (plain.length != 32) {
                throw new IllegalStateException("The secrets key " + id + " unwrapped by KMS is " + plain.length
                        + " bytes; it must be 32 (--key-spec AES_256)");
            }
            keys.put(id, new SecretKeySpec(plain, "AES"));
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    @Override
    public String primaryId() {
        return primaryId;
    }

    @Override
    public Optional<SecretKey> key(String id) {
        return Optional.ofNullable(keys.get(id));
    }
}
