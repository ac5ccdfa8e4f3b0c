package dev.settle.tenancy.internal;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code settle.audit.*}.
 *
 * @param retention how long audit log entries are kept (at least a day); older ones are purged daily
 */
@ConfigurationProperties("settle.audit")
public record AuditProperties(@DefaultValue("365d") Duration retention) {

    public AuditProperties {
        if (retention.compareTo(Duration.ofDays(1)) < 0) {
            throw new IllegalArgumentException("settle.audit.retention must be at least 1d");
        }
    }
}
