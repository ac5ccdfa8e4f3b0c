package dev.settle.catalog;

import static dev.settle.support.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.settle.support.Api;
import dev.settle.support.SettleTest;
import tools.jackson.databind.JsonNode;

@SettleTest
class CatalogApiTests {

    @Autowired
    Api api;

    @Test
    void productAndPricesLifecycle() {
        Api.Account account = api.newAccount();
        String key = account.testKey();
        Api.Response product = api.post("/v1/products", key, "{\"name\":\"Pro plan\",\"description\":\"All of it\",\"metadata\":{\"tier\":\"pro\"}}");
        assertThat(product.status()).as(product.toString()).isEqualTo(200);
        String productId = product.text("id");
        assertThat(productId).startsWith("prod_");
        assertThat(product.text("object")).isEqualTo("product");
        assertThat(product.json().path("active").asBoolean()).isTrue();

        Api.Response monthly = api.post("/v1/prices", key, """
                {"product":"%s","currency":"USD","unit_amount":1000,"recurring":{"interval":"month"},"lookup_key":"pro_monthly"}
                """.formatted(productId));
        assertThat(monthly.status()).as(monthly.toString()).isEqualTo(200);
        assertThat(monthly.text("id")).startsWith("price_");
        assertThat(monthly.text("currency")).isEqualTo("usd");
        assertThat(monthly.text("type")).isEqualTo("recurring");
        assertThat(monthly.text("billing_scheme")).isEqualTo("per_unit");
        assertThat(monthly.json().path("recurring").path("interval").asString()).isEqualTo("month");
        assertThat(monthly.json().path("recurring").path("interval_count").asInt()).isEqualTo(1);
        assertThat(monthly.json().path("unit_amount").asLong()).isEqualTo(1000);

        Api.Response tiered = api.post("/v1/prices", key, """
                {"product":"%s","currency":"kwd","billing_scheme":"tiered","tiers_mode":"graduated",
                 "tiers":[{"up_to":5,"unit_amount":1500,"flat_amount":250},{"up_to":"inf","unit_amount":1250}]}
                """.formatted(productId));
        assertThat(tiered.status()).as(tiered.toString()).isEqualTo(200);
        assertThat(tiered.text("type")).isEqualTo("one_time");
        assertThat(tiered.json().path("unit_amount").isNull()).isTrue();
        JsonNode tiers = tiered.json().path("tiers");
        assertThat(tiers.get(0).path("up_to").asLong()).isEqualTo(5);
        assertThat(tiers.get(0).path("flat_amount").asLong()).isEqualTo(250);
        assertThat(tiers.get(1).path("up_to").isNull()).as("the last tier is unbounded").isTrue();

        assertThat(api.get("/v1/prices/" + monthly.text("id"), key).body()).isEqualTo(monthly.body());
        assertThat(ids(api.get("/v1/prices?product=" + productId, key))).containsExactly(tiered.text("id"), monthly.text("id"));
        assertThat(ids(api.get("/v1/prices?type=recurring&product=" + productId, key))).containsExactly(monthly.text("id"));
        assertThat(ids(api.get("/v1/prices?lookup_keys=pro_monthly", key))).containsExactly(monthly.text("id"));

        // Archiving keeps the price readable; only the updatable fields change.
        Api.Response archived = api.post("/v1/prices/" + monthly.text("id"), key, "{\"active\":false,\"nickname\":\"Old pro\"}");
        assertThat(archived.json().path("active").asBoolean()).isFalse();
        assertThat(archived.text("nickname")).isEqualTo("Old pro");
        assertThat(archived.json().path("unit_amount").asLong()).isEqualTo(1000);
        assertThat(ids(api.get("/v1/prices?active=true&product=" + productId, key))).containsExactly(tiered.text("id"));
        assertProblem(api.post("/v1/prices/" + monthly.text("id"), key, "{\"unit_amount\":2000}"), 400, "parameter_unknown", "unit_amount");

        // A product with prices cannot be deleted; one without can.
        assertProblem(api.delete("/v1/products/" + productId, key), 409, "product_has_prices");
        Api.Response updated = api.post("/v1/products/" + productId, key, "{\"active\":false,\"metadata\":{\"tier\":\"\"}}");
        assertThat(updated.json().path("active").asBoolean()).isFalse();
        assertThat(updated.json().path("metadata").isEmpty()).isTrue();
        String lonely = api.post("/v1/products", key, "{\"name\":\"Unused\"}").text("id");
        assertThat(api.delete("/v1/products/" + lonely, key).json().path("deleted").asBoolean()).isTrue();
        assertProblem(api.get("/v1/products/" + lonely, key), 404, "resource_missing");
        assertThat(ids(api.get("/v1/products?active=false", key))).containsExactly(productId);

        List<String> types = List.of();
        for (int i = 0; i < 100 && types.size() < 6; i++) {
            dev.settle.support.Payments.sleep(100);
            types = api.get("/v1/events?limit=100", key).json().path("data").valueStream().map(e -> e.path("type").asString()).toList();
        }
        assertThat(types).contains("product.created", "product.updated", "product.deleted", "price.created", "price.updated");
    }

