package dev.settle.ratelimits;

/**
 * Token buckets by name: {@code perSecond} requests a second, with bursts up to {@code perSecond}
 * at once. Implementations decide where the buckets live (this node's memory, or a store shared
 * by every node); all take the time from {@link RateLimitClock}.
 */
public interface RateLimiter {

    /** Takes one token from the bucket {@code bucket}, which refills at {@code perSecond}. */
    Decision tryAcquire(String bucket, long perSecond);

    /**
     * @param allowed        whether the request may go on
     * @param limit          the bucket's size (requests per second)
     * @param remaining      tokens left after this request
     * @param nanosToRetry   until one token is back (0 when allowed)
     * @param nanosToReset   until the bucket is full again
     */
    record Decision(boolean allowed, long limit, long remaining, long nanosToRetry, long nanosToReset) {
    }
}
