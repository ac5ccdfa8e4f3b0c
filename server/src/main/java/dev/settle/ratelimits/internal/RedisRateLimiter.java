package dev.settle.ratelimits.internal;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.settle.ratelimits.RateLimitClock;
import dev.settle.ratelimits.RateLimiter;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The same token buckets as {@link InMemoryRateLimiter}, kept in Redis so every node takes from
 * one bucket per key (Bucket4j's compare-and-swap on one Redis key, {@code settle:rl:<name>:<limit>};
 * a changed limit is a new key, a full bucket, and the old one expires a few seconds after its last
 * write). Time comes from {@link RateLimitClock}, the nodes' wall clocks, so the nodes must keep
 * NTP time.
 *
 * <p>Redis down, slow or paused fails open: the request is served as if the bucket had room, the
 * failure counted in {@code settle.ratelimits.store.failures} and logged when the store goes from
 * answering to failing and back (not once per request). A limit is a protection, never a reason to
 * refuse a payment.
 */
final class RedisRateLimiter implements RateLimiter {

    private static final Logger log = LoggerFactory.getLogger(RedisRateLimiter.class);

    private final RedisConnector redis;
    private final TimeMeter time;
    private final Counter failures;
    private final AtomicBoolean failing = new AtomicBoolean();
    private volatile ProxyManager<byte[]> buckets;

    RedisRateLimiter(RedisConnector redis, RateLimitClock clock, MeterRegistry meters) {
        this.redis = redis;
        this.time = new TimeMeter() {
            @Override
            public long currentTimeNanos() {
                return clock.nanos();
            }

            @Override
            public boolean isWallClockBased() {
                return true;
            }
        };
        this.failures = Counter.builder("settle.ratelimits.store.failures")
                .description("Rate-limit decisions Redis did not answer in time; each such request was served (fail open)")
                .register(meters);
    }

    @Override
    public Decision tryAcquire(String name, long perSecond) {
        try {
            ConsumptionProbe probe = buckets().builder()
                    .build(key(name, perSecond), () -> configuration(perSecond))
                    .tryConsumeAndReturnRemaining(1);
            if (failing.compareAndSet(true, false)) {
                log.info("Redis answers rate-limit checks again; limits hold across nodes once more");
            }
            return new Decision(probe.isConsumed(), perSecond, probe.getRemainingTokens(), probe.getNanosToWaitForRefill(),
                    probe.getNanosToWaitForReset());
        } catch (RuntimeException e) {
            failures.increment();
            if (failing.compareAndSet(false, true)) {
                log.warn("Redis did not answer a rate-limit check ({}); requests are served without limits until it does",
                        e.toString());
            }
            return new Decision(true, perSecond, perSecond, 0, 0);
        }
    }

    private ProxyManager<byte[]> buckets() {
        ProxyManager<byte[]> current = buckets;
        if (current == null) {
            synchronized (this) {
                current = buckets;
                if (current == null) {
                    current = Bucket4jLettuce.casBasedBuilder(redis.connection())
                            .clientClock(time)
                            .expirationAfterWrite(ExpirationAfterWriteStrategy
                                    .basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(10)))
                            .build();
                    buckets = current;
                }
            }
        }
        return current;
    }

    private static byte[] key(String name, long perSecond) {
        return ("settle:rl:" + name + ":" + perSecond).getBytes(StandardCharsets.UTF_8);
    }

    private static BucketConfiguration configuration(long perSecond) {
        return BucketConfiguration.builder()
                .addLimit(limit -> limit.capacity(perSecond).refillGreedy(perSecond, Duration.ofSeconds(1)))
                .build();
    }
}
