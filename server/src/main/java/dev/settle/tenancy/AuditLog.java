package dev.settle.tenancy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

import dev.settle.tenancy.internal.AuditEntries;

/**
 * The audit log of privileged actions (keys, webhook endpoints, refunds, the account, users and
 * roles): who did it (the API key, the dashboard user, the operator), when, from which address,
 * and the fields it changed. Recorded in the caller's transaction, so an entry exists exactly when
 * its action committed. Never pass a secret: record that it changed, not its value.
 */
@Service
public class AuditLog {

    private final AuditEntries entries;

    AuditLog(AuditEntries entries) {
        this.entries = entries;
    }

    /** A field's value before and after the action (null when it had none, or has none now). */
    public record Change(@Nullable Object before, @Nullable Object after) {
    }

    /** Records {@code action} (such as {@code webhook_endpoint.updated}) on an object of the tenant's mode. */
    public void record(Tenant tenant, String action, String objectType, String objectId, Map<String, Change> changes) {
        entries.append(tenant.accountId(), tenant.livemode(), action, objectType, objectId, changes);
    }

    /** Records an action on an account-wide object (the account, its users), listed in both modes. */
    public void recordAccountWide(AccountId account, String action, String objectType, String objectId,
            Map<String, Change> changes) {
        entries.append(account.value(), null, action, objectType, objectId, changes);
    }

    /** The fields of a new object, each as a change from nothing. */
    public static Map<String, Change> created(Map<String, ? extends @Nullable Object> fields) {
        Map<String, Change> changes = new LinkedHashMap<>();
        fields.forEach((name, value) -> changes.put(name, new Change(null, value)));
        return changes;
    }

    /** The fields whose values differ between {@code before} and {@code after}. */
    public static Map<String, Change> diff(Map<String, ? extends @Nullable Object> before,
            Map<String, ? extends @Nullable Object> after) {
        Map<String, Change> changes = new LinkedHashMap<>();
        after.forEach((name, value) -> {
            Object old = before.get(name);
            if (!Objects.equals(old, value)) {
                changes.put(name, new Change(old, value));
            }
        });
        return changes;
    }
}
