package dev.settle.webhooks.internal;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;

import dev.settle.platform.LegacyCollection;
import dev.settle.tenancy.AccountId;
import dev.settle.tenancy.Tenant;

/**
 * The attempt log of an earlier version's embedded store (collection {@code delivery_attempts}),
 * copied into this one; attempts already there are skipped. (It was never in PostgreSQL, so
 * without this an upgrade would lose it.)
 */
@Component
class LegacyAttemptImport implements LegacyCollection {

    private final AttemptStore store;

    LegacyAttemptImport(AttemptStore store) {
        this.store = store;
    }

    @Override
    public String name() {
        return "delivery_attempts";
    }

    @Override
    public void importDocuments(List<Map<String, Object>> documents) {
        store.insert(documents.stream().map(LegacyAttemptImport::attempt).toList());
    }

    /** As MongoAttemptStore writes it; http_status, response_body and error may be null. */
    private static AttemptLog.Attempt attempt(Map<String, Object> document) {
        return new AttemptLog.Attempt(
                (String) document.get("_id"),
                new Tenant(new AccountId((String) document.get("account")), (Boolean) document.get("livemode")),
                (String) document.get("endpoint_id"),
                (String) document.get("event_id"),
                (String) document.get("event_type"),
                ((Number) document.get("attempt")).intValue(),
                (Boolean) document.get("succeeded"),
                document.get("http_status") instanceof Number status ? status.intValue() : null,
                ((Number) document.get("latency_ms")).intValue(),
                (String) document.get("response_body"),
                (String) document.get("error"),
                (Instant) document.get("created"));
    }
}
