package dev.settle.customers;

import static dev.settle.support.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Collectors;
import java.util.stream.IntStream;
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

/** Every customer endpoint, fed bad input: a 4xx problem naming the param, and nothing written. */
@SettleTest
class CustomerBadInputTests {

    @Autowired
    Api api;

    @Autowired
    JdbcClient jdbc;

    Api.Account account;
    String existing;
    String snapshot;

    @BeforeEach
    void anAccountWithOneCustomer() {
        account = api.newAccount();
        existing = api.post("/v1/customers", account.testKey(), "{\"email\":\"keep@example.com\",\"name\":\"Keep\",\"metadata\":{\"a\":\"1\"}}")
                .text("id");
        snapshot = tableSnapshot();
    }

    static Stream<Arguments> badBodies() {
        String fiftyOneKeys = IntStream.range(0, 51).mapToObj(i -> "\"k" + i + "\":\"v\"").collect(Collectors.joining(",", "{", "}"));
        return Stream.of(
                Arguments.of("malformed JSON", "{\"email\":", "invalid_json", null),
                Arguments.of("not an object", "[1,2]", "invalid_json", null),
                Arguments.of("trailing garbage", "{} {}", "invalid_json", null),
                Arguments.of("number for a string", "{\"email\":42}", "parameter_invalid", "email"),
                Arguments.of("boolean for a string", "{\"name\":true}", "parameter_invalid", "name"),
                Arguments.of("object for a string", "{\"name\":{\"first\":\"x\"}}", "parameter_invalid", "name"),
                Arguments.of("array for metadata", "{\"metadata\":[\"x\"]}", "parameter_invalid", "metadata"),
                Arguments.of("number as metadata value", "{\"metadata\":{\"n\":1}}", "parameter_invalid", "metadata[n]"),
                Arguments.of("unknown field", "{\"emial\":\"x@example.com\"}", "parameter_unknown", "emial"),
                Arguments.of("unknown nested-looking field", "{\"address\":{\"city\":\"x\"}}", "parameter_unknown", "address"),
                Arguments.of("invalid email", "{\"email\":\"no-at-sign\"}", "parameter_invalid", "email"),
                Arguments.of("name too long", "{\"name\":\"" + "n".repeat(257) + "\"}", "parameter_invalid", "name"),
                Arguments.of("invalid phone", "{\"phone\":\"call me maybe\"}", "parameter_invalid", "phone"),
                Arguments.of("too many metadata keys", "{\"metadata\":" + fiftyOneKeys + "}", "parameter_invalid", "metadata"),
                Arguments.of("metadata key too long", "{\"metadata\":{\"" + "k".repeat(41) + "\":\"v\"}}", "parameter_invalid", "metadata"),
                Arguments.of("metadata value too long", "{\"metadata\":{\"k\":\"" + "v".repeat(501) + "\"}}", "parameter_invalid", "metadata[k]"));
    }

    @ParameterizedTest(name = "create: {0}")
    @MethodSource("badBodies")
    void createRefusesBadBodies(String description, String body, String code, String param) {
        Api.Response response = api.post("/v1/customers", account.testKey(), body);
        assertBadRequest(response, code, param);
    }

    @ParameterizedTest(name = "update: {0}")
    @MethodSource("badBodies")
    void updateRefusesBadBodies(String description, String body, String code, String param) {
        Api.Response response = api.post("/v1/customers/" + existing, account.testKey(), body);
        assertBadRequest(response, code, param);
    }

    @Test
    void oversizedBodiesAre413() {
        String huge = "{\"description\":\"" + "x".repeat(1_100_000) + "\"}";
        assertProblem(api.post("/v1/customers", account.testKey(), huge), 413, "request_too_large");
        assertProblem(api.post("/v1/customers/" + existing, account.testKey(), huge), 413, "request_too_large");
        assertThat(tableSnapshot()).isEqualTo(snapshot);
    }

    @Test
    void wrongContentTypeIs415() {
        Api.Response response = api.send("POST", "/v1/customers", account.testKey(), null,
                java.util.Map.of("Content-Type", "text/plain"));
        assertThat(response.status()).isIn(400, 415);
        assertThat(tableSnapshot()).isEqualTo(snapshot);
    }

    static Stream<Arguments> badListParameters() {
        return Stream.of(
                Arguments.of("limit=0", "parameter_invalid", "limit"),
                Arguments.of("limit=101", "parameter_invalid", "limit"),
                Arguments.of("limit=ten", "parameter_invalid", "limit"),
                Arguments.of("limit=-1", "parameter_invalid", "limit"),
                Arguments.of("starting_after=cus_nope", "resource_missing", "starting_after"),
                Arguments.of("ending_before=cus_nope", "resource_missing", "ending_before"),
                Arguments.of("starting_after=", "parameter_invalid", "starting_after"),
                Arguments.of("starting_after=cus_a&ending_before=cus_b", "parameter_invalid", "ending_before"),
                Arguments.of("colour=blue", "parameter_unknown", "colour"));
    }

    @ParameterizedTest(name = "list: {0}")
    @MethodSource("badListParameters")
    void listRefusesBadParameters(String query, String code, String param) {
        Api.Response response = api.get("/v1/customers?" + query, account.testKey());
        assertProblem(response, code.equals("resource_missing") ? 404 : 400, code, param);
    }

    @Test
    void unknownIdsAre404OnEveryEndpoint() {
        assertProblem(api.get("/v1/customers/cus_unknown", account.testKey()), 404, "resource_missing");
        assertProblem(api.post("/v1/customers/cus_unknown", account.testKey(), "{}"), 404, "resource_missing");
        assertProblem(api.delete("/v1/customers/cus_unknown", account.testKey()), 404, "resource_missing");
        assertThat(tableSnapshot()).isEqualTo(snapshot);
    }

    private void assertBadRequest(Api.Response response, String code, String param) {
        if (param == null) {
            assertProblem(response, 400, code);
        } else {
            assertProblem(response, 400, code, param);
        }
        assertThat(tableSnapshot()).as("nothing written").isEqualTo(snapshot);
    }

    private String tableSnapshot() {
        return jdbc.sql("SELECT string_agg(id || coalesce(email, '') || coalesce(name, '') || metadata::text, '|' ORDER BY id) "
                + "FROM customers WHERE account_id = :a").param("a", account.id()).query(String.class).single();
    }
}
