package dev.settle.tenancy.internal;

import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.settle.shared.InvalidRequestException;
import dev.settle.tenancy.KeyScopes;

/**
 * Restricted keys carry scopes such as {@code customers:read} or {@code payment_intents:write}.
 * A scope names an API resource (the first path segment after {@code /v1/}) and an access
 * level; {@code write} includes {@code read}. Reads are GET and HEAD, everything else writes.
 */
final class Scopes {

    static final Set<String> RESOURCES = Set.copyOf(KeyScopes.RESOURCES);

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

    /**
     * Paths whose scope is not their first segment's: the event stream, and the tokens that open
     * it, read events (a token can do nothing else, so minting one is a read too).
     */
    private static final Map<String, String> FIXED = Map.of(
            "/v1/stream", "events:read",
            "/v1/stream_tokens", "events:read");

    /** Whether the scopes allow {@code method} on {@code path} (a {@code /v1/...} path). */
    static boolean allows(List<String> scopes, String method, String path) {
        String required = requiredScope(method, path);
        String resource = required.substring(0, required.indexOf(':'));
        return scopes.contains(required) || scopes.contains(resource + ":write");
    }

    static String requiredScope(String method, String path) {
        String fixed = FIXED.get(path);
        if (fixed != null) {
            return fixed;
        }
        boolean read = method.equals("GET") || method.equals("HEAD");
        return resourceOf(path) + (read ? ":read" : ":write");
    }

    private static String resourceOf(String path) {
        String rest = path.startsWith("/v1/") ? path.substring(4) : path;
        int slash = rest.indexOf('/');
        return slash < 0 ? rest : rest.substring(0, slash);
    }
}
