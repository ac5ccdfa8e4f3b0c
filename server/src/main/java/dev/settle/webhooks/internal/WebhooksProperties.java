package dev.settle.webhooks.internal;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code settle.webhooks.*}: outbound deliveries.
 *
 * @param retrySchedule  delays between attempts after the first; after the last, a delivery has failed.
 *                       An endpoint's own {@code retry_schedule} replaces it.
 * @param timeout        an attempt succeeds only with a 2xx answered within this
 * @param disableAfter   an endpoint whose attempts fail without a success for this long is disabled
 * @param maxRetryAfter  a receiver's {@code Retry-After} (on 429 and 503) is honoured up to this
 * @param pollInterval   how often the dispatcher looks for due retries and expired claims
 * @param lease          a claimed delivery is due again after this if its node never reports back
 *                       (must exceed {@code timeout})
 * @param concurrency    attempts in flight at once on one node (each on a virtual thread)
 * @param batchSize      due deliveries claimed per database round trip
 * @param endpointConcurrency attempts in flight at once to one endpoint on one node: a slow or
 *                       hanging endpoint holds at most this many workers, never every one
 */
@ConfigurationProperties("settle.webhooks")
public record WebhooksProperties(
        @DefaultValue({"5s", "5m", "30m", "2h", "5h", "10h", "10h"}) List<Duration> retrySchedule,
        @DefaultValue("15s") Duration timeout,
        @DefaultValue("5d") Duration disableAfter,
        @DefaultValue("1d") Duration maxRetryAfter,
        @DefaultValue("1s") Duration pollInterval,
        @DefaultValue("60s") Duration lease,
        @DefaultValue("256") int concurrency,
        @DefaultValue("100") int batchSize,
        @DefaultValue("32") int endpointConcurrency) {

    public WebhooksProperties {
        if (lease.compareTo(timeout.plusSeconds(5)) < 0) {
            throw new IllegalArgumentException("settle.webhooks.lease (" + lease + ") must exceed settle.webhooks.timeout ("
                    + timeout + ") by at least 5 s, or a slow attempt could be claimed twice");
        }
        if (concurrency < 1 || batchSize < 1) {
            throw new IllegalArgumentException("settle.webhooks.concurrency and batch-size must be at least 1");
        }
        if (endpointConcurrency < 1 || (concurrency > 1 && endpointConcurrency > concurrency / 2)) {
            throw new IllegalArgumentException("settle.webhooks.endpoint-concurrency (" + endpointConcurrency
                    + ") must be at least 1 and at most half of settle.webhooks.concurrency (" + concurrency
                    + "), so that no endpoint can occupy every worker");
        }
        retrySchedule = List.copyOf(retrySchedule);
    }
}
