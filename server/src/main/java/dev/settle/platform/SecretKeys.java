package dev.settle.platform;

import java.util.Optional;

import javax.crypto.SecretKey;

/**
 * Where the keys that encrypt secrets at rest come from ({@link SecretBox}). The default takes
 * them from configuration ({@code settle.secrets.*}, generated under the data folder when
 * embedded); with {@code SETTLE_KMS_KEY_ID} set, the configured keys are KMS ciphertexts that
 * {@code platform.internal.KmsSecretKeys} unwraps with one KMS {@code Decrypt} each at start
 * (envelope encryption); see docs/security.md, "Keys in AWS".
 */
public interface SecretKeys {

    /** The id of the key new secrets are sealed with. */
    String primaryId();

    /** The 256-bit AES key with this id, if this installation still holds it. */
    Optional<SecretKey> key(String id);
}
