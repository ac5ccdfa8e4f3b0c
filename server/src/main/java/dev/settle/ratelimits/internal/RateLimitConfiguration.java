package dev.settle.ratelimits.internal;

import java.time.Clock;
import java.time.Instant;

import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.settle.ratelimits.RateLimitClock;
import dev.settle.ratelimits.RateLimiter;

/**
 * The in-memory limiter unless {@code SETTLE_REDIS_URI} is set ({@link RedisConfiguration}) or
 * another {@link RateLimiter} is defined; time from Settle's clock.
 */
@Configuration(proxyBeanMethods = false)
class RateLimitConfiguration {

    @Bean
    @ConditionalOnMissingBean
    RateLimitClock rateLimitClock(Clock clock) {
        return () -> {
            Instant now = clock.instant();
            return now.getEpochSecond() * 1_000_000_000L + now.getNano();
        };
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnExpression("'${settle.redis.uri:}'.isBlank()")
    RateLimiter rateLimiter(RateLimitClock clock) {
        return new InMemoryRateLimiter(clock);
    }
}
