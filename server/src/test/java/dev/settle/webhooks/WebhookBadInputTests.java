package dev.settle.webhooks;

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

/** Every webhook endpoint route, fed bad input: a 4xx problem naming the param, and nothing written. */
@SettleTest
class WebhookBadInputTests {

    private static final String URL = "\"url\":\"http://127.0.0.1:1/hook\"";
    private static final String EVENTS = "\"enabled_events\":[\"*\"]";

    @Autowired
    Api api;

    @Autowired
    JdbcClient jdbc;

    Api.Account account;
    String existing;
    String snapshot;

    @BeforeEach
    void anAccountWithOneEndpoint() {
        account = api.newAccount();
        existing = api.post("/v1/webhook_endpoints", account.testKey(),
                "{" + URL + "," + EVENTS + ",\"metadata\":{\"a\":\"1\"},\"retry_schedule\":[5]}").text("id");
        snapshot = snapshot();
    }

    /** Bad whichever of create or update receives them (every other field is valid). */
    static Stream<Arguments> badBodies() {
        String twentyOne = IntStream.range(0, 21).mapToObj(i -> "1").collect(Collectors.joining(",", "[", "]"));
        String longUrl = "http://127.0.0.1/" + "a".repeat(2040);
        return Stream.of(
                Arguments.of("malformed JSON", "{\"url\":", "invalid_json", null),
                Arguments.of("not an object", "[1,2]", "invalid_json", null),
                Arguments.of("trailing garbage", "{" + URL + "," + EVENTS + "} {}", "invalid_json", null),
                Arguments.of("number for url", "{\"url\":5," + EVENTS + "}", "parameter_invalid", "url"),
                Arguments.of("string for enabled_events", "{" + URL + ",\"enabled_events\":\"*\"}", "parameter_invalid", "enabled_events"),
                Arguments.of("number in enabled_events", "{" + URL + ",\"enabled_events\":[\"*\",7]}", "parameter_invalid", "enabled_events[1]"),
                Arguments.of("unknown field", "{" + URL + "," + EVENTS + ",\"secret\":\"whsec_mine\"}", "parameter_unknown", "secret"),
                Arguments.of("relative url", "{\"url\":\"/hooks\"," + EVENTS + "}", "parameter_invalid", "url"),
                Arguments.of("ftp url", "{\"url\":\"ftp://127.0.0.1/hooks\"," + EVENTS + "}", "parameter_invalid", "url"),
                Arguments.of("javascript url", "{\"url\":\"javascript:alert(1)\"," + EVENTS + "}", "parameter_invalid", "url"),
                Arguments.of("no host", "{\"url\":\"http:///hooks\"," + EVENTS + "}", "parameter_invalid", "url"),
                Arguments.of("not a URL", "{\"url\":\"http://exa mple.com/\"," + EVENTS + "}", "parameter_invalid", "url"),
                Arguments.of("credentials in url", "{\"url\":\"http://user:pw@127.0.0.1/h\"," + EVENTS + "}", "parameter_invalid", "url"),
                Arguments.of("fragment in url", "{\"url\":\"http://127.0.0.1/h#x\"," + EVENTS + "}", "parameter_invalid", "url"),
                Arguments.of("url over 2048", "{\"url\":\"" + longUrl + "\"," + EVENTS + "}", "parameter_invalid", "url"),
                Arguments.of("no event types", "{" + URL + ",\"enabled_events\":[]}", "parameter_invalid", "enabled_events"),
                Arguments.of("upper-case type", "{" + URL + ",\"enabled_events\":[\"Charge.Refunded\"]}", "parameter_invalid", "enabled_events[0]"),
                Arguments.of("wildcard in the middle", "{" + URL + ",\"enabled_events\":[\"*\",\"charge.*.x\"]}", "parameter_invalid", "enabled_events[1]"),
                Arguments.of("leading wildcard", "{" + URL + ",\"enabled_events\":[\"*.succeeded\"]}", "parameter_invalid", "enabled_events[0]"),
                Arguments.of("trailing dot", "{" + URL + ",\"enabled_events\":[\"charge.\"]}", "parameter_invalid", "enabled_events[0]"),
                Arguments.of("empty type", "{" + URL + ",\"enabled_events\":[\"\"]}", "parameter_invalid", "enabled_events[0]"),
                Arguments.of("null type", "{" + URL + ",\"enabled_events\":[null]}", "parameter_invalid", "enabled_events[0]"),
                Arguments.of("zero delay", "{" + URL + "," + EVENTS + ",\"retry_schedule\":[0]}", "parameter_invalid", "retry_schedule[0]"),
                Arguments.of("negative delay", "{" + URL + "," + EVENTS + ",\"retry_schedule\":[5,-1]}", "parameter_invalid", "retry_schedule[1]"),
                Arguments.of("delay over a day", "{" + URL + "," + EVENTS + ",\"retry_schedule\":[86401]}", "parameter_invalid", "retry_schedule[0]"),
                Arguments.of("21 delays", "{" + URL + "," + EVENTS + ",\"retry_schedule\":" + twentyOne + "}", "parameter_invalid", "retry_schedule"),
                Arguments.of("string delay", "{" + URL + "," + EVENTS + ",\"retry_schedule\":[\"5\"]}", "parameter_invalid", "retry_schedule[0]"),
                Arguments.of("fractional delay", "{" + URL + "," + EVENTS + ",\"retry_schedule\":[1.5]}", "parameter_invalid", "retry_schedule[0]"),
                Arguments.of("huge delay", "{" + URL + "," + EVENTS + ",\"retry_schedule\":[99999999999]}", "parameter_invalid", "retry_schedule[0]"),
                Arguments.of("schedule not a list", "{" + URL + "," + EVENTS + ",\"retry_schedule\":5}", "parameter_invalid", "retry_schedule"),
                Arguments.of("description too long", "{" + URL + "," + EVENTS + ",\"description\":\"" + "d".repeat(1001) + "\"}", "parameter_invalid", "description"),
                Arguments.of("metadata value not a string", "{" + URL + "," + EVENTS + ",\"metadata\":{\"n\":1}}", "parameter_invalid", "metadata[n]"));
    }

