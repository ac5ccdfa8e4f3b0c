package dev.settle.tenancy;

import static dev.settle.support.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.settle.support.Api;
import dev.settle.support.Payments;
import dev.settle.support.SettleTest;
import tools.jackson.databind.JsonNode;

/**
 * Every privileged action leaves an audit entry with who, when, from where and what changed (never
 * a secret); the log is listed with filters and cursors, only to its own account; and the table
 * refuses UPDATE, DELETE and TRUNCATE, entries leaving only through the retention purge.
 */
@SettleTest
class AuditLogApiTests {

    @Autowired
    Api api;

    @Autowired
    JdbcClient jdbc;

    @Test
    void everyPrivilegedActionIsRecordedWithActorAddressAndChanges() {
        Api.Account account = api.newAccount();
        String testKeyId = keyIdNamed(account, "Default test key");

        Api.Response restricted = operator("POST", "/v1/accounts/" + account.id() + "/keys",
                "{\"type\":\"restricted\",\"name\":\"Reader\",\"scopes\":[\"customers:read\"]}");
        operator("POST", "/v1/accounts/" + account.id() + "/keys/" + restricted.text("id") + "/revoke", null);
        operator("POST", "/v1/accounts/" + account.id(), "{\"name\":\"Renamed account\"}");

        Api.Response endpoint = api.post("/v1/webhook_endpoints", account.testKey(),
                "{\"url\":\"http://127.0.0.1:9/audit\",\"enabled_events\":[\"*\"],\"description\":\"First\"}");
        String endpointId = endpoint.text("id");
        api.post("/v1/webhook_endpoints/" + endpointId, account.testKey(), "{\"description\":\"Second\"}");
        Api.Response rotated = api.post("/v1/webhook_endpoints/" + endpointId + "/rotate_secret", account.testKey(), "{\"expires_in\":60}");
        api.delete("/v1/webhook_endpoints/" + endpointId, account.testKey());
        Api.Response intent = Payments.pay(api, account.testKey(), Payments.SUCCESS, 1500, "usd", "automatic");
        Api.Response refund = api.post("/v1/refunds", account.testKey(), "{\"payment_intent\":\"" + intent.text("id") + "\",\"amount\":500}");
        assertThat(refund.status()).as(refund.toString()).isEqualTo(200);

        List<JsonNode> entries = all(account.testKey(), "");
        assertThat(entries).extracting(entry -> entry.path("action").asString()).containsExactly(
                "refund.created", "webhook_endpoint.deleted", "webhook_endpoint.secret_rotated", "webhook_endpoint.updated",
                "webhook_endpoint.created", "account.updated", "api_key.revoked", "api_key.created", "api_key.created",
                "account.created");

        JsonNode created = entry(entries, "webhook_endpoint.created");
        assertThat(created.path("actor").path("type").asString()).isEqualTo("api_key");
        assertThat(created.path("actor").path("id").asString()).isEqualTo(testKeyId);
        assertThat(created.path("ip").asString()).isEqualTo("127.0.0.1");
        assertThat(created.path("request_id").asString()).isEqualTo(endpoint.header("Request-Id"));
        assertThat(created.path("object_type").asString()).isEqualTo("webhook_endpoint");
        assertThat(created.path("object_id").asString()).isEqualTo(endpointId);
        assertThat(created.path("livemode").asBoolean()).isFalse();
        assertThat(created.path("changes").path("url").path("after").asString()).isEqualTo("http://127.0.0.1:9/audit");
        assertThat(created.path("changes").path("url").path("before").isNull()).isTrue();
        assertThat(created.path("created").asLong()).isPositive();

        JsonNode updated = entry(entries, "webhook_endpoint.updated");
        assertThat(updated.path("changes").propertyNames()).containsExactly("description");
        assertThat(updated.path("changes").path("description").path("before").asString()).isEqualTo("First");
        assertThat(updated.path("changes").path("description").path("after").asString()).isEqualTo("Second");

        JsonNode renamed = entry(entries, "account.updated");
        assertThat(renamed.path("actor").path("type").asString()).isEqualTo("operator");
        assertThat(renamed.path("livemode").isNull()).as("account-wide").isTrue();
        assertThat(renamed.path("changes").path("name").path("before").asString()).isEqualTo("Test account");
        assertThat(renamed.path("changes").path("name").path("after").asString()).isEqualTo("Renamed account");

        JsonNode keyCreated = entries.stream().filter(e -> e.path("object_id").asString().equals(restricted.text("id")))
                .filter(e -> e.path("action").asString().equals("api_key.created")).findFirst().orElseThrow();
        assertThat(keyCreated.path("changes").path("scopes").path("after").toString()).isEqualTo("[\"customers:read\"]");
        assertThat(entry(entries, "refund.created").path("changes").path("amount").path("after").asLong()).isEqualTo(500);

        String everything = entries.toString();
        assertThat(everything).as("no secret in the log").doesNotContain(endpoint.text("secret"))
                .doesNotContain(rotated.text("secret")).doesNotContain(restricted.text("secret")).doesNotContain(account.testKey());
    }

