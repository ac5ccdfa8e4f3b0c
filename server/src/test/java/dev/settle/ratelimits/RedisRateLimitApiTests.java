package dev.settle.ratelimits;

import static dev.settle.support.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

import dev.settle.support.Api;
import dev.settle.support.NeedsService;
import dev.settle.support.SettleTest;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;

/**
 * Settle with {@code SETTLE_REDIS_URI} set, through HTTP: the same limits and headers as in memory,
 * Redis in {@code /actuator/health}, and a paused Redis costs no request.
 */
@NeedsService(name = "Redis", port = 6379)
@SettleTest
@TestPropertySource(properties = "settle.redis.uri=redis://127.0.0.1:6379")
@Import(ManualRateLimitClock.class)
class RedisRateLimitApiTests {

    @Autowired
    Api api;

    @Autowired
    ManualRateLimitClock time;

    @Test
    void aTestKeyGets25ThenA429FromTheSharedBucket() {
        time.advance(Duration.ofSeconds(10));
        Api.Account account = api.newAccountWithDefaultLimits();
        for (int i = 1; i <= 25; i++) {
            Api.Response ok = api.get("/v1/customers", account.testKey());
            assertThat(ok.status()).as("request " + i + ": " + ok).isEqualTo(200);
            assertThat(ok.header("RateLimit-Remaining")).isEqualTo(String.valueOf(25 - i));
        }
        Api.Response refused = api.get("/v1/customers", account.testKey());
        assertProblem(refused, 429, "rate_limit_exceeded");
        assertThat(refused.header("Retry-After")).isEqualTo("1");
        time.advance(Duration.ofSeconds(1));
        assertThat(api.get("/v1/customers", account.testKey()).status()).isEqualTo(200);
    }

    @Test
    void healthReportsRedisAndAPausedRedisLeavesTheNodeServingAndDegraded() throws Exception {
        time.advance(Duration.ofSeconds(10));
        Api.Account account = api.newAccountWithDefaultLimits();
        Api.Response health = api.get("/actuator/health", null);
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().path("components").path("redis").path("status").asText()).isEqualTo("UP");
        RedisClient admin = RedisClient.create("redis://127.0.0.1:6379");
        try (StatefulRedisConnection<String, String> connection = admin.connect()) {
            connection.sync().clientPause(2000); // Redis resumes by itself after 2 s
            Api.Response served = api.get("/v1/customers", account.testKey());
            assertThat(served.status()).as("served while Redis is paused: " + served).isEqualTo(200);
            Api.Response degraded = api.get("/actuator/health", null);
            assertThat(degraded.status()).as("the node stays in the load balancer").isEqualTo(200);
            assertThat(degraded.json().path("components").path("redis").path("status").asText()).isEqualTo("DEGRADED");
            assertThat(degraded.json().path("status").asText()).isEqualTo("DEGRADED");
            Thread.sleep(2200);
            assertThat(api.get("/actuator/health", null).json().path("components").path("redis").path("status").asText())
                    .isEqualTo("UP");
        } finally {
            admin.shutdown();
        }
    }
}
