package dev.settle.ledger.internal;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code settle.ledger.*}.
 *
 * @param availabilityDelay how long captured funds stay pending before they count as available
 *                          (card processors typically pay out two days later)
 * @param availabilityCheck how often the job that releases matured funds runs
 */
@ConfigurationProperties("settle.ledger")
public record LedgerProperties(
        @DefaultValue("2d") Duration availabilityDelay,
        @DefaultValue("1m") Duration availabilityCheck) {
}
