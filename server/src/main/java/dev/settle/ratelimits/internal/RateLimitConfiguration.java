package dev.settle.ratelimits.internal;

import java.time.Clock;
import java.time.Instant;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.settle.ratelimits.RateLimitClock;
import dev.settle.ratelimits.RateLimiter;

/** The in-memory limiter unless another {@link RateLimiter} (a shared one) is defined; time from Settle's clock. */
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
    RateLimiter rateLimiter(RateLimitClock clock) {
        return new InMemoryRateLimiter(clock);
    }
}
