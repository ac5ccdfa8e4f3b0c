package dev.settle.ratelimits;

import static dev.settle.support.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;

import dev.settle.support.Api;
import dev.settle.support.SettleTest;

/**
 * The limits at their boundary, with the defaults of application.yml (live 100, test 25, operator
 * 100 requests a second) and the limiter's time held still ({@link ManualRateLimitClock}), so
 * "within one second" means exactly that, whatever the machine's speed.
 */
@SettleTest
@Import(ManualRateLimitClock.class)
class RateLimitTests {

    @Autowired
    Api api;

    @Autowired
    ManualRateLimitClock time;

    Api.Account account;

    @BeforeEach
    void anAccountWithTheDefaults() {
        time.advance(Duration.ofSeconds(10)); // every bucket full again, the operator's included
        account = api.newAccountWithDefaultLimits();
    }

    @Test
    void aTestKeyGets25RequestsASecondAndThe26thIs429WithItsHeaders() {
        for (int i = 1; i <= 25; i++) {
            Api.Response ok = api.get("/v1/customers", account.testKey());
            assertThat(ok.status()).as("request " + i + ": " + ok).isEqualTo(200);
            assertThat(ok.header("RateLimit-Limit")).isEqualTo("25");
            assertThat(ok.header("RateLimit-Remaining")).isEqualTo(String.valueOf(25 - i));
        }
        Api.Response refused = api.get("/v1/customers", account.testKey());
        assertProblem(refused, 429, "rate_limit_exceeded");
        assertThat(refused.header("Retry-After")).isEqualTo("1");
        assertThat(refused.header("RateLimit-Limit")).isEqualTo("25");
        assertThat(refused.header("RateLimit-Remaining")).isEqualTo("0");
        assertThat(refused.header("RateLimit-Reset")).isEqualTo("1");
        // POSTs count the same, and a refused one writes nothing.
        assertProblem(api.post("/v1/customers", account.testKey(), "{\"name\":\"x\"}"), 429, "rate_limit_exceeded");
        time.advance(Duration.ofSeconds(1));
        assertThat(api.get("/v1/customers", account.testKey()).json().path("data").size()).isZero();
    }

    @Test
    void aLiveKeyGets100() {
        for (int i = 1; i <= 100; i++) {
            assertThat(api.get("/v1/customers", account.liveKey()).status()).as("request " + i).isEqualTo(200);
        }
        assertProblem(api.get("/v1/customers", account.liveKey()), 429, "rate_limit_exceeded");
        assertThat(api.get("/v1/customers", account.testKey()).status()).as("the test key has its own bucket").isEqualTo(200);
    }

    @Test
    void atExactlyTheLimitsRateNothingIsEverRefused() {
        // 25 a second is one every 40 ms: 500 requests spaced so, after the burst is spent, are all served.
        for (int i = 0; i < 25; i++) {
            assertThat(api.get("/v1/customers", account.testKey()).status()).isEqualTo(200);
        }
        for (int i = 0; i < 500; i++) {
            time.advance(Duration.ofMillis(40));
            Api.Response response = api.get("/v1/customers", account.testKey());
            assertThat(response.status()).as("request " + i + ": " + response).isEqualTo(200);
            assertThat(response.header("RateLimit-Remaining")).isEqualTo("0");
        }
        time.advance(Duration.ofMillis(39));
        assertProblem(api.get("/v1/customers", account.testKey()), 429, "rate_limit_exceeded");
    }

    @Test
    void anAccountsOwnLimitReplacesTheDefaultAtOnce() {
        Api.Response set = api.post("/v1/accounts/" + account.id() + "/rate_limits", Api.OPERATOR_TOKEN, "{\"test\":5}");
        assertThat(set.status()).as(set.toString()).isEqualTo(200);
        assertThat(set.json().path("test").path("per_second").asInt()).isEqualTo(5);
        assertThat(set.json().path("test").path("source").asString()).isEqualTo("account");
        assertThat(set.json().path("live").path("per_second").asInt()).isEqualTo(100);
        assertThat(set.json().path("live").path("source").asString()).isEqualTo("default");
        for (int i = 1; i <= 5; i++) {
            assertThat(api.get("/v1/customers", account.testKey()).status()).as("request " + i).isEqualTo(200);
        }
        Api.Response refused = api.get("/v1/customers", account.testKey());
        assertProblem(refused, 429, "rate_limit_exceeded");
        assertThat(refused.header("RateLimit-Limit")).isEqualTo("5");
        Api.Response read = api.get("/v1/accounts/" + account.id() + "/rate_limits", Api.OPERATOR_TOKEN);
        assertThat(read.json().path("test").path("per_second").asInt()).isEqualTo(5);
    }

