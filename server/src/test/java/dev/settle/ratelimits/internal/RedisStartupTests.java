package dev.settle.ratelimits.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.time.Clock;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.settle.ratelimits.RateLimiter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** Which limiter a node builds from its settings, and its refusal to start on a Redis that does not answer. */
class RedisStartupTests {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(RedisProperties.class)
    static class Around {

        @Bean
        Clock clock() {
            return Clock.systemUTC();
        }

        @Bean
        MeterRegistry meters() {
            return new SimpleMeterRegistry();
        }
    }

    final ApplicationContextRunner node = new ApplicationContextRunner()
            .withUserConfiguration(Around.class, RateLimitConfiguration.class, RedisConfiguration.class);

    @Test
    void withoutSettleRedisUriTheLimitsStayInMemoryAndNothingTalksToRedis() {
        node.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(RateLimiter.class)).isInstanceOf(InMemoryRateLimiter.class);
            assertThat(context).doesNotHaveBean(RedisConnector.class).doesNotHaveBean(RedisHealth.class);
        });
    }

    @Test
    void aRedisThatDoesNotAnswerAtStartStopsTheNodeWithAMessageNamingIt() throws Exception {
        int deadPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            deadPort = socket.getLocalPort();
        }
        node.withPropertyValues("settle.redis.uri=redis://:secret-password@127.0.0.1:" + deadPort).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().isNotNull();
            String message = messages(context.getStartupFailure());
            assertThat(message).contains("SETTLE_REDIS_URI is set, but Redis at 127.0.0.1:" + deadPort + " does not answer")
                    .contains("unset SETTLE_REDIS_URI")
                    .doesNotContain("secret-password");
        });
    }

    private static String messages(Throwable failure) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append('\n');
        }
        return all.toString();
    }
}
