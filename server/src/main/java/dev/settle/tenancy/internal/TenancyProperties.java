package dev.settle.tenancy.internal;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code settle.tenancy.*}.
 *
 * @param operatorToken {@code SETTLE_OPERATOR_TOKEN}: bearer token for the operator API
 *                      ({@code /v1/accounts}). Generated on first start in embedded mode.
 * @param keyPepper     {@code SETTLE_KEY_PEPPER}: the server-side secret API keys are hashed
 *                      under. Generated on first start in embedded mode. Changing it
 *                      invalidates every key.
 */
@ConfigurationProperties("settle.tenancy")
public record TenancyProperties(@Nullable String operatorToken, @Nullable String keyPepper) {
}
