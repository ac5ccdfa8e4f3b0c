package dev.settle.platform;

import java.time.Duration;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code settle.secrets.*}: the keys secrets are encrypted with at rest (docs/security.md).
 *
 * @param key          {@code SETTLE_SECRETS_KEY}: base64 of 32 random bytes, the primary key new
 *                     secrets are sealed with. Generated on first start in embedded mode (kept in
 *                     {@code <data-dir>/secrets.properties}); required with an external database.
 * @param keyId        {@code SETTLE_SECRETS_KEY_ID}: the primary key's id, written beside every
 *                     value it seals (letters, digits, {@code _}, {@code -})
 * @param previousKeys id → base64 key: earlier keys, which still open what they sealed until the
 *                     re-encryption has moved every value to the primary key
 * @param reencryptInterval how often values sealed under another key than the primary (or stored
 *                     in the clear by an earlier version) are re-encrypted, on one node
 */
@ConfigurationProperties("settle.secrets")
public record SecretsProperties(
        @Nullable String key,
        @DefaultValue("k1") String keyId,
        @DefaultValue Map<String, String> previousKeys,
        @DefaultValue("1m") Duration reencryptInterval) {
}
