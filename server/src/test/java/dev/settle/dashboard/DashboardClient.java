package dev.settle.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.settle.support.Api;

/**
 * A browser without JavaScript: keeps the cookies Settle sets, follows nothing by itself, and posts
 * forms as a browser would (form-encoded, with the page's hidden {@code _csrf}). Also makes dashboard
 * users through the API (invite and accept).
 */
final class DashboardClient {

    static final String PASSWORD = "correct horse battery";
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private static final Pattern HIDDEN_CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]*)\"");

    private final String baseUrl;
    private final Map<String, String> cookies = new LinkedHashMap<>();

    DashboardClient(Api api) {
        this(api.baseUrl());
    }

    /** A browser reaching Settle at {@code baseUrl} (another of the machine's addresses, say). */
    DashboardClient(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    record Page(int status, String body, String location) {
    }

    /** Invites {@code email} with {@code role} using the account's test key and accepts the invitation. */
    static String user(Api api, Api.Account account, String email, String role) {
        Api.Response invited = api.post("/v1/users", account.testKey(), "{\"email\":\"" + email + "\",\"role\":\"" + role + "\"}");
        assertThat(invited.status()).as(invited.toString()).isEqualTo(200);
        Api.Response accepted = api.post("/v1/users/accept", null,
                "{\"invite_token\":\"" + invited.text("invite_token") + "\",\"password\":\"" + PASSWORD + "\"}");
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(200);
        return invited.text("id");
    }

    /** Signs in through the sign-in form; the answer to the form's post. */
    Page signIn(String email, String password, String mode) {
        Page form = get("/dashboard/sign-in");
        return post("/dashboard/sign-in", Map.of("email", email, "password", password, "mode", mode, "_csrf", hiddenCsrf(form)));
    }

    /** The same, with a two-factor code. */
    Page signIn(String email, String password, String mode, String totpCode) {
        Page form = get("/dashboard/sign-in");
        return post("/dashboard/sign-in", Map.of("email", email, "password", password, "mode", mode, "totp_code", totpCode,
                "_csrf", hiddenCsrf(form)));
    }

    DashboardClient signedIn(String email) {
        Page page = signIn(email, PASSWORD, "test");
        assertThat(page.status()).as(page.body()).isEqualTo(302);
        assertThat(page.location()).endsWith("/dashboard");
        return this;
    }

    static String hiddenCsrf(Page page) {
        Matcher m = HIDDEN_CSRF.matcher(page.body());
        assertThat(m.find()).as("a form with _csrf on " + page.body()).isTrue();
        return m.group(1);
    }

    /** The Cookie header this browser sends, for calling the API as the same session. */
    String cookieHeader() {
        return cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("; "));
    }

    String csrfCookie() {
        return cookies.getOrDefault("settle_csrf", "");
    }

    Page get(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET());
    }

    /** A form post as the browser sends it; {@code fields} should include {@code _csrf} where the page's form has it. */
    Page post(String path, Map<String, String> fields) {
        String body = fields.entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue())).collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** A form post with repeated fields (checkboxes of one name), each pair {name, value}, in order. */
    Page post(String path, java.util.List<String[]> fields) {
        String body = fields.stream().map(f -> enc(f[0]) + "=" + enc(f[1])).collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private Page send(HttpRequest.Builder request) {
        if (!cookies.isEmpty()) {
            request.header("Cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("; ")));
        }
        try {
            HttpResponse<String> response = HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            for (String header : response.headers().allValues("Set-Cookie")) {
                String pair = header.substring(0, header.indexOf(';') < 0 ? header.length() : header.indexOf(';'));
                String name = pair.substring(0, pair.indexOf('='));
                String value = pair.substring(pair.indexOf('=') + 1);
                if (value.isEmpty() || header.contains("Max-Age=0")) {
                    cookies.remove(name);
                } else {
                    cookies.put(name, value);
                }
            }
            return new Page(response.statusCode(), response.body(), response.headers().firstValue("Location").orElse(""));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
