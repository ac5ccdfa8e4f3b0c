package dev.settle.platform.internal;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.settle.platform.SecretKeys;
import dev.settle.platform.SecretsProperties;
import dev.settle.platform.SettleProperties;

/**
 * The secrets keys: unwrapped by AWS KMS when {@code SETTLE_KMS_KEY_ID} is set (the configured keys
 * are then KMS ciphertexts), else from configuration as they are (docs/security.md, "Keys in AWS").
 */
@Configuration(proxyBeanMethods = false)
class SecretsConfiguration {

    @Bean
    SecretKeys secretKeys(SecretsProperties properties, SettleProperties settle, KmsProperties kms) {
        if (kms.enabled()) {
            try (SdkKmsUnwrapper unwrapper = SdkKmsUnwrapper.of(kms)) {
                return new KmsSecretKeys(properties, kms.keyId(), unwrapper);
            }
        }
        return new ConfiguredSecretKeys(properties, settle);
    }
}
