package dev.settle.tenancy.internal;

import static dev.settle.support.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

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

/** Users, sessions and the audit log fed bad input: a 4xx problem naming the param, and nothing written. */
@SettleTest
class UserBadInputTests {

    @Autowired
    Api api;

    @Autowired
    JdbcClient jdbc;

    Api.Account account;
    String snapshot;

    @BeforeEach
    void anAccount() {
        account = api.newAccount();
        snapshot = snapshot();
    }

    static Stream<Arguments> badInvitations() {
        return Stream.of(
                Arguments.of("malformed JSON", "{\"email\":", "invalid_json", null),
                Arguments.of("not an object", "[1]", "invalid_json", null),
                Arguments.of("no email", "{\"role\":\"admin\"}", "parameter_missing", "email"),
                Arguments.of("no role", "{\"email\":\"a@example.com\"}", "parameter_missing", "role"),
                Arguments.of("number for email", "{\"email\":5,\"role\":\"admin\"}", "parameter_invalid", "email"),
                Arguments.of("not an address", "{\"email\":\"nobody\",\"role\":\"admin\"}", "parameter_invalid", "email"),
                Arguments.of("NUL in email", "{\"email\":\"a\\u0000b@example.com\",\"role\":\"admin\"}", "parameter_invalid", "email"),
                Arguments.of("huge email", "{\"email\":\"" + "a".repeat(300) + "@example.com\",\"role\":\"admin\"}", "parameter_invalid", "email"),
                Arguments.of("unknown role", "{\"email\":\"a@example.com\",\"role\":\"root\"}", "parameter_invalid", "role"),
                Arguments.of("upper-case role", "{\"email\":\"a@example.com\",\"role\":\"OWNER\"}", "parameter_invalid", "role"),
                Arguments.of("extra field", "{\"email\":\"a@example.com\",\"role\":\"admin\",\"password\":\"x\"}", "parameter_unknown", "password"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInvitations")
    void badInvitationsAreRefusedAndWriteNothing(String name, String body, String code, String param) {
        assertBad(api.post("/v1/users", account.testKey(), body), code, param);
    }

    static Stream<Arguments> badSignIns() {
        return Stream.of(
                Arguments.of("malformed JSON", "{", "invalid_json", null),
                Arguments.of("no password", "{\"email\":\"a@example.com\"}", "parameter_missing", "password"),
                Arguments.of("no email", "{\"password\":\"a long enough password\"}", "parameter_missing", "email"),
                Arguments.of("number for password", "{\"email\":\"a@example.com\",\"password\":5}", "parameter_invalid", "password"),
                Arguments.of("string for livemode", "{\"email\":\"a@example.com\",\"password\":\"x\",\"livemode\":\"yes\"}",
                        "parameter_invalid", "livemode"),
                Arguments.of("extra field", "{\"email\":\"a@example.com\",\"password\":\"x\",\"role\":\"owner\"}", "parameter_unknown", "role"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badSignIns")
    void badSignInsAreRefused(String name, String body, String code, String param) {
        assertBad(api.post("/v1/sessions", null, body), code, param);
    }

    @Test
    void aNulOrHugeEmailAtSignInIsRefusedWithoutSayingWhetherTheUserExists() {
        // A NUL is refused for every route before it reaches one (platform's NUL filter), naming the field.
        assertProblem(api.post("/v1/sessions", null, "{\"email\":\"a\\u0000@example.com\",\"password\":\"x\"}"), 400, "parameter_invalid",
                "email");
        assertProblem(api.post("/v1/sessions", null, "{\"email\":\"" + "a".repeat(5000) + "\",\"password\":\"x\"}"), 401, "sign_in_failed");
        assertThat(snapshot()).isEqualTo(snapshot);
    }

    @Test
    void badAcceptancesRolesAndIds() {
        String invite = api.post("/v1/users", account.testKey(), "{\"email\":\"bad-" + account.id() + "@example.com\",\"role\":\"admin\"}")
                .text("invite_token");
        String id = api.get("/v1/users", account.testKey()).json().path("data").path(0).path("id").asString();
        snapshot = snapshot();

        assertBad(api.post("/v1/users/accept", null, "{\"password\":\"a long enough password\"}"), "parameter_missing", "invite_token");
        assertBad(api.post("/v1/users/accept", null, "{\"invite_token\":\"" + invite + "\"}"), "parameter_missing", "password");
        assertBad(api.post("/v1/users/accept", null, "{\"invite_token\":\"" + invite + "\",\"password\":\"" + "é".repeat(40) + "\"}"),
                "parameter_invalid", "password");
        assertBad(api.post("/v1/users/accept", null, "{\"invite_token\":\"" + invite + "\",\"password\":\"a\\u0000long enough password\"}"),
                "parameter_invalid", "password");
        assertBad(api.post("/v1/users/" + id, account.testKey(), "{\"role\":\"superuser\"}"), "parameter_invalid", "role");
        assertBad(api.post("/v1/users/" + id, account.testKey(), "{}"), "parameter_missing", "role");
        assertProblem(api.delete("/v1/users/user_nothing", account.testKey()), 404, "resource_missing");
        assertProblem(api.get("/v1/users?starting_after=user%00x", account.testKey()), 400, "parameter_invalid", "starting_after");
        assertProblem(api.get("/v1/audit_log?starting_after=audit%00x", account.testKey()), 400, "parameter_invalid", "starting_after");
        assertProblem(api.get("/v1/users?starting_after=user_nothing", account.testKey()), 404, "resource_missing", "starting_after");
        assertProblem(api.get("/v1/users?limit=0", account.testKey()), 400, "parameter_invalid", "limit");
        assertProblem(api.get("/v1/audit_log?action=", account.testKey()), 400, "parameter_invalid", "action");
        assertProblem(api.get("/v1/audit_log?created[lte]=-5", account.testKey()), 400, "parameter_invalid", "created[lte]");
        assertProblem(api.get("/v1/audit_log?starting_after=audit_nothing", account.testKey()), 404, "resource_missing", "starting_after");
        assertProblem(api.get("/v1/audit_log?colour=red", account.testKey()), 400, "parameter_unknown", "colour");
        assertThat(snapshot()).isEqualTo(snapshot);
    }

    private void assertBad(Api.Response response, String code, String param) {
        if (param == null) {
            assertProblem(response, 400, code);
        } else {
            assertProblem(response, 400, code, param);
        }
        assertThat(snapshot()).as("nothing written").isEqualTo(snapshot);
    }

    private String snapshot() {
        return jdbc.sql("""
                SELECT (SELECT count(*) FROM tenancy_users WHERE account_id = :a) || '/'
                    || (SELECT count(*) FROM tenancy_audit_log WHERE account_id = :a) || '/'
                    || (SELECT count(*) FROM tenancy_sessions s JOIN tenancy_users u ON u.id = s.user_id WHERE u.account_id = :a) || '/'
                    || (SELECT coalesce(string_agg(role || coalesce(password_hash, '-'), ',' ORDER BY id), '') FROM tenancy_users WHERE account_id = :a)
                """).param("a", account.id()).query(String.class).single();
    }
}
