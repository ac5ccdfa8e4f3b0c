package dev.settle.tenancy;

import static dev.settle.support.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.settle.support.Api;
import dev.settle.support.SettleTest;

@SettleTest
class TenancyApiTests {

    @Autowired
    Api api;

    @Autowired
    JdbcClient jdbc;

    @Test
    void operatorCreatesAnAccountWithOneTestAndOneLiveKeyShownOnce() {
        Api.Response created = api.post("/v1/accounts", Api.OPERATOR_TOKEN, "{\"name\":\"Acme\"}");

        assertThat(created.status()).isEqualTo(200);
        assertThat(created.text("id")).startsWith("acct_");
        assertThat(created.json().path("keys").path("test").path("secret").asString()).matches("sk_test_[0-9A-Za-z]{32}");
        assertThat(created.json().path("keys").path("live").path("secret").asString()).matches("sk_live_[0-9A-Za-z]{32}");

        Api.Response keys = api.get("/v1/accounts/" + created.text("id") + "/keys", Api.OPERATOR_TOKEN);
        assertThat(keys.status()).isEqualTo(200);
        assertThat(keys.json().path("data")).hasSize(2);
        assertThat(keys.body()).doesNotContain(created.json().path("keys").path("test").path("secret").asString());
        keys.json().path("data").forEach(key -> assertThat(key.has("secret")).isFalse());
    }

    @Test
    void keysAreStoredOnlyAsAKeyedHash() {
        Api.Account account = api.newAccount();

        String stored = jdbc.sql("SELECT string_agg(encode(key_hash, 'hex') || redacted, ',') FROM tenancy_api_keys WHERE account_id = :a")
                .param("a", account.id()).query(String.class).single();
        assertThat(stored).doesNotContain(account.testKey()).doesNotContain(account.testKey().substring(8, 30));
    }

    @Test
    void missingUnknownMalformedAndRevokedKeysAre401() {
        Api.Account account = api.newAccount();

        assertProblem(api.get("/v1/customers", null), 401, "api_key_missing");
        assertProblem(api.get("/v1/customers", "sk_test_" + "x".repeat(32)), 401, "api_key_invalid");
        assertProblem(api.get("/v1/customers", "sk_test_short"), 401, "api_key_malformed");
        assertProblem(api.get("/v1/customers", "not-a-key"), 401, "api_key_malformed");
        assertProblem(api.send("GET", "/v1/customers", null, null, Map.of("Authorization", "Token abc")), 401, "api_key_malformed");

        Api.Response key = api.post("/v1/accounts/" + account.id() + "/keys", Api.OPERATOR_TOKEN, "{\"type\":\"secret\"}");
        String secret = key.text("secret");
        assertThat(api.get("/v1/customers", secret).status()).isEqualTo(200);
        Api.Response revoked = api.post("/v1/accounts/" + account.id() + "/keys/" + key.text("id") + "/revoke", Api.OPERATOR_TOKEN, "{}");
        assertThat(revoked.status()).isEqualTo(200);
        assertThat(revoked.json().path("revoked").isNumber()).isTrue();

        assertProblem(api.get("/v1/customers", secret), 401, "api_key_revoked");
        assertThat(api.get("/v1/customers", account.testKey()).status()).as("other keys still work").isEqualTo(200);
    }

    @Test
    void lastUsedIsRecorded() {
        Api.Account account = api.newAccount();
        api.get("/v1/customers", account.testKey());

        Api.Response keys = api.get("/v1/accounts/" + account.id() + "/keys", Api.OPERATOR_TOKEN);
        boolean testKeyUsed = false;
        for (var key : keys.json().path("data")) {
            if (!key.path("livemode").asBoolean()) {
                testKeyUsed = key.path("last_used").isNumber();
            }
        }
        assertThat(testKeyUsed).isTrue();
    }

