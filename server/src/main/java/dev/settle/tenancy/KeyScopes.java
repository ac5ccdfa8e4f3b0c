package dev.settle.tenancy;

import java.util.List;

/**
 * The resources a restricted key's scopes can name ({@code customers:read}, {@code refunds:write}):
 * the first path segment after {@code /v1/}. Public so the dashboard's key form offers exactly these.
 */
public final class KeyScopes {

    /** Sorted, as the dashboard lists them. */
    public static final List<String> RESOURCES = List.of(
            "audit_log", "balance", "balance_transactions", "charges", "customers", "events", "payment_intents",
            "payment_methods", "reconciliation", "refunds", "users", "webhook_attempts", "webhook_endpoints");

    private KeyScopes() {
    }
}
