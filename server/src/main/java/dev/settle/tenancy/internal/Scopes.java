package dev.settle.tenancy.internal;

import java.util.List;
import java.util.Set;

import dev.settle.shared.InvalidRequestException;

/**
 * Restricted keys carry scopes such as {@code customers:read} or {@code payment_intents:write}.
 * A scope names an API resource (the first path segment after {@code /v1/}) and an access
 * level; {@code write} includes {@code read}. Reads are GET and HEAD, everything else writes.
 */
final class Scopes {

    static final Set<String> RESOURCES = Set.of(
            "customers", "payment_methods", "payment_intents", "charges", "refunds",
            "balance", "balance_transactions", "events", "webhook_endpoints", "webhook_attempts");

    private Scopes() {
    }

    static List<String> validate(List<String> scopes) {
        if (scopes.isEmpty()) {
            throw InvalidRequestException.invalidParam("scopes", "A restricted key needs at least one scope.");
        }
        for (int i = 0; i < scopes.size(); i++) {
            String scope = scopes.get(i);
            String[] parts = scope == null ? new String[0] : scope.split(":");
            if (parts.length != 2 || !RESOURCES.contains(parts[0]) || !(parts[1].equals("read") || parts[1].equals("write"))) {
                throw InvalidRequestException.invalidParam("scopes[" + i + "]",
                        "Unknown scope '" + scope + "'. Scopes look like customers:read or customers:write; resources are "
                                + String.join(", ", RESOURCES.stream().sorted().toList()) + ".");
            }
        }
        return scopes.stream().distinct().sorted().toList();
    }

    /** Whether the scopes allow {@code method} on {@code path} (a {@code /v1/...} path). */
    static boolean allows(List<String> scopes, String method, String path) {
        String resource = resourceOf(path);
        boolean read = method.equals("GET") || method.equals("HEAD");
        return scopes.contains(resource + ":write") || (read && scopes.contains(resource + ":read"));
    }

    static String requiredScope(String method, String path) {
        boolean read = method.equals("GET") || method.equals("HEAD");
        return resourceOf(path) + (read ? ":read" : ":write");
    }

    private static String resourceOf(String path) {
        String rest = path.startsWith("/v1/") ? path.substring(4) : path;
        int slash = rest.indexOf('/');
        return slash < 0 ? rest : rest.substring(0, slash);
    }
}
