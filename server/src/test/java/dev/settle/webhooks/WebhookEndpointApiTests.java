package dev.settle.webhooks;

import static dev.settle.support.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.settle.support.Api;
import dev.settle.support.SettleTest;
import tools.jackson.databind.JsonNode;

/** The webhook endpoint resource: create, read, change, page through, delete; the secret is shown only when made. */
@SettleTest
class WebhookEndpointApiTests {

    @Autowired
    Api api;

    @Autowired
    JdbcClient jdbc;

    Api.Account account;

    @BeforeEach
    void anAccount() {
        account = api.newAccount();
    }

    @Test
    void createsAnEndpointAndShowsItsSecretOnlyThen() {
        Api.Response created = api.post("/v1/webhook_endpoints", account.testKey(), """
                {"url": "http://localhost:4242/hooks", "enabled_events": ["payment_intent.*", "charge.refunded", "charge.refunded"],
                 "description": "Order service", "metadata": {"team": "orders"}, "retry_schedule": [10, 60]}
                """);

        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        JsonNode endpoint = created.json();
        assertThat(endpoint.path("id").asString()).startsWith("we_");
        assertThat(endpoint.path("object").asString()).isEqualTo("webhook_endpoint");
        assertThat(endpoint.path("livemode").asBoolean()).isFalse();
        assertThat(endpoint.path("url").asString()).isEqualTo("http://localhost:4242/hooks");
        assertThat(endpoint.path("description").asString()).isEqualTo("Order service");
        assertThat(strings(endpoint.path("enabled_events"))).containsExactly("payment_intent.*", "charge.refunded");
        assertThat(endpoint.path("status").asString()).isEqualTo("enabled");
        assertThat(endpoint.path("disabled_reason").isNull()).isTrue();
        assertThat(endpoint.path("retry_schedule").toString()).isEqualTo("[10,60]");
        assertThat(endpoint.path("metadata").path("team").asString()).isEqualTo("orders");
        assertThat(endpoint.path("created").asLong()).isPositive();
        String secret = endpoint.path("secret").asString();
        assertThat(secret).startsWith("whsec_");
        assertThat(Base64.getDecoder().decode(secret.substring("whsec_".length()))).hasSize(32);

        String id = created.text("id");
        Api.Response retrieved = api.get("/v1/webhook_endpoints/" + id, account.testKey());
        assertThat(retrieved.json().has("secret")).isFalse();
        assertThat(retrieved.text("url")).isEqualTo("http://localhost:4242/hooks");
        assertThat(retrieved.body()).doesNotContain(secret.substring(6, 20));
        Api.Response listed = api.get("/v1/webhook_endpoints", account.testKey());
        assertThat(listed.body()).doesNotContain("secret").contains(id);
    }

    @Test
    void updatesFieldsDisablesAndEnables() {
        String id = create("{\"url\":\"http://127.0.0.1:1/a\",\"enabled_events\":[\"*\"],\"metadata\":{\"a\":\"1\",\"b\":\"2\"},"
                + "\"retry_schedule\":[5]}");

        Api.Response updated = api.post("/v1/webhook_endpoints/" + id, account.testKey(), """
                {"url": "http://127.0.0.1:1/b", "enabled_events": ["invoice.paid"], "description": "Billing",
                 "metadata": {"a": "", "c": "3"}, "disabled": true}
                """);
        assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
        assertThat(updated.text("url")).isEqualTo("http://127.0.0.1:1/b");
        assertThat(strings(updated.json().path("enabled_events"))).containsExactly("invoice.paid");
        assertThat(updated.text("description")).isEqualTo("Billing");
        assertThat(updated.json().path("metadata").toString()).isEqualTo("{\"b\":\"2\",\"c\":\"3\"}");
        assertThat(updated.text("status")).isEqualTo("disabled");
        assertThat(updated.text("disabled_reason")).isEqualTo("manual");
        assertThat(updated.json().path("retry_schedule").toString()).isEqualTo("[5]");
        assertThat(updated.json().has("secret")).isFalse();

        Api.Response enabled = api.post("/v1/webhook_endpoints/" + id, account.testKey(),
                "{\"disabled\":false,\"retry_schedule\":[],\"description\":\"\"}");
        assertThat(enabled.text("status")).isEqualTo("enabled");
        assertThat(enabled.text("disabled_reason")).isNull();
        assertThat(enabled.json().path("retry_schedule").isNull()).as("back to the installation's schedule").isTrue();
        assertThat(enabled.text("description")).isNull();
        assertThat(api.get("/v1/webhook_endpoints/" + id, account.testKey()).text("url")).isEqualTo("http://127.0.0.1:1/b");
    }