    @Test
    void operatorApiRefusesAccountKeysAndWrongTokens() {
        Api.Account account = api.newAccount();

        assertProblem(api.post("/v1/accounts", account.testKey(), "{}"), 401, "operator_token_invalid");
        assertProblem(api.post("/v1/accounts", "op_wrong", "{}"), 401, "operator_token_invalid");
        assertProblem(api.get("/v1/accounts/acct_doesnotexist", Api.OPERATOR_TOKEN), 404, "resource_missing");
        assertProblem(api.post("/v1/accounts/" + account.id() + "/keys", Api.OPERATOR_TOKEN, "{\"type\":\"root\"}"),
                400, "parameter_invalid", "type");
        assertProblem(api.post("/v1/accounts/" + account.id() + "/keys", Api.OPERATOR_TOKEN,
                "{\"type\":\"restricted\",\"scopes\":[\"customers:admin\"]}"), 400, "parameter_invalid", "scopes[0]");
        assertProblem(api.post("/v1/accounts/" + account.id() + "/keys", Api.OPERATOR_TOKEN,
                "{\"type\":\"restricted\"}"), 400, "parameter_invalid", "scopes");
    }

    @Test
    void restrictedKeyIsLimitedToItsScopes() {
        Api.Account account = api.newAccount();
        Api.Response restricted = api.post("/v1/accounts/" + account.id() + "/keys", Api.OPERATOR_TOKEN,
                "{\"type\":\"restricted\",\"name\":\"reporting\",\"scopes\":[\"customers:read\"]}");
        assertThat(restricted.status()).isEqualTo(200);
        String key = restricted.text("secret");
        assertThat(key).matches("rk_test_[0-9A-Za-z]{32}");

        String customer = api.post("/v1/customers", account.testKey(), "{\"email\":\"a@example.com\"}").text("id");

        assertThat(api.get("/v1/customers", key).status()).isEqualTo(200);
        assertThat(api.get("/v1/customers/" + customer, key).status()).isEqualTo(200);
        assertProblem(api.post("/v1/customers", key, "{}"), 403, "insufficient_scope");
        assertProblem(api.post("/v1/customers/" + customer, key, "{\"name\":\"x\"}"), 403, "insufficient_scope");
        assertProblem(api.delete("/v1/customers/" + customer, key), 403, "insufficient_scope");
        assertThat(api.get("/v1/customers/" + customer, account.testKey()).text("name")).as("nothing written").isNull();
    }

    @Test
    void testAndLiveModesAreSeparate() {
        Api.Account account = api.newAccount();
        String testCustomer = api.post("/v1/customers", account.testKey(), "{\"email\":\"t@example.com\"}").text("id");
        Api.Response live = api.post("/v1/customers", account.liveKey(), "{\"email\":\"l@example.com\"}");
        assertThat(live.json().path("livemode").asBoolean()).isTrue();

        assertProblem(api.get("/v1/customers/" + testCustomer, account.liveKey()), 404, "resource_missing");
        assertThat(api.get("/v1/customers", account.liveKey()).json().path("data")).hasSize(1);
        assertThat(api.get("/v1/customers", account.liveKey()).body()).doesNotContain(testCustomer);
        assertThat(api.get("/v1/customers", account.testKey()).body()).doesNotContain(live.text("id"));
    }

    @Test
    void oneAccountNeverSeesAnothersCustomers() {
        Api.Account a = api.newAccount();
        Api.Account b = api.newAccount();
        String customer = api.post("/v1/customers", a.testKey(), "{\"email\":\"a@example.com\",\"name\":\"A\"}").text("id");

        assertProblem(api.get("/v1/customers/" + customer, b.testKey()), 404, "resource_missing");
        assertProblem(api.post("/v1/customers/" + customer, b.testKey(), "{\"name\":\"stolen\"}"), 404, "resource_missing");
        assertProblem(api.delete("/v1/customers/" + customer, b.testKey()), 404, "resource_missing");
        assertProblem(api.get("/v1/customers?starting_after=" + customer, b.testKey()), 404, "resource_missing", "starting_after");
        assertThat(api.get("/v1/customers?limit=100", b.testKey()).body()).doesNotContain(customer);
        assertThat(api.get("/v1/customers?email=a@example.com", b.testKey()).json().path("data")).isEmpty();

        Api.Response stillThere = api.get("/v1/customers/" + customer, a.testKey());
        assertThat(stillThere.text("name")).isEqualTo("A");
    }
}
