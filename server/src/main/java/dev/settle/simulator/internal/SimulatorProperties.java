package dev.settle.simulator.internal;

import java.net.URI;
import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code settle.simulator.*}: the built-in fake processor.
 *
 * @param enabled        start it with Settle (default true)
 * @param port           its own HTTP port; 0 (default) picks a free one
 * @param apiKey         the bearer key its API expects; generated at start when empty
 * @param webhookSecret  the secret its webhooks are signed under; generated at start when empty
 * @param webhookUrl     where it posts events; empty means this Settle's {@code /v1/inbound/simulator}
 * @param asyncDelay     delay before asynchronous outcomes (default 2s)
 * @param slowReplyDelay how late the timeout card answers (default 30s)
 * @param feePercentBps  percentage fee in basis points (default 290, i.e. 2.9 %)
 * @param feeFixed       fixed fee in minor units for two-decimal currencies (default 30)
 * @param webhookRetries retries of a failed webhook, backing off from 1 s (default 5)
 */
@ConfigurationProperties("settle.simulator")
public record SimulatorProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("0") int port,
        @Nullable String apiKey,
        @Nullable String webhookSecret,
        @Nullable URI webhookUrl,
        @DefaultValue("2s") Duration asyncDelay,
        @DefaultValue("30s") Duration slowReplyDelay,
        @DefaultValue("290") int feePercentBps,
        @DefaultValue("30") long feeFixed,
        @DefaultValue("5") int webhookRetries) {

    SimulatorSettings toSettings() {
        return new SimulatorSettings(
                port,
                blank(apiKey) ? SimulatorSettings.newApiKey() : apiKey,
                blank(webhookSecret) ? SimulatorSettings.newWebhookSecret() : webhookSecret,
                webhookUrl == null || webhookUrl.toString().isBlank() ? null : webhookUrl,
                asyncDelay,
                slowReplyDelay,
                feePercentBps,
                feeFixed,
                webhookRetries);
    }

    private static boolean blank(@Nullable String value) {
        return value == null || value.isBlank();
    }
}
