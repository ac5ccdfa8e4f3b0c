package dev.settle.webhooks.internal;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.settle.tenancy.AccountId;
import dev.settle.tenancy.Tenant;

/**
 * An outbound webhook endpoint as stored, without its signing secrets (see {@link SigningSecrets}).
 *
 * @param retrySchedule seconds between attempts after the first; null means the installation's schedule
 */
record WebhookEndpoint(
        String id,
        String accountId,
        boolean livemode,
        String url,
        @Nullable String description,
        List<String> enabledEvents,
        Status status,
        @Nullable String disabledReason,
        @Nullable List<Integer> retrySchedule,
        Map<String, String> metadata,
        Instant created) {

    enum Status {
        ENABLED, DISABLED;

        String code() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Status of(String code) {
            return valueOf(code.toUpperCase(Locale.ROOT));
        }
    }

    /** Why an endpoint was disabled: by its owner, by a 410 answer, or after failing too long. */
    static final String DISABLED_MANUALLY = "manual";
    static final String DISABLED_GONE = "gone";
    static final String DISABLED_FAILING = "failing";

    Tenant tenant() {
        return new Tenant(new AccountId(accountId), livemode);
    }

    /** The fields an audit log entry shows (never the secrets, which are not here). */
    Map<String, @Nullable Object> audited() {
        Map<String, @Nullable Object> fields = new java.util.LinkedHashMap<>();
        fields.put("url", url);
        fields.put("description", description);
        fields.put("enabled_events", enabledEvents);
        fields.put("status", status.code());
        fields.put("retry_schedule", retrySchedule);
        fields.put("metadata", metadata);
        return fields;
    }

    boolean enabled() {
        return status == Status.ENABLED;
    }
}