    @Test
    void aCanceledRefundIsRecorded() {
        Api.Account account = api.newAccount();
        Api.Response intent = Payments.pay(api, account.testKey(), Payments.REFUND_FAILS, 5000, "usd", "automatic");
        String refund = api.post("/v1/refunds", account.testKey(), "{\"payment_intent\":\"" + intent.text("id") + "\"}").text("id");
        assertThat(api.post("/v1/refunds/" + refund + "/cancel", account.testKey(), "{}").status()).isEqualTo(200);

        List<JsonNode> entries = all(account.testKey(), "?object=" + refund);
        assertThat(entries).extracting(entry -> entry.path("action").asString()).containsExactly("refund.canceled", "refund.created");
        assertThat(entries.getFirst().path("changes").path("status").path("before").asString()).isEqualTo("pending");
        assertThat(entries.getFirst().path("changes").path("status").path("after").asString()).isEqualTo("canceled");
    }

    @Test
    void filtersAndCursors() {
        Api.Account account = api.newAccount();
        String testKeyId = keyIdNamed(account, "Default test key");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(api.post("/v1/webhook_endpoints", account.testKey(),
                    "{\"url\":\"http://127.0.0.1:9/f" + i + "\",\"enabled_events\":[\"*\"]}").text("id"));
        }

        assertThat(all(account.testKey(), "?action=webhook_endpoint.created")).hasSize(3);
        assertThat(all(account.testKey(), "?actor=" + testKeyId)).hasSize(3);
        assertThat(all(account.testKey(), "?actor=operator")).extracting(e -> e.path("action").asString())
                .containsExactly("api_key.created", "account.created");
        assertThat(all(account.testKey(), "?object=" + ids.get(1))).hasSize(1);
        long now = api.get("/v1/audit_log?limit=1", account.testKey()).json().path("data").path(0).path("created").asLong();
        assertThat(all(account.testKey(), "?created[gte]=" + (now + 10))).isEmpty();
        assertThat(all(account.testKey(), "?created[lte]=" + (now - 3600))).isEmpty();
        assertThat(all(account.testKey(), "?created[gte]=" + (now - 3600) + "&created[lte]=" + (now + 10))).hasSize(5);

