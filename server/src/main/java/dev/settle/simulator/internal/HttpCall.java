package dev.settle.simulator.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.sun.net.httpserver.HttpExchange;

import dev.settle.shared.ApiException;
import dev.settle.shared.InvalidRequestException;
import dev.settle.shared.PayloadTooLargeException;
import tools.jackson.databind.json.JsonMapper;

/** One HTTP exchange on the simulator's port: what was asked, read within limits, and how to answer. */
final class HttpCall {

    static final int MAX_BODY_BYTES = 64 * 1024;

    private final HttpExchange exchange;
    private final JsonMapper json;
    private final List<String> segments;
    private final Map<String, String> query;
    private byte @Nullable [] body;

    HttpCall(HttpExchange exchange, JsonMapper json) {
        this.exchange = exchange;
        this.json = json;
        String path = exchange.getRequestURI().getRawPath();
        this.segments = Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).map(HttpCall::decode).toList();
        this.query = parseQuery(exchange.getRequestURI().getRawQuery());
    }

    String method() {
        return exchange.getRequestMethod();
    }

    /** The path split at slashes: {@code /v1/charges/sch_1/capture} is {@code [v1, charges, sch_1, capture]}. */
    List<String> segments() {
        return segments;
    }

    @Nullable String header(String name) {
        return exchange.getRequestHeaders().getFirst(name);
    }

    @Nullable String query(String name) {
        return query.get(name);
    }

    /** Refuses query parameters the endpoint does not know, as unknown JSON fields are refused. */
    void allowQuery(Set<String> names) {
        for (String name : query.keySet()) {
            if (!names.contains(name)) {
                throw new InvalidRequestException("parameter_unknown", "Received unknown parameter: " + name + ".", name);
            }
        }
    }

    boolean isFormPost() {
        String type = header("Content-Type");
        return type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith("application/x-www-form-urlencoded");
    }

    byte[] body() throws IOException {
        if (body == null) {
            String length = header("Content-Length");
            if (length != null && parseLength(length) > MAX_BODY_BYTES) {
                throw new PayloadTooLargeException(MAX_BODY_BYTES);
            }
            try (InputStream in = exchange.getRequestBody()) {
                byte[] read = in.readNBytes(MAX_BODY_BYTES + 1);
                if (read.length > MAX_BODY_BYTES) {
                    throw new PayloadTooLargeException(MAX_BODY_BYTES);
                }
                body = read;
            }
        }
        return body;
    }

    JsonBody jsonBody(Set<String> allowed) throws IOException {
        return JsonBody.parse(body(), json, allowed);
    }

    Map<String, String> formBody() throws IOException {
        return parseQuery(new String(body(), StandardCharsets.UTF_8));
    }

    void send(Reply reply) throws IOException {
        if (reply.replayed()) {
            exchange.getResponseHeaders().set("Idempotent-Replayed", "true");
        }
        send(reply.status(), "application/json", reply.body());
    }

    void sendJson(int status, Object value) throws IOException {
        send(status, "application/json", json.writeValueAsString(value));
    }

    void sendHtml(int status, String html) throws IOException {
        exchange.getResponseHeaders().set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'");
        send(status, "text/html; charset=utf-8", html);
    }

    /** True once the status line went out; after that an error can only cut the answer short. */
    boolean responded() {
        return exchange.getResponseCode() != -1;
    }

    void sendError(ApiException e) throws IOException {
        if (e.status() == 401) {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
        }
        sendJson(e.status(), new ErrorJson(new ErrorJson.Error(e.code(), e.getMessage(), e.param())));
    }

    /** Starts a chunked answer for a body written row by row. */
    OutputStream stream(String contentType) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(200, 0);
        return exchange.getResponseBody();
    }

    private void send(int status, String contentType, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static long parseLength(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new InvalidRequestException("invalid_request", "Content-Length is not a number.", null);
        }
    }

    private static Map<String, String> parseQuery(@Nullable String raw) {
        Map<String, String> values = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return values;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            values.putIfAbsent(name, value);
        }
        return values;
    }

    /** Percent-decodes; a malformed escape is kept as it came (it then matches no route or id). */
    private static String decode(String value) {
        try {
            return URLDecoder.decode(value, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return value;
        }
    }

    /** {@code {"error": {"code": …, "message": …, "param": …}}}; param only when one is to blame. */
    record ErrorJson(Error error) {

        @JsonInclude(JsonInclude.Include.NON_NULL)
        record Error(String code, String message, @Nullable String param) {
        }
    }
}
