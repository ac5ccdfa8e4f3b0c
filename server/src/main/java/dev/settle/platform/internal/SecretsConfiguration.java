package dev.settle.platform.internal;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.settle.platform.SecretKeys;
import dev.settle.platform.SecretsProperties;
import dev.settle.platform.SettleProperties;

/**
 * The secrets keys from configuration. A KMS-backed {@link SecretKeys} would be defined here instead
 * (docs/security.md, "Keys in AWS").
 */
@Configuration(proxyBeanMethods = false)
class SecretsConfiguration {

    @Bean
    SecretKeys configuredSecretKeys(SecretsProperties properties, SettleProperties settle) {
        return new ConfiguredSecretKeys(properties, settle);
    }
}
