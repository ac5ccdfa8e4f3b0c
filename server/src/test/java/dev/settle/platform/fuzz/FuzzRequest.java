package dev.settle.platform.fuzz;

import java.util.Map;

/**
 * One generated request. {@link Scope#INVALID} requests are wrong by construction, whatever the
 * field means (a wrong JSON type, an unknown field, malformed JSON, a NUL, an id that is not the
 * caller's, a bad content type): a 2xx to one is a failure, except for a read, and none may write
 * a row. {@link Scope#BOUNDARY} requests carry values of the right type whose validity depends on
 * the field (empty, long, unicode, extreme numbers, {@code null}): a documented 2xx or a 4xx
 * problem are both right; they go to an account of their own, which may gain rows.
 */
record FuzzRequest(Scope scope, String operation, String label, String method, String path, String token,
        String contentType, byte[] body, Map<String, String> headers) {

    enum Scope { INVALID, BOUNDARY }

    boolean isRead() {
        return method.equals("GET");
    }

    @Override
    public String toString() {
        String shown = body == null ? "" : " " + new String(body, java.nio.charset.StandardCharsets.UTF_8);
        return scope + " " + method + " " + path + " [" + label + "]" + (shown.length() > 300 ? shown.substring(0, 300) + "…" : shown);
    }
}