    @Test
    void listsNewestFirstInPages() {
        String first = create("{\"url\":\"http://127.0.0.1:1/1\",\"enabled_events\":[\"*\"]}");
        String second = create("{\"url\":\"http://127.0.0.1:1/2\",\"enabled_events\":[\"*\"]}");
        String third = create("{\"url\":\"http://127.0.0.1:1/3\",\"enabled_events\":[\"*\"]}");

        Api.Response page = api.get("/v1/webhook_endpoints?limit=2", account.testKey());
        assertThat(page.text("object")).isEqualTo("list");
        assertThat(ids(page)).containsExactly(third, second);
        assertThat(page.json().path("has_more").asBoolean()).isTrue();
        Api.Response next = api.get("/v1/webhook_endpoints?limit=2&starting_after=" + second, account.testKey());
        assertThat(ids(next)).containsExactly(first);
        assertThat(next.json().path("has_more").asBoolean()).isFalse();
        Api.Response back = api.get("/v1/webhook_endpoints?limit=2&ending_before=" + first, account.testKey());
        assertThat(ids(back)).containsExactly(third, second);
        assertThat(ids(api.get("/v1/webhook_endpoints", account.liveKey()))).as("live mode sees none").isEmpty();
    }

    @Test
    void deletesAnEndpointAndDestroysItsSecret() {
        String id = create("{\"url\":\"http://127.0.0.1:1/x\",\"enabled_events\":[\"*\"]}");

        Api.Response deleted = api.delete("/v1/webhook_endpoints/" + id, account.testKey());
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.json().path("deleted").asBoolean()).isTrue();
        assertThat(deleted.text("object")).isEqualTo("webhook_endpoint");

        assertProblem(api.get("/v1/webhook_endpoints/" + id, account.testKey()), 404, "resource_missing", "id");
        assertProblem(api.delete("/v1/webhook_endpoints/" + id, account.testKey()), 404, "resource_missing", "id");
        assertThat(ids(api.get("/v1/webhook_endpoints", account.testKey()))).doesNotContain(id);
        assertThat(jdbc.sql("SELECT secret IS NULL AND previous_secret IS NULL FROM webhooks_endpoints WHERE id = :id")
                .param("id", id).query(Boolean.class).single()).isTrue();
        Api.Response attempts = api.get("/v1/webhook_attempts?endpoint=" + id, account.testKey());
        assertThat(attempts.status()).as("the attempt log of a deleted endpoint stays readable").isEqualTo(200);
    }

    @Test
    void anotherAccountsEndpointIsIndistinguishableFromNone() {
        String id = create("{\"url\":\"http://127.0.0.1:1/x\",\"enabled_events\":[\"*\"]}");
        Api.Account other = api.newAccount();
        String key = other.testKey();

        assertProblem(api.get("/v1/webhook_endpoints/" + id, key), 404, "resource_missing", "id");
        assertProblem(api.post("/v1/webhook_endpoints/" + id, key, "{\"description\":\"mine\"}"), 404, "resource_missing", "id");
        assertProblem(api.delete("/v1/webhook_endpoints/" + id, key), 404, "resource_missing", "id");
        assertProblem(api.post("/v1/webhook_endpoints/" + id + "/rotate_secret", key, "{}"), 404, "resource_missing", "id");
        assertProblem(api.post("/v1/webhook_endpoints/" + id + "/replay", key, "{\"event\":\"evt_1\"}"), 404, "resource_missing", "id");
        assertProblem(api.post("/v1/webhook_endpoints/" + id + "/recover", key, "{\"since\":0}"), 404, "resource_missing", "id");
        assertProblem(api.get("/v1/webhook_attempts?endpoint=" + id, key), 404, "resource_missing", "endpoint");
        assertProblem(api.get("/v1/webhook_endpoints?starting_after=" + id, key), 404, "resource_missing", "starting_after");
        assertProblem(api.get("/v1/webhook_endpoints/" + id, account.liveKey()), 404, "resource_missing", "id");
        assertThat(api.get("/v1/webhook_endpoints/" + id, account.testKey()).text("description")).isNull();
    }

    @Test
    void replayAndRecoverNeedAnEnabledEndpoint() {
        String id = create("{\"url\":\"http://127.0.0.1:1/x\",\"enabled_events\":[\"*\"]}");
        api.post("/v1/webhook_endpoints/" + id, account.testKey(), "{\"disabled\":true}");

        assertProblem(api.post("/v1/webhook_endpoints/" + id + "/replay", account.testKey(), "{\"event\":\"evt_1\"}"),
                409, "webhook_endpoint_unexpected_state");
        assertProblem(api.post("/v1/webhook_endpoints/" + id + "/recover", account.testKey(), "{\"since\":0}"),
                409, "webhook_endpoint_unexpected_state");
    }

    private String create(String body) {
        Api.Response created = api.post("/v1/webhook_endpoints", account.testKey(), body);
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        return created.text("id");
    }

    private static List<String> ids(Api.Response page) {
        return page.json().path("data").valueStream().map(node -> node.path("id").asString()).toList();
    }

    private static List<String> strings(JsonNode array) {
        return array.valueStream().map(JsonNode::asString).toList();
    }
}
