package dev.settle.dashboard.internal;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;

import dev.settle.tenancy.OperatorSessions;
import jakarta.servlet.http.HttpServletRequest;
import tools.jackson.databind.json.JsonMapper;

/**
 * The dashboard's way to read and act: the {@code /v1} request itself, sent to this node with the
 * user's session cookie (and, for changes, the form's CSRF token and idempotency key). The API then
 * applies its own authentication, role check, validation and idempotency, exactly as for curl.
 */
@Component
class ApiCalls {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final JsonMapper json;
    private final Environment environment;
    private final OperatorSessions sessions;

    ApiCalls(JsonMapper json, Environment environment, OperatorSessions sessions) {
        this.json = json;
        this.environment = environment;
        this.sessions = sessions;
    }

    /** GET {@code path} with {@code query} (null and blank values left out); the JSON object answered. */
    Map<String, Object> get(HttpServletRequest user, String path, Map<String, @Nullable String> query) {
        String q = query.entrySet().stream().filter(e -> e.getValue() != null && !e.getValue().isBlank())
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue())).collect(Collectors.joining("&"));
        return send(user, HttpRequest.newBuilder(uri(path + (q.isEmpty() ? "" : "?" + q))).GET(), null);
    }

    Map<String, Object> get(HttpServletRequest user, String path) {
        return get(user, path, Map.of());
    }

    /** The {@code data} list of a list response. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> data(Map<String, Object> page) {
        return (List<Map<String, Object>>) page.getOrDefault("data", List.of());
    }

    /** POST a JSON body as the user, with the form's CSRF token and, when given, its idempotency key. */
    Map<String, Object> post(HttpServletRequest user, String path, Map<String, ?> body, String csrf, @Nullable String idempotencyKey) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .header(HttpHeaders.CONTENT_TYPE, "application/json")
                .header("X-CSRF-Token", csrf)
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
        if (idempotencyKey != null && !idempotencyKey.isBlank()) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return send(user, request, csrf);
    }

    Map<String, Object> delete(HttpServletRequest user, String path, String csrf) {
        return send(user, HttpRequest.newBuilder(uri(path)).header("X-CSRF-Token", csrf).DELETE(), csrf);
    }

    /** POST without a session, for signing in: the raw answer, whose cookies the caller passes on. */
    HttpResponse<String> postAnonymous(HttpServletRequest browser, String path, Map<String, ?> body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).header(HttpHeaders.CONTENT_TYPE, "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
        sessions.relayHeaders(browser).forEach(request::header);
        return exchange(request.build());
    }

    private Map<String, Object> send(HttpServletRequest user, HttpRequest.Builder request, @Nullable String csrf) {
        String cookie = user.getHeader(HttpHeaders.COOKIE);
        if (cookie != null) {
            request.header(HttpHeaders.COOKIE, cookie);
        }
        sessions.relayHeaders(user).forEach(request::header);
        HttpResponse<String> response = exchange(request.timeout(Duration.ofSeconds(30)).build());
        Map<String, Object> body = parse(response.body());
        if (response.statusCode() >= 400) {
            throw problem(response.statusCode(), body);
        }
        return body;
    }

    static ApiProblem problem(int status, Map<String, Object> body) {
        Object code = body.getOrDefault("code", "error");
        Object param = body.get("param");
        Object message = body.getOrDefault("detail", body.getOrDefault("message", "The request failed (" + status + ")."));
        return new ApiProblem(status, String.valueOf(code), param == null ? null : String.valueOf(param), String.valueOf(message));
    }

    /** An answer as indented JSON, for showing a payload. */
    String pretty(Map<String, Object> body) {
        return json.writerWithDefaultPrettyPrinter().writeValueAsString(body);
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> parse(String body) {
        if (body.isBlank()) {
            return new LinkedHashMap<>();
        }
        return json.readValue(body, LinkedHashMap.class);
    }

    private HttpResponse<String> exchange(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ApiProblem(503, "api_unreachable", null, "The API did not answer: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiProblem(503, "api_unreachable", null, "Interrupted while calling the API.");
        }
    }

    private URI uri(String pathAndQuery) {
        String port = environment.getProperty("local.server.port", environment.getProperty("server.port", "8080"));
        return URI.create("http://127.0.0.1:" + port + pathAndQuery);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
