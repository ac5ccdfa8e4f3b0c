package dev.settle.simulator.internal;

import java.net.URI;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

import dev.settle.shared.Ids;

/**
 * Everything the simulator is run with, resolved: no Spring needed, so the same server runs
 * inside Settle and on its own ({@link SimulatorMain}).
 *
 * @param port           0 picks a free port
 * @param webhookUrl     where signed events go; null until known (inside Settle: Settle's own
 *                       {@code /v1/inbound/simulator}, learned once its web server is up)
 * @param asyncDelay     how long asynchronous outcomes take
 * @param slowReplyDelay how late the timeout card answers
 * @param feePercentBps  the percentage part of the fee, in basis points of the captured amount
 * @param feeFixed       the fixed part of the fee, in minor units, for currencies with exponent 2
 * @param webhookRetries retries after a failed first delivery, backing off from one second
 */
public record SimulatorSettings(
        int port,
        String apiKey,
        String webhookSecret,
        @Nullable URI webhookUrl,
        Duration asyncDelay,
        Duration slowReplyDelay,
        int feePercentBps,
        long feeFixed,
        int webhookRetries) {

    public SimulatorSettings {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("settle.simulator.port must be 0..65535");
        }
        if (apiKey.isBlank() || webhookSecret.isBlank()) {
            throw new IllegalArgumentException("The simulator's API key and webhook secret must not be blank");
        }
        if (asyncDelay.isNegative() || slowReplyDelay.isNegative()) {
            throw new IllegalArgumentException("Simulator delays must not be negative");
        }
        if (feePercentBps < 0 || feePercentBps > 10_000 || feeFixed < 0) {
            throw new IllegalArgumentException("Simulator fees must be 0..10000 bps and a non-negative fixed part");
        }
        if (webhookRetries < 0 || webhookRetries > 20) {
            throw new IllegalArgumentException("settle.simulator.webhook-retries must be 0..20");
        }
    }

    /** The documented defaults, with a fresh API key and webhook secret. */
    public static SimulatorSettings defaults() {
        return new SimulatorSettings(0, newApiKey(), newWebhookSecret(), null, Duration.ofSeconds(2), Duration.ofSeconds(30),
                290, 30, 5);
    }

    public static String newApiKey() {
        return "sim_sk_" + Ids.randomBase62(32);
    }

    public static String newWebhookSecret() {
        return "whsec_sim_" + Ids.randomBase62(32);
    }

    public SimulatorSettings withPort(int newPort) {
        return new SimulatorSettings(newPort, apiKey, webhookSecret, webhookUrl, asyncDelay, slowReplyDelay, feePercentBps,
                feeFixed, webhookRetries);
    }

    public SimulatorSettings withWebhookUrl(@Nullable URI newWebhookUrl) {
        return new SimulatorSettings(port, apiKey, webhookSecret, newWebhookUrl, asyncDelay, slowReplyDelay, feePercentBps,
                feeFixed, webhookRetries);
    }

    public SimulatorSettings withDelays(Duration newAsyncDelay, Duration newSlowReplyDelay) {
        return new SimulatorSettings(port, apiKey, webhookSecret, webhookUrl, newAsyncDelay, newSlowReplyDelay, feePercentBps,
                feeFixed, webhookRetries);
    }

    Fees fees() {
        return new Fees(feePercentBps, feeFixed);
    }
}
