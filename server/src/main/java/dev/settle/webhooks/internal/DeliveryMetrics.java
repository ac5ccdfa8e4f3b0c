package dev.settle.webhooks.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * {@code settle.webhook.deliveries} by outcome (succeeded, retrying, failed, endpoint_gone,
 * abandoned) and {@code settle.webhook.delivery.lag}: from the event's creation to the attempt
 * that delivered it, as a histogram (whole seconds: the event's {@code created}).
 */
@Component
class DeliveryMetrics {

    /** The event's own {@code created}: the payload's first field of that name (data.object comes after). */
    private static final Pattern CREATED = Pattern.compile("\"created\":(\\d+)");

    private final MeterRegistry registry;
    private final Timer lag;

    DeliveryMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.lag = Timer.builder("settle.webhook.delivery.lag")
                .description("from an event's creation to its successful delivery")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(100))
                .maximumExpectedValue(Duration.ofDays(3))
                .register(registry);
    }

    void outcome(String outcome) {
        registry.counter("settle.webhook.deliveries", "outcome", outcome).increment();
    }

    void delivered(String payload, Instant now) {
        outcome("succeeded");
        Matcher created = CREATED.matcher(payload);
        if (created.find()) {
            Duration waited = Duration.between(Instant.ofEpochSecond(Long.parseLong(created.group(1))), now);
            lag.record(waited.isNegative() ? Duration.ZERO : waited);
        }
    }
}
