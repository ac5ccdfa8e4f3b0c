package dev.settle.tenancy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.settle.support.Api;
import dev.settle.support.SettleTest;
import tools.jackson.databind.JsonNode;

/**
 * {@code /v1/api_keys}: an account's own restricted keys. Minted with the secret key or a session, in
 * the request's mode, the secret shown once; the key works within its scopes; revoked at once; a
 * user grants no write its role lacks; a restricted key reaches none of it; bad input writes nothing.
 */
@SettleTest
class ApiKeyApiTests {

    @Autowired
    Api api;

    @Autowired
    JdbcClient jdbc;

    private long keys(String account) {
        return jdbc.sql("SELECT count(*) FROM tenancy_api_keys WHERE account_id = :a").param("a", account).query(Long.class).single();
    }

    @Test
    void aSecretKeyMintsARestrictedKeyThatWorksWithinItsScopesUntilRevoked() {
        Api.Account account = api.newAccount();
        Api.Response created = api.post("/v1/api_keys", account.testKey(),
                "{\"name\":\"CRM sync\",\"scopes\":[\"customers:read\",\"charges:read\"]}");
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        String secret = created.text("secret");
        String id = created.text("id");
        assertThat(secret).matches("rk_test_[0-9A-Za-z]{32}");
        assertThat(created.text("type")).isEqualTo("restricted");
        assertThat(created.json().path("livemode").asBoolean()).isFalse();
        assertThat(created.json().path("scopes").valueStream().map(JsonNode::asString).toList())
                .containsExactly("charges:read", "customers:read");

        JsonNode listed = api.get("/v1/api_keys", account.testKey()).json();
        assertThat(listed.path("object").asString()).isEqualTo("list");
        assertThat(listed.path("data").path(0).path("id").asString()).as("newest first").isEqualTo(id);
        assertThat(listed.toString()).as("the secret is shown once").doesNotContain(secret);
        assertThat(listed.path("data").valueStream().map(k -> k.path("type").asString()).toList()).contains("secret", "restricted");
        assertThat(api.get("/v1/api_keys/" + id, account.testKey()).toString()).doesNotContain(secret);

        assertThat(api.get("/v1/customers", secret).status()).isEqualTo(200);
        Api.Response write = api.post("/v1/customers", secret, "{\"name\":\"no\"}");
        assertThat(write.status()).isEqualTo(403);
        assertThat(write.text("code")).isEqualTo("insufficient_scope");

        Api.Response revoked = api.post("/v1/api_keys/" + id + "/revoke", account.testKey(), "{}");
        assertThat(revoked.status()).as(revoked.toString()).isEqualTo(200);
        assertThat(revoked.json().path("revoked").isNumber()).isTrue();
        Api.Response after = api.get("/v1/customers", secret);
        assertThat(after.status()).isEqualTo(401);
        assertThat(after.text("code")).isEqualTo("api_key_revoked");
        assertThat(api.post("/v1/api_keys/" + id + "/revoke", account.testKey(), "{}").status()).as("twice is harmless").isEqualTo(200);

        JsonNode audit = api.get("/v1/audit_log?object=" + id, account.testKey()).json().path("data");
        assertThat(audit.valueStream().map(e -> e.path("action").asString()).toList()).containsExactly("api_key.revoked", "api_key.created");
        assertThat(audit.toString()).doesNotContain(secret);
    }

