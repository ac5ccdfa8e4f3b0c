package dev.settle.payments.internal;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code settle.payments.*}.
 *
 * @param maxAmount          the largest amount, in minor units, one payment may be for
 * @param processorTimeout   how long Settle waits for the processor before the outcome is unknown
 * @param processorConnections connections to the processor one node keeps at most; calls beyond
 *                           wait for one (up to half the timeout, then the outcome is unknown)
 * @param janitor            how the janitor settles unknown and stuck outcomes
 */
@ConfigurationProperties("settle.payments")
public record PaymentsProperties(
        @DefaultValue("99999999") long maxAmount,
        @DefaultValue("10s") Duration processorTimeout,
        @DefaultValue("64") int processorConnections,
        @DefaultValue Janitor janitor) {

    /** A pool of no connections would leave every payment's outcome unknown; refuse it at start-up. */
    public PaymentsProperties {
        if (processorConnections < 1) {
            throw new IllegalArgumentException("settle.payments.processor-connections must be at least 1, not "
                    + processorConnections);
        }
    }

    /**
     * @param interval    how often the janitor looks for work
     * @param stuckAfter  how long an attempt may stay processing before the janitor asks the processor
     * @param backoff     the first retry delay after an unknown answer; doubles each time, capped at an hour
     * @param maxAttempts unknown answers after which an attempt is flagged for manual review
     */
    public record Janitor(
            @DefaultValue("5s") Duration interval,
            @DefaultValue("60s") Duration stuckAfter,
            @DefaultValue("5s") Duration backoff,
            @DefaultValue("10") int maxAttempts) {
    }

    /** An attempt is never concluded "not found" before its call to the processor has surely ended. */
    Duration settleNoEarlierThan() {
        return processorTimeout.multipliedBy(2);
    }
}
