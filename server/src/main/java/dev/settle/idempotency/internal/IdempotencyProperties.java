package dev.settle.idempotency.internal;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code settle.idempotency.*}.
 *
 * @param retention how long a key is remembered (at least 24 h; keys older are purged hourly)
 * @param lease     how long a claimed key counts as in flight; a request still unfinished after
 *                  this (its node died) may be retried, safely, because its writes rolled back
 */
@ConfigurationProperties("settle.idempotency")
public record IdempotencyProperties(
        @DefaultValue("24h") Duration retention,
        @DefaultValue("60s") Duration lease) {

    public IdempotencyProperties {
        if (retention.compareTo(Duration.ofHours(24)) < 0) {
            throw new IllegalArgumentException("settle.idempotency.retention must be at least 24h");
        }
    }
}