    @Test
    void keysBelongToOneAccountAndOneModeAndSecretKeysAreTheOperators() {
        Api.Account account = api.newAccount();
        Api.Account other = api.newAccount();
        String id = api.post("/v1/api_keys", account.testKey(), "{\"scopes\":[\"events:read\"]}").text("id");
        assertThat(api.get("/v1/api_keys/" + id, other.testKey()).status()).as("another account's key").isEqualTo(404);
        assertThat(api.post("/v1/api_keys/" + id + "/revoke", other.testKey(), "{}").status()).isEqualTo(404);
        assertThat(api.get("/v1/api_keys/" + id, account.liveKey()).status()).as("the other mode's key").isEqualTo(404);
        assertThat(api.get("/v1/api_keys", account.liveKey()).json().path("data").toString()).doesNotContain(id);
        Api.Response live = api.post("/v1/api_keys", account.liveKey(), "{\"scopes\":[\"events:read\"]}");
        assertThat(live.text("secret")).startsWith("rk_live_");

        String secretKeyId = api.get("/v1/api_keys", account.testKey()).json().path("data").valueStream()
                .filter(k -> k.path("type").asString().equals("secret")).findFirst().orElseThrow().path("id").asString();
        Api.Response refused = api.post("/v1/api_keys/" + secretKeyId + "/revoke", account.testKey(), "{}");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.text("param")).isEqualTo("id");
        assertThat(api.get("/v1/customers", account.testKey()).status()).as("the secret key still works").isEqualTo(200);
    }

    @Test
    void aRestrictedKeyCannotListMintOrRevokeKeys() {
        Api.Account account = api.newAccount();
        String restricted = api.post("/v1/api_keys", account.testKey(), "{\"scopes\":[\"customers:write\",\"users:write\"]}")
                .text("secret");
        long before = keys(account.id());
        for (Api.Response response : new Api.Response[] {api.get("/v1/api_keys", restricted),
                api.post("/v1/api_keys", restricted, "{\"scopes\":[\"refunds:write\"]}")}) {
            assertThat(response.status()).as(response.toString()).isEqualTo(403);
            assertThat(response.text("code")).isEqualTo("insufficient_scope");
        }
        assertThat(keys(account.id())).isEqualTo(before);
    }

    @Test
    void badInputIsRefusedNamingTheParameterAndWritesNothing() {
        Api.Account account = api.newAccount();
        long before = keys(account.id());
        record Bad(String body, String code, String param) {
        }
        for (Bad bad : new Bad[] {
                new Bad("{}", "parameter_missing", "scopes"),
                new Bad("{\"scopes\":[]}", "parameter_invalid", "scopes"),
                new Bad("{\"scopes\":[\"customers:read\",\"nothing:read\"]}", "parameter_invalid", "scopes[1]"),
                new Bad("{\"scopes\":[\"customers:admin\"]}", "parameter_invalid", "scopes[0]"),
                new Bad("{\"type\":\"secret\",\"scopes\":[\"customers:read\"]}", "parameter_invalid", "type"),
                new Bad("{\"scopes\":[\"customers:read\"],\"name\":\"\"}", "parameter_invalid", "name"),
                new Bad("{\"scopes\":[\"customers:read\"],\"livemode\":true}", "parameter_unknown", "livemode")}) {
            Api.Response response = api.post("/v1/api_keys", account.testKey(), bad.body());
            assertThat(response.status()).as(bad.body() + " " + response).isEqualTo(400);
            assertThat(response.text("code")).as(bad.body()).isEqualTo(bad.code());
            assertThat(response.text("param")).as(bad.body()).isEqualTo(bad.param());
        }
        assertThat(keys(account.id())).isEqualTo(before);
    }

    @Test
    void aUserGrantsNoWriteItsRoleLacksAndAnAnalystMintsNothing() {
        Api.Account account = api.newAccount();
        DashboardUsers users = new DashboardUsers(api);
        String developerId = users.activeUser(account, "dev-" + account.id() + "@example.com", "developer");
        users.activeUser(account, "analyst-" + account.id() + "@example.com", "analyst");
        DashboardUsers.Session developer = users.session("dev-" + account.id() + "@example.com");
        DashboardUsers.Session analyst = users.session("analyst-" + account.id() + "@example.com");
        long before = keys(account.id());

        Api.Response tooMuch = users.send(developer, "POST", "/v1/api_keys", "{\"scopes\":[\"charges:read\",\"refunds:write\"]}", true);
        assertThat(tooMuch.status()).as(tooMuch.toString()).isEqualTo(403);
        assertThat(tooMuch.text("code")).isEqualTo("role_forbidden");
        assertThat(tooMuch.text("param")).isEqualTo("scopes[1]");
        Api.Response byAnalyst = users.send(analyst, "POST", "/v1/api_keys", "{\"scopes\":[\"charges:read\"]}", true);
        assertThat(byAnalyst.status()).isEqualTo(403);
        assertThat(byAnalyst.text("code")).isEqualTo("role_forbidden");
        assertThat(keys(account.id())).isEqualTo(before);

        Api.Response made = users.send(developer, "POST", "/v1/api_keys",
                "{\"scopes\":[\"webhook_endpoints:write\",\"refunds:read\"]}", true);
        assertThat(made.status()).as(made.toString()).isEqualTo(200);
        Api.Response analystRevoke = users.send(analyst, "POST", "/v1/api_keys/" + made.text("id") + "/revoke", "{}", true);
        assertThat(analystRevoke.status()).isEqualTo(403);
        assertThat(users.send(analyst, "GET", "/v1/api_keys", null, false).json().path("data").toString())
                .as("an analyst sees keys redacted").contains(made.text("id")).doesNotContain(made.text("secret"));
        JsonNode created = api.get("/v1/audit_log?object=" + made.text("id"), account.testKey()).json().path("data").path(0);
        assertThat(created.path("action").asString()).isEqualTo("api_key.created");
        assertThat(created.path("actor").toString()).as(created.toString()).contains(developerId);
    }
}