    @Test
    void lookupKeysAreUniquePerAccountAndModeAndCanBeTransferred() {
        Api.Account account = api.newAccount();
        String productId = api.post("/v1/products", account.testKey(), "{\"name\":\"P\"}").text("id");
        String body = "{\"product\":\"%s\",\"currency\":\"jpy\",\"unit_amount\":1500,\"lookup_key\":\"standard\"%s}";
        String first = api.post("/v1/prices", account.testKey(), body.formatted(productId, "")).text("id");
        assertProblem(api.post("/v1/prices", account.testKey(), body.formatted(productId, "")), 409, "lookup_key_in_use", "lookup_key");

        Api.Response second = api.post("/v1/prices", account.testKey(), body.formatted(productId, ",\"transfer_lookup_key\":true"));
        assertThat(second.text("lookup_key")).isEqualTo("standard");
        assertThat(api.get("/v1/prices/" + first, account.testKey()).text("lookup_key")).isNull();
        assertThat(ids(api.get("/v1/prices?lookup_keys=standard", account.testKey()))).containsExactly(second.text("id"));

        // The same key in another account is its own.
        Api.Account other = api.newAccount();
        String otherProduct = api.post("/v1/products", other.testKey(), "{\"name\":\"P\"}").text("id");
        assertThat(api.post("/v1/prices", other.testKey(), body.formatted(otherProduct, "")).status()).isEqualTo(200);
    }

    @Test
    void anotherAccountsProductsAndPricesAreNotFound() {
        Api.Account owner = api.newAccount();
        Api.Account stranger = api.newAccount();
        String productId = api.post("/v1/products", owner.testKey(), "{\"name\":\"Mine\"}").text("id");
        String priceId = api.post("/v1/prices", owner.testKey(),
                "{\"product\":\"" + productId + "\",\"currency\":\"usd\",\"unit_amount\":100}").text("id");
        assertProblem(api.get("/v1/products/" + productId, stranger.testKey()), 404, "resource_missing");
        assertProblem(api.get("/v1/prices/" + priceId, stranger.testKey()), 404, "resource_missing");
        assertProblem(api.post("/v1/prices/" + priceId, stranger.testKey(), "{\"active\":false}"), 404, "resource_missing");
        assertProblem(api.post("/v1/prices", stranger.testKey(), "{\"product\":\"" + productId + "\",\"currency\":\"usd\",\"unit_amount\":100}"),
                404, "resource_missing", "product");
        assertProblem(api.get("/v1/products/" + productId, owner.liveKey()), 404, "resource_missing");
        assertThat(api.get("/v1/prices/" + priceId, owner.testKey()).json().path("active").asBoolean()).isTrue();
    }

    private static List<String> ids(Api.Response list) {
        assertThat(list.status()).as(list.toString()).isEqualTo(200);
        return list.json().path("data").valueStream().map(p -> p.path("id").asString()).toList();
    }
}
