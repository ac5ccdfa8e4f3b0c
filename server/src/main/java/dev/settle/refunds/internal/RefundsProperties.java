package dev.settle.refunds.internal;

import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code settle.refunds.*}.
 *
 * @param returnsFees per processor, whether a refund gives back the matching share of the
 *                    charge's processor fee (Stripe and the simulator keep it: false)
 * @param maxAmount   the largest refund, in minor units
 * @param janitor     how refunds whose outcome Settle did not hear are settled
 */
@ConfigurationProperties("settle.refunds")
public record RefundsProperties(
        @DefaultValue Map<String, Boolean> returnsFees,
        @DefaultValue("99999999") long maxAmount,
        @DefaultValue Janitor janitor) {

    /**
     * @param interval         how often the janitor runs
     * @param stuckAfter       how long a refund may stay pending at the processor before it is looked up
     * @param backoff          first retry delay after no answer; doubles, capped at an hour
     * @param maxAttempts      unanswered look-ups after which the refund is flagged for review
     * @param settleNotBefore  "no such refund" is trusted only this long after the refund was sent
     */
    public record Janitor(
            @DefaultValue("5s") Duration interval,
            @DefaultValue("60s") Duration stuckAfter,
            @DefaultValue("5s") Duration backoff,
            @DefaultValue("10") int maxAttempts,
            @DefaultValue("20s") Duration settleNotBefore) {
    }

    boolean returnsFees(String processor) {
        return Boolean.TRUE.equals(returnsFees.get(processor));
    }
}