    @ParameterizedTest(name = "create: {0}")
    @MethodSource("badBodies")
    void createRefusesBadBodies(String description, String body, String code, String param) {
        assertBadRequest(api.post("/v1/webhook_endpoints", account.testKey(), body), code, param);
    }

    @ParameterizedTest(name = "update: {0}")
    @MethodSource("badBodies")
    void updateRefusesBadBodies(String description, String body, String code, String param) {
        assertBadRequest(api.post("/v1/webhook_endpoints/" + existing, account.testKey(), body), code, param);
    }

    static Stream<Arguments> badCreateOnlyBodies() {
        return Stream.of(
                Arguments.of("no body", null, "parameter_missing", "url"),
                Arguments.of("no url", "{" + EVENTS + "}", "parameter_missing", "url"),
                Arguments.of("blank url", "{\"url\":\" \"," + EVENTS + "}", "parameter_missing", "url"),
                Arguments.of("no enabled_events", "{" + URL + "}", "parameter_missing", "enabled_events"),
                Arguments.of("empty retry schedule", "{" + URL + "," + EVENTS + ",\"retry_schedule\":[]}", "parameter_invalid", "retry_schedule"),
                Arguments.of("disabled on create", "{" + URL + "," + EVENTS + ",\"disabled\":true}", "parameter_unknown", "disabled"));
    }

    @ParameterizedTest(name = "create: {0}")
    @MethodSource("badCreateOnlyBodies")
    void createRefusesIncompleteBodies(String description, String body, String code, String param) {
        assertBadRequest(api.post("/v1/webhook_endpoints", account.testKey(), body), code, param);
    }

    @Test
    void updateRefusesAWrongTypeForDisabled() {
        assertBadRequest(api.post("/v1/webhook_endpoints/" + existing, account.testKey(), "{\"disabled\":\"yes\"}"),
                "parameter_invalid", "disabled");
        assertBadRequest(api.post("/v1/webhook_endpoints/" + existing, account.testKey(), "{\"disabled\":1}"),
                "parameter_invalid", "disabled");
    }

