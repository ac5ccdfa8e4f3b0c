package dev.settle.ratelimits;

/**
 * The time the buckets refill by, in nanoseconds from any fixed origin. A bean of its own, so a
 * test can hold it still and step it, without moving the clock the rest of Settle reads.
 */
@FunctionalInterface
public interface RateLimitClock {

    long nanos();
}
