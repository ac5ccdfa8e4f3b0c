package dev.settle.ratelimits.internal;

import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.settle.ratelimits.RateLimitClock;
import dev.settle.ratelimits.RateLimiter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * With {@code SETTLE_REDIS_URI} set: the rate limits in Redis, shared by every node, and Redis in
 * {@code /actuator/health}. A node refuses to start when Redis does not answer then, so a wrong
 * address is seen at once; once running, an outage fails open ({@link RedisRateLimiter}).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("!'${settle.redis.uri:}'.isBlank()")
class RedisConfiguration {

    @Bean
    RedisConnector redisConnector(RedisProperties redis) {
        RedisConnector connector = new RedisConnector(redis.uri(), redis.commandTimeout());
        try {
            connector.ping();
        } catch (RuntimeException e) {
            connector.close();
            throw new IllegalStateException("SETTLE_REDIS_URI is set, but Redis at " + connector.address()
                    + " does not answer (" + e + "). Start Redis or fix the address; unset SETTLE_REDIS_URI "
                    + "to keep the rate limits in each node's memory.", e);
        }
        return connector;
    }

    @Bean
    @ConditionalOnMissingBean
    RateLimiter rateLimiter(RedisConnector redis, RateLimitClock clock, MeterRegistry meters) {
        return new RedisRateLimiter(redis, clock, meters);
    }

    @Bean
    RedisHealth redisHealthIndicator(RedisConnector redis) {
        return new RedisHealth(redis);
    }
}
