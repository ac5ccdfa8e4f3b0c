package dev.settle.ratelimits;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/** The rate limiter's time, held still until a test steps it. */
@TestConfiguration(proxyBeanMethods = false)
public class ManualRateLimitClock implements RateLimitClock {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000_000L);

    @Override
    public long nanos() {
        return nanos.get();
    }

    public void advance(Duration by) {
        nanos.addAndGet(by.toNanos());
    }

    @Bean
    @Primary
    ManualRateLimitClock manualRateLimitClock() {
        return this;
    }
}
