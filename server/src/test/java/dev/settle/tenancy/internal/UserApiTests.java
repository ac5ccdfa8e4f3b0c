package dev.settle.tenancy.internal;

import static dev.settle.support.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.settle.support.Api;
import dev.settle.support.ClearText;
import dev.settle.support.SettleTest;

/**
 * Dashboard users through the API: invitation and acceptance, sign-in with a secure session cookie
 * that acts for the account, CSRF on changes, lockout, TOTP two-factor, roles and the last owner.
 */
@SettleTest
class UserApiTests {

    @Autowired
    Api api;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Clock clock;

    DashboardUsers users() {
        return new DashboardUsers(api);
    }

    @Test
    void anInvitedUserAcceptsSignsInAndActsForItsAccount() {
        Api.Account account = api.newAccount();
        String email = "owner-" + account.id() + "@example.com";
        Api.Response invited = api.post("/v1/users", account.testKey(), "{\"email\":\"" + email + "\",\"role\":\"owner\"}", "invite-1");
        assertThat(invited.status()).as(invited.toString()).isEqualTo(200);
        assertThat(invited.text("status")).isEqualTo("invited");
        String token = invited.text("invite_token");
        assertThat(token).startsWith("inv_");
        assertThat(api.get("/v1/users/" + invited.text("id"), account.testKey()).json().has("invite_token")).isFalse();
        assertProblem(users().signIn(email, DashboardUsers.PASSWORD, null), 401, "sign_in_failed");

        assertProblem(api.post("/v1/users/accept", null, "{\"invite_token\":\"" + token + "\",\"password\":\"short\"}"), 400,
                "parameter_invalid", "password");
        Api.Response accepted = api.post("/v1/users/accept", null,
                "{\"invite_token\":\"" + token + "\",\"password\":\"" + DashboardUsers.PASSWORD + "\"}");
        assertThat(accepted.text("status")).isEqualTo("active");
        assertProblem(api.post("/v1/users/accept", null, "{\"invite_token\":\"" + token + "\",\"password\":\"another long password\"}"),
                400, "invite_invalid", "invite_token");

        Api.Response signedIn = users().signIn(email, DashboardUsers.PASSWORD, null);
        assertThat(signedIn.status()).as(signedIn.toString()).isEqualTo(200);
        String cookie = signedIn.raw().headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("settle_session="))
                .findFirst().orElseThrow();
        assertThat(cookie).contains("HttpOnly").contains("Secure").contains("SameSite=Strict");
        assertThat(jdbc.sql("SELECT password_hash FROM tenancy_users WHERE id = :id").param("id", invited.text("id"))
                .query(String.class).single()).startsWith("$2").doesNotContain(DashboardUsers.PASSWORD);

        DashboardUsers.Session session = DashboardUsers.of(signedIn);
        Api.Response customer = users().send(session, "POST", "/v1/customers", "{\"email\":\"by-user@example.com\"}", true);
        assertThat(customer.status()).as(customer.toString()).isEqualTo(200);
        assertThat(api.get("/v1/customers/" + customer.text("id"), account.testKey()).status()).as("the account's test mode").isEqualTo(200);
        Api.Response endpoint = users().send(session, "POST", "/v1/webhook_endpoints",
                "{\"url\":\"http://127.0.0.1:9/u\",\"enabled_events\":[\"*\"]}", true);
        Api.Response audit = api.get("/v1/audit_log?object=" + endpoint.text("id"), account.testKey());
        assertThat(audit.json().path("data").path(0).path("actor").path("type").asString()).isEqualTo("user");
        assertThat(audit.json().path("data").path(0).path("actor").path("id").asString()).isEqualTo(invited.text("id"));

        assertThat(jdbc.sql("""
                SELECT convert_from(response_body, 'UTF8') FROM idempotency_keys
                WHERE account_id = :account AND idempotency_key = 'invite-1'
                """).param("account", account.id()).query(String.class).single()).as("the stored invitation answer is sealed")
                .startsWith("sbx1.");
        for (String secret : List.of(token, session.token(), session.csrf(), DashboardUsers.PASSWORD)) {
            assertThat(ClearText.columnsContaining(jdbc, secret)).as("columns holding an invite, session or CSRF token or a password")
                    .isEmpty();
        }

