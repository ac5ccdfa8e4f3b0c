package dev.settle.platform;

import static dev.settle.support.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.settle.support.Api;
import dev.settle.support.SettleTest;
import tools.jackson.databind.JsonNode;

/**
 * The two classes of bug a first fuzzing pass from outside found: a NUL character anywhere in
 * a request (PostgreSQL refuses it in text: it was a 500), and an encoded {@code ../} in a path
 * id (the servlet container answered a bare 400 before Settle saw the request). Both are now a
 * problem+json 4xx with a code, on every route, and write nothing.
 */
@SettleTest
class HostileInputTests {

    private static final String NUL = "\\u0000";

    @Autowired
    Api api;

    @Autowired
    JdbcClient jdbc;

    Api.Account account;

    @BeforeEach
    void anAccount() {
        account = api.newAccount();
    }

    static Stream<Arguments> bodiesWithNul() {
        return Stream.of(
                Arguments.of("/v1/customers", "{\"name\":\"a" + NUL + "b\"}", "name"),
                Arguments.of("/v1/customers", "{\"description\":\"" + NUL + "\"}", "description"),
                Arguments.of("/v1/customers", "{\"metadata\":{\"k\":\"v" + NUL + "\"}}", "metadata[k]"),
                Arguments.of("/v1/customers", "{\"metadata\":{\"k" + NUL + "\":\"v\"}}", "metadata"),
                Arguments.of("/v1/refunds", "{\"charge\":\"ch_" + NUL + "\"}", "charge"),
                Arguments.of("/v1/refunds", "{\"payment_intent\":\"pi_" + NUL + "\"}", "payment_intent"),
                Arguments.of("/v1/payment_methods/pm_x/attach", "{\"customer\":\"cus_" + NUL + "\"}", "customer"),
                Arguments.of("/v1/payment_intents", "{\"amount\":100,\"currency\":\"usd\",\"description\":\"" + NUL + "\"}", "description"),
                Arguments.of("/v1/webhook_endpoints", "{\"url\":\"https://example.com/" + NUL + "\",\"enabled_events\":[\"*\"]}", "url"),
                Arguments.of("/v1/webhook_endpoints", "{\"url\":\"https://example.com/\",\"enabled_events\":[\"" + NUL + "\"]}",
                        "enabled_events[0]"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("bodiesWithNul")
    void aNulInAnyBodyStringIs400NamingTheParam(String path, String body, String param) {
        long before = rows();
        Api.Response response = api.post(path, account.testKey(), body);
        assertProblem(response, 400, "parameter_invalid", param);
        assertThat(response.text("detail")).contains("NUL");
        assertThat(rows()).as("nothing written").isEqualTo(before);
    }

    static Stream<Arguments> blankStringsForNonStrings() {
        return Stream.of(Arguments.of("/v1/webhook_endpoints", "{\"url\":\"https://example.com/h\",\"enabled_events\":[\"*\"],\"retry_schedule\":[\"\"]}",
                        "retry_schedule[0]"),
                Arguments.of("/v1/payment_intents", "{\"amount\":\"\",\"currency\":\"usd\"}", "amount"),
                Arguments.of("/v1/payment_intents", "{\"amount\":\" \",\"currency\":\"usd\"}", "amount"),
                Arguments.of("/v1/payment_intents", "{\"amount\":100,\"currency\":\"usd\",\"confirm\":\"\\u0001\\u001f\"}", "confirm"),
                Arguments.of("/v1/payment_intents", "{\"amount\":100,\"currency\":\"usd\",\"confirm\":\"\"}", "confirm"));
    }

    /** Found by ApiFuzzTests: a blank string was taken as "no value" for a boolean or a number, and the request passed. */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("blankStringsForNonStrings")
    void aBlankStringForABooleanOrANumberIs400(String path, String body, String param) {
        long before = rows();
        assertProblem(api.post(path, account.testKey(), body), 400, "parameter_invalid", param);
        assertThat(rows()).as("nothing written").isEqualTo(before);
    }

    @Test
    void aBlankStringDoesNotDisableAnEndpoint() {
        String endpoint = api.post("/v1/webhook_endpoints", account.testKey(), "{\"url\":\"https://example.com/h\",\"enabled_events\":[\"*\"]}")
                .text("id");
        assertProblem(api.post("/v1/webhook_endpoints/" + endpoint, account.testKey(), "{\"disabled\":\" \"}"), 400, "parameter_invalid",
                "disabled");
    }

    @Test
    void anEscapedBackslashBeforeU0000IsOrdinaryText() {
        Api.Response response = api.post("/v1/customers", account.testKey(), "{\"name\":\"C:\\\\u0000\"}");
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.text("name")).isEqualTo("C:\\u0000");
    }

    @Test
    void aNulInAQueryParameterIs400() {
        assertProblem(api.get("/v1/customers?email=a%00b", account.testKey()), 400, "parameter_invalid", "email");
        assertProblem(api.get("/v1/events?type=x%00", account.testKey()), 400, "parameter_invalid", "type");
        assertProblem(api.get("/v1/customers?starting_after=cus_%00", account.testKey()), 400, "parameter_invalid", "starting_after");
    }

    static Stream<String> routesWithAnId() {
        return Stream.of("GET /v1/customers/{id}", "POST /v1/customers/{id}", "DELETE /v1/customers/{id}",
                "GET /v1/events/{id}", "GET /v1/refunds/{id}", "POST /v1/refunds/{id}", "POST /v1/refunds/{id}/cancel",
                "GET /v1/balance_transactions/{id}", "GET /v1/payment_intents/{id}", "POST /v1/payment_intents/{id}/confirm",
                "POST /v1/payment_intents/{id}/capture", "POST /v1/payment_intents/{id}/cancel", "GET /v1/payment_methods/{id}",
                "POST /v1/payment_methods/{id}/attach", "POST /v1/payment_methods/{id}/detach",
                "GET /v1/customers/{id}/payment_methods", "GET /v1/charges/{id}", "GET /v1/webhook_endpoints/{id}",
                "POST /v1/webhook_endpoints/{id}", "DELETE /v1/webhook_endpoints/{id}", "POST /v1/webhook_endpoints/{id}/rotate_secret",
                "POST /v1/webhook_endpoints/{id}/replay", "POST /v1/webhook_endpoints/{id}/recover");
    }

    static Stream<Arguments> encodedTraversals() {
        List<String> ids = List.of("%2e%2e%2fx", "..%2Fx", "%2E%2E%2F%2E%2E%2Fetc%2Fpasswd", "a%2Fb", "%2e%2e", "cus_%00", "a%5Cb",
                "%252e%252e%252f");
        return routesWithAnId().flatMap(route -> ids.stream().map(id -> Arguments.of(route, id)));
    }

    @ParameterizedTest(name = "{0} with id {1}")
    @MethodSource("encodedTraversals")
    void anEncodedTraversalInAPathIdIsAProblem(String route, String id) throws IOException {
        String[] parts = route.split(" ");
        long before = rows();
        Raw response = raw(parts[0], parts[1].replace("{id}", id), account.testKey(),
                parts[0].equals("POST") ? "{}" : null);
        assertThat(response.status()).as(response.toString()).isIn(400, 404);
        assertThat(response.headers().get("content-type")).as(response.toString()).startsWith("application/problem+json");
        JsonNode problem = Api.json().readTree(response.body());
        assertThat(problem.path("code").asString()).as(response.toString()).isNotBlank();
        assertThat(problem.path("request_id").asString()).isEqualTo(response.headers().get("request-id"));
        assertThat(problem.path("status").asInt()).isEqualTo(response.status());
        assertThat(rows()).as("nothing written").isEqualTo(before);
    }

    private long rows() {
        return jdbc.sql("SELECT (SELECT count(*) FROM customers) + (SELECT count(*) FROM refunds) + (SELECT count(*) FROM webhooks_endpoints)"
                + " + (SELECT count(*) FROM payments_intents)").query(Long.class).single();
    }

    record Raw(int status, Map<String, String> headers, String body) {
    }

    /**
     * Sent over a plain socket: {@code java.net.http} normalises and re-encodes some paths, and
     * an attacker's client does not.
     */
    private Raw raw(String method, String path, String key, String body) throws IOException {
        int port = Integer.parseInt(api.baseUrl().substring(api.baseUrl().lastIndexOf(':') + 1));
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(10_000);
            byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            String head = method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + key
                    + "\r\nConnection: close\r\n" + (body == null ? "" : "Content-Type: application/json\r\n")
                    + "Content-Length: " + content.length + "\r\n\r\n";
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(content);
            out.flush();
            InputStream in = socket.getInputStream();
            String all = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int split = all.indexOf("\r\n\r\n");
            String[] lines = all.substring(0, split).split("\r\n");
            Map<String, String> headers = new java.util.HashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(java.util.Locale.ROOT), lines[i].substring(colon + 1).trim());
            }
            String rest = all.substring(split + 4);
            if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                rest = unchunk(rest);
            }
            return new Raw(Integer.parseInt(lines[0].split(" ")[1]), headers, rest);
        }
    }

    private static String unchunk(String chunked) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (true) {
            int lineEnd = chunked.indexOf("\r\n", at);
            int size = Integer.parseInt(chunked.substring(at, lineEnd).trim(), 16);
            if (size == 0) {
                return out.toString();
            }
            out.append(chunked, lineEnd + 2, lineEnd + 2 + size);
            at = lineEnd + 2 + size + 2;
        }
    }
}
