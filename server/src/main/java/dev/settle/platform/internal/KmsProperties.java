package dev.settle.platform.internal;

import java.net.URI;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code settle.secrets.kms.*}: secrets keys wrapped by AWS KMS (docs/security.md, "Keys in AWS").
 *
 * @param keyId    {@code SETTLE_KMS_KEY_ID}: the KMS key (id, ARN or alias) the secrets keys are
 *                 wrapped under. Set, every configured secrets key is a KMS ciphertext; unset, they
 *                 are plain base64 keys
 * @param region   the key's region; empty = the AWS SDK's default (AWS_REGION, the instance's)
 * @param endpoint a KMS endpoint other than the region's public one (a VPC endpoint's, a FIPS one)
 */
@ConfigurationProperties("settle.secrets.kms")
record KmsProperties(@Nullable String keyId, @Nullable String region, @Nullable URI endpoint) {

    boolean enabled() {
        return keyId != null && !keyId.isBlank();
    }
}