        assertThat(users().send(session, "DELETE", "/v1/sessions", null, true).status()).isEqualTo(200);
        assertProblem(users().send(session, "GET", "/v1/customers", null, false), 401, "session_invalid");
    }

    @Test
    void aCookieRequestThatChangesSomethingNeedsTheCsrfToken() {
        Api.Account account = api.newAccount();
        String email = "csrf-" + account.id() + "@example.com";
        users().activeUser(account, email, "admin");
        DashboardUsers.Session session = users().session(email);
        long before = jdbc.sql("SELECT count(*) FROM customers WHERE account_id = :a").param("a", account.id()).query(Long.class).single();

        assertProblem(users().send(session, "POST", "/v1/customers", "{}", false), 403, "csrf_token_invalid");
        assertProblem(api.send("POST", "/v1/customers", null, "{}", java.util.Map.of("Cookie", session.cookie(),
                "X-CSRF-Token", "forged")), 403, "csrf_token_invalid");
        assertProblem(users().send(session, "DELETE", "/v1/sessions", null, false), 403, "csrf_token_invalid");
        assertThat(jdbc.sql("SELECT count(*) FROM customers WHERE account_id = :a").param("a", account.id()).query(Long.class).single())
                .as("nothing written").isEqualTo(before);
        assertThat(users().send(session, "GET", "/v1/customers", null, false).status()).as("reads need no token").isEqualTo(200);
        assertThat(users().send(session, "POST", "/v1/customers", "{}", true).status()).isEqualTo(200);
    }

    @Test
    void repeatedFailuresLockTheUserOutAndTheRightPasswordDoesNotLetItIn() {
        Api.Account account = api.newAccount();
        String email = "locked-" + account.id() + "@example.com";
        String userId = users().activeUser(account, email, "analyst");

        for (int i = 1; i < 5; i++) {
            assertProblem(users().signIn(email, "wrong password " + i, null), 401, "sign_in_failed");
        }
        assertProblem(users().signIn(email, "wrong password 5", null), 401, "sign_in_locked");
        assertProblem(users().signIn(email, DashboardUsers.PASSWORD, null), 401, "sign_in_locked");
        assertProblem(users().signIn(email.toUpperCase(java.util.Locale.ROOT), DashboardUsers.PASSWORD, null), 401, "sign_in_locked");
        assertThat(api.get("/v1/audit_log?action=user.locked", account.testKey()).json().path("data").path(0).path("object_id")
                .asString()).isEqualTo(userId);
        assertProblem(users().signIn("nobody-" + account.id() + "@example.com", DashboardUsers.PASSWORD, null), 401, "sign_in_failed");

        jdbc.sql("UPDATE tenancy_users SET locked_until = now() - interval '1 second' WHERE id = :id").param("id", userId).update();
        assertThat(users().signIn(email, DashboardUsers.PASSWORD, null).status()).as("after the lockout").isEqualTo(200);
    }

    @Test
    void concurrentGuessesLockTheUserOutToo() {
        Api.Account account = api.newAccount();
        String email = "guessed-" + account.id() + "@example.com";
        users().activeUser(account, email, "analyst");

        List<java.util.concurrent.CompletableFuture<Api.Response>> guesses = java.util.stream.IntStream.range(0, 8)
                .mapToObj(i -> java.util.concurrent.CompletableFuture.supplyAsync(() -> users().signIn(email, "guess " + i, null)))
                .toList();
        List<String> codes = guesses.stream().map(java.util.concurrent.CompletableFuture::join).map(r -> r.text("code")).toList();

        assertThat(codes).containsOnly("sign_in_failed", "sign_in_locked").contains("sign_in_locked");
        assertProblem(users().signIn(email, DashboardUsers.PASSWORD, null), 401, "sign_in_locked");
    }

    @Test
    void twoFactorWithTotp() {
        Api.Account account = api.newAccount();
        String email = "totp-" + account.id() + "@example.com";
        String userId = users().activeUser(account, email, "developer");
        DashboardUsers.Session session = users().session(email);

        Api.Response started = users().send(session, "POST", "/v1/users/" + userId + "/totp", "{}", true);
        assertThat(started.status()).as(started.toString()).isEqualTo(200);
        String secret = started.text("secret");
        assertThat(started.text("otpauth_uri")).startsWith("otpauth://totp/").contains("secret=" + secret);
        assertThat(jdbc.sql("SELECT totp_secret FROM tenancy_users WHERE id = :id").param("id", userId).query(String.class).single())
                .startsWith("sbx1.").doesNotContain(secret);
        assertThat(ClearText.columnsContaining(jdbc, secret)).as("columns holding the TOTP secret").isEmpty();
        assertProblem(users().send(session, "POST", "/v1/users/" + userId + "/totp/enable", "{\"code\":\"000000\"}", true), 400,
                "totp_code_invalid", "code");
        String code = Totp.code(Totp.fromBase32(secret), clock.instant(), 6);
        assertThat(users().send(session, "POST", "/v1/users/" + userId + "/totp/enable", "{\"code\":\"" + code + "\"}", true)
                .json().path("two_factor").asBoolean()).isTrue();

        assertProblem(users().signIn(email, DashboardUsers.PASSWORD, null), 401, "totp_required");
        assertProblem(users().signIn(email, DashboardUsers.PASSWORD, "123456".equals(code) ? "654321" : "123456"), 401, "sign_in_failed");
        assertThat(users().signIn(email, DashboardUsers.PASSWORD, Totp.code(Totp.fromBase32(secret), clock.instant(), 6)).status())
                .isEqualTo(200);
        assertProblem(api.post("/v1/users/" + userId + "/totp", account.testKey(), "{}"), 403, "user_session_required");
    }

    @Test
    void rolesChangeEndSessionsAndTheLastOwnerStays() {
        Api.Account account = api.newAccount();
        String ownerEmail = "only-owner-" + account.id() + "@example.com";
        String owner = users().activeUser(account, ownerEmail, "owner");
        String adminEmail = "admin-" + account.id() + "@example.com";
        String admin = users().activeUser(account, adminEmail, "admin");
        DashboardUsers.Session ownerSession = users().session(ownerEmail);
        DashboardUsers.Session adminSession = users().session(adminEmail);

        assertProblem(users().send(adminSession, "POST", "/v1/users", "{\"email\":\"x-" + account.id() + "@example.com\",\"role\":\"analyst\"}",
                true), 403, "role_forbidden");
        assertProblem(users().send(ownerSession, "POST", "/v1/users/" + owner, "{\"role\":\"admin\"}", true), 409, "last_owner");
        assertProblem(users().send(ownerSession, "DELETE", "/v1/users/" + owner, null, true), 409, "last_owner");

        Api.Response demoted = users().send(ownerSession, "POST", "/v1/users/" + admin, "{\"role\":\"analyst\"}", true);
        assertThat(demoted.text("role")).isEqualTo("analyst");
        assertProblem(users().send(adminSession, "GET", "/v1/customers", null, false), 401, "session_invalid");
        DashboardUsers.Session analystSession = users().session(adminEmail);
        assertProblem(users().send(analystSession, "POST", "/v1/customers", "{}", true), 403, "role_forbidden");

        assertThat(users().send(ownerSession, "DELETE", "/v1/users/" + admin, null, true).status()).isEqualTo(200);
        assertProblem(users().send(analystSession, "GET", "/v1/customers", null, false), 401, "session_invalid");
        assertProblem(users().signIn(adminEmail, DashboardUsers.PASSWORD, null), 401, "sign_in_failed");
        List<String> actions = api.get("/v1/audit_log?object=" + admin, account.testKey()).json().path("data").valueStream()
                .map(entry -> entry.path("action").asString()).toList();
        assertThat(actions).containsExactly("user.removed", "user.role_changed", "user.accepted", "user.invited");
    }

    @Test
    void anotherAccountsUsersAreNotFoundAndTheOperatorApiIgnoresSessions() {
        Api.Account mine = api.newAccount();
        Api.Account theirs = api.newAccount();
        String theirUser = users().activeUser(theirs, "theirs-" + theirs.id() + "@example.com", "analyst");
        String myEmail = "mine-" + mine.id() + "@example.com";
        users().activeUser(mine, myEmail, "owner");
        DashboardUsers.Session session = users().session(myEmail);

        assertProblem(api.get("/v1/users/" + theirUser, mine.testKey()), 404, "resource_missing");
        assertProblem(users().send(session, "DELETE", "/v1/users/" + theirUser, null, true), 404, "resource_missing");
        assertThat(api.get("/v1/users", mine.testKey()).body()).doesNotContain(theirUser);
        assertProblem(users().send(session, "GET", "/v1/accounts/" + mine.id(), null, false), 401, "api_key_missing");
        assertProblem(users().send(session, "GET", "/v1/stream_tokens", null, false), 403, "api_key_required");
        assertProblem(api.post("/v1/users", mine.testKey(), "{\"email\":\"" + myEmail.toUpperCase(java.util.Locale.ROOT)
                + "\",\"role\":\"analyst\"}"), 400, "email_taken", "email");
    }
}