    static Stream<Arguments> badActions() {
        return Stream.of(
                Arguments.of("rotate_secret", "{\"expires_in\":-1}", "parameter_invalid", "expires_in"),
                Arguments.of("rotate_secret", "{\"expires_in\":604801}", "parameter_invalid", "expires_in"),
                Arguments.of("rotate_secret", "{\"expires_in\":\"60\"}", "parameter_invalid", "expires_in"),
                Arguments.of("rotate_secret", "{\"expires_in\":1.5}", "parameter_invalid", "expires_in"),
                Arguments.of("rotate_secret", "{\"expires\":60}", "parameter_unknown", "expires"),
                Arguments.of("replay", "{}", "parameter_missing", "event"),
                Arguments.of("replay", "{\"event\":42}", "parameter_invalid", "event"),
                Arguments.of("replay", "{\"event\":\"evt_never_sent_here\"}", "resource_missing", "event"),
                Arguments.of("replay", "{\"event_id\":\"evt_1\"}", "parameter_unknown", "event_id"),
                Arguments.of("recover", "{}", "parameter_missing", "since"),
                Arguments.of("recover", "{\"since\":\"yesterday\"}", "parameter_invalid", "since"),
                Arguments.of("recover", "{\"since\":-1}", "parameter_invalid", "since"),
                Arguments.of("recover", "{\"since\":1.5}", "parameter_invalid", "since"),
                Arguments.of("recover", "{\"since\":1,\"until\":2}", "parameter_unknown", "until"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("badActions")
    void actionsRefuseBadBodies(String action, String body, String code, String param) {
        Api.Response response = api.post("/v1/webhook_endpoints/" + existing + "/" + action, account.testKey(), body);
        assertProblem(response, code.equals("resource_missing") ? 404 : 400, code, param);
        assertThat(snapshot()).as("nothing written").isEqualTo(snapshot);
    }

    static Stream<Arguments> badListParameters() {
        return Stream.of(
                Arguments.of("/v1/webhook_endpoints?limit=0", "parameter_invalid", "limit"),
                Arguments.of("/v1/webhook_endpoints?limit=101", "parameter_invalid", "limit"),
                Arguments.of("/v1/webhook_endpoints?starting_after=we_nope", "resource_missing", "starting_after"),
                Arguments.of("/v1/webhook_endpoints?status=enabled", "parameter_unknown", "status"),
                Arguments.of("/v1/webhook_attempts", "parameter_missing", "endpoint"),
                Arguments.of("/v1/webhook_attempts?endpoint=", "parameter_missing", "endpoint"),
                Arguments.of("/v1/webhook_attempts?endpoint=we_nope", "resource_missing", "endpoint"),
                Arguments.of("/v1/webhook_attempts?event=evt_1&limit=ten", "parameter_invalid", "limit"),
                Arguments.of("/v1/webhook_attempts?event=evt_1&ending_before=wha_nope", "resource_missing", "ending_before"),
                Arguments.of("/v1/webhook_attempts?event=evt_1&colour=blue", "parameter_unknown", "colour"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badListParameters")
    void listsRefuseBadParameters(String path, String code, String param) {
        assertProblem(api.get(path, account.testKey()), code.equals("resource_missing") ? 404 : 400, code, param);
    }

    @Test
    void unknownIdsAre404OnEveryRoute() {
        String unknown = "/v1/webhook_endpoints/we_unknown";
        assertProblem(api.get(unknown, account.testKey()), 404, "resource_missing", "id");
        assertProblem(api.post(unknown, account.testKey(), "{\"description\":\"x\"}"), 404, "resource_missing", "id");
        assertProblem(api.delete(unknown, account.testKey()), 404, "resource_missing", "id");
        assertProblem(api.post(unknown + "/rotate_secret", account.testKey(), "{}"), 404, "resource_missing", "id");
        assertProblem(api.post(unknown + "/replay", account.testKey(), "{\"event\":\"evt_1\"}"), 404, "resource_missing", "id");
        assertProblem(api.post(unknown + "/recover", account.testKey(), "{\"since\":0}"), 404, "resource_missing", "id");
        assertThat(snapshot()).isEqualTo(snapshot);
    }

    private void assertBadRequest(Api.Response response, String code, String param) {
        if (param == null) {
            assertProblem(response, 400, code);
        } else {
            assertProblem(response, 400, code, param);
        }
        assertThat(snapshot()).as("nothing written").isEqualTo(snapshot);
    }

    private String snapshot() {
        return jdbc.sql("""
                SELECT coalesce(string_agg(id || url || coalesce(description, '') || array_to_string(enabled_events, ',') || status
                       || coalesce(array_to_string(retry_schedule, ','), '') || metadata::text || md5(coalesce(secret, ''))
                       || coalesce(md5(previous_secret), ''), '|' ORDER BY id), '')
                       || (SELECT count(*) FROM webhooks_deliveries WHERE account_id = :a)
                FROM webhooks_endpoints
                WHERE account_id = :a
                """).param("a", account.id()).query(String.class).single();
    }
}
