package dev.settle.ratelimits.internal;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * {@code redis} in {@code /actuator/health}: UP when it answers a PING within the command timeout,
 * else DEGRADED, not DOWN: the node still serves every request (the limits fail open), and a load
 * balancer must not take every node out because their shared Redis went away.
 */
final class RedisHealth implements HealthIndicator {

    static final Status DEGRADED = new Status("DEGRADED", "Redis does not answer: rate limits are not enforced (fail open)");

    private final RedisConnector redis;

    RedisHealth(RedisConnector redis) {
        this.redis = redis;
    }

    @Override
    public Health health() {
        try {
            redis.ping();
            return Health.up().withDetail("address", redis.address()).build();
        } catch (RuntimeException e) {
            return Health.status(DEGRADED).withDetail("address", redis.address()).withDetail("error", e.toString()).build();
        }
    }
}
