package dev.settle.ratelimits.internal;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code settle.rate-limits.*}: requests per second.
 *
 * @param enabled  off = no limit anywhere (no headers either)
 * @param live     per live-mode API key, unless its account sets its own
 * @param test     per test-mode API key, unless its account sets its own
 * @param operator for the operator API ({@code /v1/accounts…}), all callers together
 */
@ConfigurationProperties("settle.rate-limits")
record RateLimitProperties(@DefaultValue("true") boolean enabled, @DefaultValue("100") int live, @DefaultValue("25") int test,
        @DefaultValue("100") int operator) {
}
