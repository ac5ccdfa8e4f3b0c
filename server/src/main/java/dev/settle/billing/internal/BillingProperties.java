package dev.settle.billing.internal;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code settle.billing.*}.
 *
 * @param interval          how often the billing job looks for due work (renewals, drafts to
 *                          finalize, payments to attempt, test clocks to advance)
 * @param autoFinalizeDelay how long a renewal invoice stays a draft (editable) before it is finalized
 * @param batchSize         subscriptions or invoices handled per database transaction
 * @param paymentThreads    payments attempted at once by one job run
 * @param retryDays         the default dunning schedule: days after the first failure of each retry
 * @param afterFinalRetry   the default outcome once retries are exhausted: cancel or unpaid
 */
@ConfigurationProperties("settle.billing")
public record BillingProperties(
        @DefaultValue("1s") Duration interval,
        @DefaultValue("1h") Duration autoFinalizeDelay,
        @DefaultValue("500") int batchSize,
        @DefaultValue("8") int paymentThreads,
        @DefaultValue({"3", "5", "7"}) List<Integer> retryDays,
        @DefaultValue("cancel") String afterFinalRetry) {
}
