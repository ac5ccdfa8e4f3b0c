package dev.settle.ratelimits.internal;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.settle.ratelimits.RateLimitClock;
import dev.settle.ratelimits.RateLimiter;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;

/**
 * Bucket4j's token buckets in this node's memory, one per name. A bucket whose limit changed (the
 * operator set the account's limit) is replaced by a full one of the new size. There is one bucket
 * per API key that made a request since the start, a few hundred bytes each.
 */
final class InMemoryRateLimiter implements RateLimiter {

    private record Sized(long perSecond, Bucket bucket) {
    }

    private final Map<String, Sized> buckets = new ConcurrentHashMap<>();
    private final TimeMeter time;

    InMemoryRateLimiter(RateLimitClock clock) {
        this.time = new TimeMeter() {
            @Override
            public long currentTimeNanos() {
                return clock.nanos();
            }

            @Override
            public boolean isWallClockBased() {
                return false;
            }
        };
    }

    @Override
    public Decision tryAcquire(String name, long perSecond) {
        Bucket bucket = buckets.compute(name, (key, existing) -> existing != null && existing.perSecond() == perSecond
                ? existing : new Sized(perSecond, newBucket(perSecond))).bucket();
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        return new Decision(probe.isConsumed(), perSecond, probe.getRemainingTokens(), probe.getNanosToWaitForRefill(),
                probe.getNanosToWaitForReset());
    }

    private Bucket newBucket(long perSecond) {
        return Bucket.builder()
                .addLimit(limit -> limit.capacity(perSecond).refillGreedy(perSecond, Duration.ofSeconds(1)))
                .withCustomTimePrecision(time)
                .build();
    }
}
