package dev.settle.tenancy.internal;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * A dashboard user's role (docs/security.md, "Roles"). Every role reads everything; writes are
 * limited by the resource (the first path segment after {@code /v1/}): the owner writes all, an
 * admin all but users, a developer webhook endpoints and restricted API keys, an analyst nothing. Signing out and setting
 * up one's own two-factor are open to every role.
 */
enum Role {
    OWNER, ADMIN, DEVELOPER, ANALYST;

    private static final Set<String> DEVELOPER_WRITES = Set.of("webhook_endpoints", "api_keys");
    private static final Pattern SELF_SERVICE = Pattern.compile("^(DELETE /v1/sessions|POST /v1/users/[^/]+/totp(/enable)?)$");

    String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    static @Nullable Role of(@Nullable String code) {
        if (code == null) {
            return null;
        }
        for (Role role : values()) {
            if (role.code().equals(code)) {
                return role;
            }
        }
        return null;
    }

    boolean allows(String method, String path) {
        if (method.equals("GET") || method.equals("HEAD") || SELF_SERVICE.matcher(method + " " + path).matches()) {
            return true;
        }
        String resource = resourceOf(path);
        return switch (this) {
            case OWNER -> true;
            case ADMIN -> !resource.equals("users");
            case DEVELOPER -> DEVELOPER_WRITES.contains(resource);
            case ANALYST -> false;
        };
    }

    private static String resourceOf(String path) {
        String rest = path.startsWith("/v1/") ? path.substring(4) : path;
        int slash = rest.indexOf('/');
        return slash < 0 ? rest : rest.substring(0, slash);
    }
}
