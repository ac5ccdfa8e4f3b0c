package dev.settle.customers;

import static dev.settle.support.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.settle.support.Api;
import dev.settle.support.SettleTest;
import tools.jackson.databind.JsonNode;

@SettleTest
class CustomerApiTests {

    @Autowired
    Api api;

    @Test
    void createRetrieveUpdateDelete() {
        Api.Account account = api.newAccount();
        Api.Response created = api.post("/v1/customers", account.testKey(),
                "{\"email\":\"jo@example.com\",\"name\":\"Jo\",\"phone\":\"+44 20 7946 0958\",\"metadata\":{\"plan\":\"pro\",\"ref\":\"7\"}}");

        assertThat(created.status()).isEqualTo(200);
        String id = created.text("id");
        assertThat(id).startsWith("cus_");
        assertThat(created.text("object")).isEqualTo("customer");
        assertThat(created.json().path("livemode").asBoolean()).isFalse();
        assertThat(created.json().path("created").isNumber()).isTrue();

        assertThat(api.get("/v1/customers/" + id, account.testKey()).body()).isEqualTo(created.body());

        Api.Response updated = api.post("/v1/customers/" + id, account.testKey(),
                "{\"name\":\"Joanna\",\"phone\":\"\",\"metadata\":{\"plan\":\"\",\"tier\":\"gold\"}}");
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.text("name")).isEqualTo("Joanna");
        assertThat(updated.text("email")).as("untouched").isEqualTo("jo@example.com");
        assertThat(updated.text("phone")).as("cleared").isNull();
        assertThat(updated.json().path("metadata").properties()).extracting(e -> e.getKey() + "=" + e.getValue().asString())
                .containsExactlyInAnyOrder("ref=7", "tier=gold");

        Api.Response deleted = api.delete("/v1/customers/" + id, account.testKey());
        assertThat(deleted.json().path("deleted").asBoolean()).isTrue();
        assertProblem(api.get("/v1/customers/" + id, account.testKey()), 404, "resource_missing");
        assertProblem(api.delete("/v1/customers/" + id, account.testKey()), 404, "resource_missing");
        assertThat(api.get("/v1/customers", account.testKey()).json().path("data")).isEmpty();
    }

    @Test
    void listsNewestFirstWithCursorPagination() {
        Api.Account account = api.newAccount();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(0, api.post("/v1/customers", account.testKey(), "{\"name\":\"c" + i + "\"}").text("id"));
        }

        Api.Response first = api.get("/v1/customers?limit=2", account.testKey());
        assertThat(first.text("object")).isEqualTo("list");
        assertThat(idsOf(first)).containsExactly(ids.get(0), ids.get(1));
        assertThat(first.json().path("has_more").asBoolean()).isTrue();

        Api.Response second = api.get("/v1/customers?limit=2&starting_after=" + ids.get(1), account.testKey());
        assertThat(idsOf(second)).containsExactly(ids.get(2), ids.get(3));
        assertThat(second.json().path("has_more").asBoolean()).isTrue();

        Api.Response last = api.get("/v1/customers?limit=2&starting_after=" + ids.get(3), account.testKey());
        assertThat(idsOf(last)).containsExactly(ids.get(4));
        assertThat(last.json().path("has_more").asBoolean()).isFalse();

        Api.Response back = api.get("/v1/customers?limit=2&ending_before=" + ids.get(4), account.testKey());
        assertThat(idsOf(back)).containsExactly(ids.get(2), ids.get(3));
        assertThat(back.json().path("has_more").asBoolean()).isTrue();

        Api.Response all = api.get("/v1/customers?limit=100", account.testKey());
        assertThat(idsOf(all)).containsExactlyElementsOf(ids);
        assertThat(all.json().path("has_more").asBoolean()).isFalse();
    }

    @Test
    void filtersByEmailCaseInsensitively() {
        Api.Account account = api.newAccount();
        String jo = api.post("/v1/customers", account.testKey(), "{\"email\":\"Jo@Example.com\"}").text("id");
        api.post("/v1/customers", account.testKey(), "{\"email\":\"other@example.com\"}");

        assertThat(idsOf(api.get("/v1/customers?email=jo@example.com", account.testKey()))).containsExactly(jo);
        assertThat(idsOf(api.get("/v1/customers?email=nobody@example.com", account.testKey()))).isEmpty();
    }

    @Test
    void anEmptyBodyCreatesAnEmptyCustomer() {
        Api.Account account = api.newAccount();
        Api.Response created = api.send("POST", "/v1/customers", account.testKey(), null, java.util.Map.of());
        assertThat(created.status()).isEqualTo(200);
        assertThat(created.text("email")).isNull();
    }

    private static List<String> idsOf(Api.Response list) {
        List<String> ids = new ArrayList<>();
        for (JsonNode item : list.json().path("data")) {
            ids.add(item.path("id").asString());
        }
        return ids;
    }
}
