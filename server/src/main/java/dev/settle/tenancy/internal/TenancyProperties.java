package dev.settle.tenancy.internal;

import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code settle.tenancy.*}.
 *
 * @param operatorToken {@code SETTLE_OPERATOR_TOKEN}: bearer token for the operator API
 *                      ({@code /v1/accounts}). Generated on first start in embedded mode.
 * @param keyPepper     {@code SETTLE_KEY_PEPPER}: the server-side secret API keys are hashed
 *                      under. Generated on first start in embedded mode. Changing it
 *                      invalidates every key.
 * @param keyCacheTtl   how long a node keeps a key it looked up (0 = look up every request).
 *                      A key revoked on another node keeps working here at most this long.
 * @param streamTokenTtl how long a stream token ({@code POST /v1/stream_tokens}) can open a stream
 */
@ConfigurationProperties("settle.tenancy")
public record TenancyProperties(@Nullable String operatorToken, @Nullable String keyPepper,
        @DefaultValue("1s") Duration keyCacheTtl, @DefaultValue("60s") Duration streamTokenTtl) {
}
