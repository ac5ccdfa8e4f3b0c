package dev.settle.ratelimits.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.settle.ratelimits.ManualRateLimitClock;
import dev.settle.ratelimits.RateLimiter;
import dev.settle.support.NeedsService;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * Two limiters on one Redis stand for two nodes: a key's requests spread over both share one
 * bucket. Redis dead or paused: every request is served, each one counted, none waits long.
 */
@NeedsService(name = "Redis", port = 6379)
class RedisRateLimiterTests {

    static final String REDIS = "redis://127.0.0.1:6379";

    final ManualRateLimitClock time = new ManualRateLimitClock();
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final RedisConnector first = new RedisConnector(REDIS, Duration.ofMillis(200));
    final RedisConnector second = new RedisConnector(REDIS, Duration.ofMillis(200));
    final String key = "test-" + UUID.randomUUID();

    @AfterEach
    void close() {
        first.close();
        second.close();
    }

    @Test
    void aKeyLimitedTo25ASecondGets25OverTwoNodesTogetherNotEach() {
        RateLimiter nodeA = new RedisRateLimiter(first, time, meters);
        RateLimiter nodeB = new RedisRateLimiter(second, time, meters);
        int allowed = 0;
        for (int i = 0; i < 60; i++) {
            RateLimiter node = i % 2 == 0 ? nodeA : nodeB;
            RateLimiter.Decision decision = node.tryAcquire(key, 25);
            if (decision.allowed()) {
                allowed++;
            } else {
                assertThat(decision.remaining()).isZero();
                assertThat(decision.nanosToRetry()).isBetween(1L, Duration.ofMillis(40).toNanos());
            }
        }
        assertThat(failures(meters)).isZero();
        assertThat(allowed).isEqualTo(25);
        time.advance(Duration.ofMillis(400)); // 10 tokens back, for both nodes together
        allowed = 0;
        for (int i = 0; i < 30; i++) {
            allowed += (i % 2 == 0 ? nodeA : nodeB).tryAcquire(key, 25).allowed() ? 1 : 0;
        }
        assertThat(allowed).isEqualTo(10);
        assertThat(nodeB.tryAcquire("other-" + key, 25).allowed()).as("another key has its own bucket").isTrue();
        assertThat(failures(meters)).isZero();
    }

    @Test
    void aChangedLimitIsAFullBucketOfTheNewSize() {
        RateLimiter node = new RedisRateLimiter(first, time, meters);
        for (int i = 0; i < 25; i++) {
            node.tryAcquire(key, 25);
        }
        assertThat(node.tryAcquire(key, 25).allowed()).isFalse();
        RateLimiter.Decision raised = node.tryAcquire(key, 100);
        assertThat(raised.allowed()).isTrue();
        assertThat(raised.remaining()).isEqualTo(99);
    }

    @Test
    void redisOnADeadPortFailsOpenAtOnceAndCountsEachRequest() throws Exception {
        int deadPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            deadPort = socket.getLocalPort();
        }
        try (RedisConnector dead = new RedisConnector("redis://127.0.0.1:" + deadPort, Duration.ofMillis(200))) {
            RateLimiter node = new RedisRateLimiter(dead, time, meters);
            assertThat(node.tryAcquire(key, 25).allowed()).as("the first request (it starts Lettuce's threads)").isTrue();
            long slowest = 0;
            long until = System.nanoTime() + Duration.ofMillis(2500).toNanos(); // past two attempts to reconnect
            int requests = 1;
            while (System.nanoTime() < until) {
                long started = System.nanoTime();
                RateLimiter.Decision decision = node.tryAcquire(key, 25);
                slowest = Math.max(slowest, System.nanoTime() - started);
                assertThat(decision.allowed()).as("request " + requests).isTrue();
                assertThat(decision.limit()).isEqualTo(25);
                requests++;
                Thread.sleep(5);
            }
            assertThat(Duration.ofNanos(slowest)).as("the slowest request").isLessThan(Duration.ofMillis(300));
            assertThat(failures(meters)).isEqualTo(requests);
        }
    }

    @Test
    void aPausedRedisFailsOpenWithinTheCommandTimeoutAndLimitsAgainAfter() throws Exception {
        RateLimiter node = new RedisRateLimiter(first, time, meters);
        for (int i = 0; i < 25; i++) {
            assertThat(node.tryAcquire(key, 25).allowed()).isTrue();
        }
        assertThat(node.tryAcquire(key, 25).allowed()).isFalse();
        RedisClient admin = RedisClient.create(REDIS);
        try (StatefulRedisConnection<String, String> connection = admin.connect()) {
            // Redis ends the pause by itself after 1.5 s, whatever happens to this test.
            connection.sync().clientPause(1500);
            long started = System.nanoTime();
            for (int i = 0; i < 3; i++) {
                assertThat(node.tryAcquire(key, 25).allowed()).as("served while Redis is paused").isTrue();
            }
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(1200));
            assertThat(failures(meters)).isEqualTo(3);
            Thread.sleep(1700);
            assertThat(node.tryAcquire(key, 25).allowed()).as("the bucket is still empty once Redis answers").isFalse();
        } finally {
            admin.shutdown();
        }
    }

    private static double failures(SimpleMeterRegistry meters) {
        return meters.counter("settle.ratelimits.store.failures").count();
    }
}