        Api.Response first = api.get("/v1/audit_log?limit=2", account.testKey());
        assertThat(first.json().path("has_more").asBoolean()).isTrue();
        String last = first.json().path("data").path(1).path("id").asString();
        Api.Response next = api.get("/v1/audit_log?limit=2&starting_after=" + last, account.testKey());
        assertThat(next.json().path("data").path(0).path("object_id").asString()).isEqualTo(ids.get(0));
        Api.Response back = api.get("/v1/audit_log?limit=2&ending_before=" + next.json().path("data").path(0).path("id").asString(),
                account.testKey());
        assertThat(back.json().path("data").path(1).path("id").asString()).isEqualTo(last);
        assertProblem(api.get("/v1/audit_log?created[gte]=soon", account.testKey()), 400, "parameter_invalid", "created[gte]");
    }

    @Test
    void anotherAccountsOrModesEntriesAreNeverVisible() {
        Api.Account mine = api.newAccount();
        Api.Account theirs = api.newAccount();
        String theirEndpoint = api.post("/v1/webhook_endpoints", theirs.testKey(),
                "{\"url\":\"http://127.0.0.1:9/theirs\",\"enabled_events\":[\"*\"]}").text("id");
        String theirEntry = all(theirs.testKey(), "?object=" + theirEndpoint).getFirst().path("id").asString();

        assertThat(all(mine.testKey(), "?object=" + theirEndpoint)).isEmpty();
        assertThat(all(mine.testKey(), "").toString()).doesNotContain(theirs.id()).doesNotContain(theirEndpoint);
        assertProblem(api.get("/v1/audit_log?starting_after=" + theirEntry, mine.testKey()), 404, "resource_missing", "starting_after");
        assertThat(all(theirs.liveKey(), "?object=" + theirEndpoint)).as("a live key sees no test-mode entry").isEmpty();
        assertThat(all(theirs.liveKey(), "?action=account.created")).as("account-wide entries show in both modes").hasSize(1);
    }

    @Test
    void theTableRefusesUpdateDeleteAndTruncate() {
        Api.Account account = api.newAccount();
        String id = all(account.testKey(), "?action=account.created").getFirst().path("id").asString();

        assertThatThrownBy(() -> jdbc.sql("UPDATE tenancy_audit_log SET action = 'forged' WHERE id = :id").param("id", id).update())
                .isInstanceOf(DataAccessException.class).rootCause().hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.sql("DELETE FROM tenancy_audit_log WHERE id = :id").param("id", id).update())
                .isInstanceOf(DataAccessException.class).rootCause().hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.sql("TRUNCATE tenancy_audit_log").update())
                .isInstanceOf(DataAccessException.class).rootCause().hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.sql("SELECT tenancy_audit_purge(now(), 10)").query(Integer.class).single())
                .as("the purge keeps at least a day").isInstanceOf(DataAccessException.class);
        assertThat(all(account.testKey(), "?action=account.created")).hasSize(1);
    }

    @Test
    void theRetentionPurgeRemovesOnlyEntriesPastTheCutoff() {
        Api.Account account = api.newAccount();
        jdbc.sql("""
                INSERT INTO tenancy_audit_log (id, account_id, livemode, action, actor_type, object_type, object_id, created_at)
                VALUES ('audit_ancient_' || :account, :account, false, 'api_key.created', 'system', 'api_key', 'key_x',
                        now() - interval '3000 days')
                """).param("account", account.id()).update();
        int before = all(account.testKey(), "").size();

        Integer purged = jdbc.sql("SELECT tenancy_audit_purge(now() - interval '2999 days', 5000)").query(Integer.class).single();

        assertThat(purged).isEqualTo(1);
        assertThat(all(account.testKey(), "")).hasSize(before - 1);
        assertThatThrownBy(() -> jdbc.sql("DELETE FROM tenancy_audit_log WHERE account_id = :account")
                .param("account", account.id()).update()).as("the setting ends with the purge").isInstanceOf(DataAccessException.class);
    }

    private List<JsonNode> all(String key, String query) {
        Api.Response response = api.get("/v1/audit_log" + (query.isEmpty() ? "?limit=100" : query + "&limit=100"), key);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        List<JsonNode> entries = new ArrayList<>();
        response.json().path("data").forEach(entries::add);
        return entries;
    }

    private static JsonNode entry(List<JsonNode> entries, String action) {
        return entries.stream().filter(e -> e.path("action").asString().equals(action)).findFirst().orElseThrow();
    }

    private String keyIdNamed(Api.Account account, String name) {
        JsonNode keys = operator("GET", "/v1/accounts/" + account.id() + "/keys", null).json().path("data");
        for (JsonNode key : keys) {
            if (key.path("name").asString().equals(name)) {
                return key.path("id").asString();
            }
        }
        throw new AssertionError("no key named " + name);
    }

    private Api.Response operator(String method, String path, String body) {
        Api.Response response = api.send(method, path, Api.OPERATOR_TOKEN, body, Map.of());
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response;
    }
}