    @Test
    void everyKeyHasItsOwnBucket() {
        String restricted = api.post("/v1/accounts/" + account.id() + "/keys", Api.OPERATOR_TOKEN,
                "{\"type\":\"restricted\",\"scopes\":[\"customers:read\"]}").text("secret");
        for (int i = 0; i < 25; i++) {
            api.get("/v1/customers", account.testKey());
        }
        assertProblem(api.get("/v1/customers", account.testKey()), 429, "rate_limit_exceeded");
        assertThat(api.get("/v1/customers", restricted).status()).isEqualTo(200);
    }

    @Test
    void dashboardSessionsOfAnAccountShareTheLimitOfItsMode() {
        String email = "limits-" + account.id() + "@example.com";
        Api.Response invited = api.post("/v1/users", account.testKey(), "{\"email\":\"" + email + "\",\"role\":\"analyst\"}");
        assertThat(api.post("/v1/users/accept", null, "{\"invite_token\":\"" + invited.text("invite_token")
                + "\",\"password\":\"correct horse battery\"}").status()).isEqualTo(200);
        Api.Response signedIn = api.post("/v1/sessions", null, "{\"email\":\"" + email + "\",\"password\":\"correct horse battery\"}");
        String cookie = signedIn.raw().headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("settle_session="))
                .map(c -> c.substring(0, c.indexOf(';'))).findFirst().orElseThrow();
        for (int i = 1; i <= 25; i++) {
            Api.Response ok = api.send("GET", "/v1/customers", null, null, java.util.Map.of("Cookie", cookie));
            assertThat(ok.status()).as("request " + i + ": " + ok).isEqualTo(200);
        }
        Api.Response refused = api.send("GET", "/v1/customers", null, null, java.util.Map.of("Cookie", cookie));
        assertProblem(refused, 429, "rate_limit_exceeded");
        assertThat(refused.header("RateLimit-Limit")).isEqualTo("25");
        // The account's secret key has a bucket of its own (one request spent on the invitation).
        assertThat(api.get("/v1/customers", account.testKey()).status()).isEqualTo(200);
    }

    @Test
    void theOperatorApiHasItsOwnLimitOf100() {
        for (int i = 0; i < 25; i++) {
            api.get("/v1/customers", account.testKey());
        }
        assertProblem(api.get("/v1/customers", account.testKey()), 429, "rate_limit_exceeded");
        time.advance(Duration.ofSeconds(10));
        for (int i = 1; i <= 100; i++) {
            Api.Response ok = api.get("/v1/accounts/" + account.id(), Api.OPERATOR_TOKEN);
            assertThat(ok.status()).as("operator request " + i).isEqualTo(200);
        }
        Api.Response refused = api.get("/v1/accounts/" + account.id(), Api.OPERATOR_TOKEN);
        assertProblem(refused, 429, "rate_limit_exceeded");
        assertThat(refused.header("RateLimit-Limit")).isEqualTo("100");
        assertThat(api.get("/v1/customers", account.testKey()).status()).as("accounts' keys are not held up").isEqualTo(200);
    }

    @Test
    void badLimitsAreRefused() {
        assertProblem(api.post("/v1/accounts/" + account.id() + "/rate_limits", Api.OPERATOR_TOKEN, "{\"test\":0}"), 400,
                "parameter_invalid", "test");
        assertProblem(api.post("/v1/accounts/" + account.id() + "/rate_limits", Api.OPERATOR_TOKEN, "{\"live\":100001}"), 400,
                "parameter_invalid", "live");
        assertProblem(api.post("/v1/accounts/acct_nope/rate_limits", Api.OPERATOR_TOKEN, "{\"live\":10}"), 404, "resource_missing");
        assertProblem(api.get("/v1/accounts/acct_nope/rate_limits", Api.OPERATOR_TOKEN), 404, "resource_missing");
        assertProblem(api.post("/v1/accounts/" + account.id() + "/rate_limits", account.testKey(), "{\"live\":10}"), 401,
                "operator_token_invalid");
    }
}
