package dev.settle.tenancy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;

import dev.settle.support.Api;

/** Invites, accepts and signs in dashboard users over HTTP, and sends requests with their session cookie. */
final class DashboardUsers {

    static final String PASSWORD = "correct horse battery";

    private final Api api;

    DashboardUsers(Api api) {
        this.api = api;
    }

    /** A signed-in session: its cookie and CSRF token. */
    record Session(String userId, String token, String csrf) {

        String cookie() {
            return "settle_session=" + token + "; settle_csrf=" + csrf;
        }
    }

    /** Invites {@code email} with {@code role} (with the account's secret key) and accepts; returns the user id. */
    String activeUser(Api.Account account, String email, String role) {
        Api.Response invited = api.post("/v1/users", account.testKey(), "{\"email\":\"" + email + "\",\"role\":\"" + role + "\"}");
        assertThat(invited.status()).as(invited.toString()).isEqualTo(200);
        Api.Response accepted = api.post("/v1/users/accept", null,
                "{\"invite_token\":\"" + invited.text("invite_token") + "\",\"password\":\"" + PASSWORD + "\"}");
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(200);
        return invited.text("id");
    }

    Api.Response signIn(String email, String password, String totp) {
        String body = "{\"email\":\"" + email + "\",\"password\":\"" + password + "\""
                + (totp == null ? "" : ",\"totp_code\":\"" + totp + "\"") + "}";
        return api.post("/v1/sessions", null, body);
    }

    Session session(String email) {
        Api.Response signedIn = signIn(email, PASSWORD, null);
        assertThat(signedIn.status()).as(signedIn.toString()).isEqualTo(200);
        return of(signedIn);
    }

    static Session of(Api.Response signedIn) {
        String token = null;
        for (String header : signedIn.raw().headers().allValues("Set-Cookie")) {
            if (header.startsWith("settle_session=")) {
                token = header.substring("settle_session=".length(), header.indexOf(';'));
            }
        }
        return new Session(signedIn.json().path("user").path("id").asString(), token, signedIn.text("csrf_token"));
    }

    /** A request with the session's cookie, and its CSRF header unless {@code csrf} is false. */
    Api.Response send(Session session, String method, String path, String body, boolean csrf) {
        Map<String, String> headers = new HashMap<>();
        headers.put("Cookie", session.cookie());
        if (csrf) {
            headers.put("X-CSRF-Token", session.csrf());
        }
        return api.send(method, path, null, body, headers);
    }
}
