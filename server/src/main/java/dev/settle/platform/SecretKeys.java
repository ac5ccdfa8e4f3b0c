package dev.settle.platform;

import java.util.Optional;

import javax.crypto.SecretKey;

/**
 * Where the keys that encrypt secrets at rest come from ({@link SecretBox}). The default takes
 * them from configuration ({@code settle.secrets.*}, generated under the data folder when
 * embedded). This is the point to plug a KMS in: a bean of this type that unwraps data keys with
 * AWS KMS ({@code Decrypt} of wrapped 256-bit keys kept in configuration) replaces the default;
 * see docs/security.md.
 */
public interface SecretKeys {

    /** The id of the key new secrets are sealed with. */
    String primaryId();

    /** The 256-bit AES key with this id, if this installation still holds it. */
    Optional<SecretKey> key(String id);
}
