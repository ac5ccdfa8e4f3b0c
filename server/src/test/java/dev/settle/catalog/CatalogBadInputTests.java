package dev.settle.catalog;

import static dev.settle.support.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.settle.support.Api;
import dev.settle.support.SettleTest;

/** Every catalog endpoint, fed bad input: a 4xx problem naming the param, and nothing written. */
@SettleTest
class CatalogBadInputTests {

    @Autowired
    Api api;

    @Autowired
    JdbcClient jdbc;

    Api.Account account;
    String product;
    String price;
    String snapshot;

    @BeforeEach
    void anAccountWithAProductAndAPrice() {
        account = api.newAccount();
        product = api.post("/v1/products", account.testKey(), "{\"name\":\"Keep\"}").text("id");
        price = api.post("/v1/prices", account.testKey(), "{\"product\":\"" + product + "\",\"currency\":\"usd\",\"unit_amount\":500}").text("id");
        snapshot = snapshot();
    }

    static Stream<Arguments> badPrices() {
        return Stream.of(
                Arguments.of("no product", "{\"currency\":\"usd\",\"unit_amount\":1}", 400, "parameter_missing", "product"),
                Arguments.of("unknown product", "{\"product\":\"prod_nope\",\"currency\":\"usd\",\"unit_amount\":1}", 404, "resource_missing", "product"),
                Arguments.of("no currency", "{\"product\":\"P\",\"unit_amount\":1}", 400, "parameter_missing", "currency"),
                Arguments.of("unknown currency", "{\"product\":\"P\",\"currency\":\"usx\",\"unit_amount\":1}", 400, "invalid_currency", "currency"),
                Arguments.of("gold is not money", "{\"product\":\"P\",\"currency\":\"xau\",\"unit_amount\":1}", 400, "invalid_currency", "currency"),
                Arguments.of("no unit_amount", "{\"product\":\"P\",\"currency\":\"usd\"}", 400, "parameter_missing", "unit_amount"),
                Arguments.of("negative unit_amount", "{\"product\":\"P\",\"currency\":\"usd\",\"unit_amount\":-1}", 400, "parameter_invalid", "unit_amount"),
                Arguments.of("huge unit_amount", "{\"product\":\"P\",\"currency\":\"usd\",\"unit_amount\":1000000000000}", 400, "amount_too_large", "unit_amount"),
                Arguments.of("unit_amount beyond long", "{\"product\":\"P\",\"currency\":\"usd\",\"unit_amount\":99999999999999999999}", 400, "parameter_invalid", "unit_amount"),
                Arguments.of("string unit_amount", "{\"product\":\"P\",\"currency\":\"usd\",\"unit_amount\":\"5\"}", 400, "parameter_invalid", "unit_amount"),
                Arguments.of("fractional unit_amount", "{\"product\":\"P\",\"currency\":\"usd\",\"unit_amount\":1.5}", 400, "parameter_invalid", "unit_amount"),
                Arguments.of("unknown interval", "{\"product\":\"P\",\"currency\":\"usd\",\"unit_amount\":1,\"recurring\":{\"interval\":\"fortnight\"}}", 400, "parameter_invalid", "recurring[interval]"),
                Arguments.of("no interval", "{\"product\":\"P\",\"currency\":\"usd\",\"unit_amount\":1,\"recurring\":{}}", 400, "parameter_missing", "recurring[interval]"),
                Arguments.of("interval_count 0", "{\"product\":\"P\",\"currency\":\"usd\",\"unit_amount\":1,\"recurring\":{\"interval\":\"month\",\"interval_count\":0}}", 400, "parameter_invalid", "recurring[interval_count]"),
                Arguments.of("more than a year", "{\"product\":\"P\",\"currency\":\"usd\",\"unit_amount\":1,\"recurring\":{\"interval\":\"month\",\"interval_count\":13}}", 400, "parameter_invalid", "recurring[interval_count]"),
                Arguments.of("unknown recurring field", "{\"product\":\"P\",\"currency\":\"usd\",\"unit_amount\":1,\"recurring\":{\"interval\":\"month\",\"usage\":\"x\"}}", 400, "parameter_unknown", "recurring[usage]"),
                Arguments.of("unknown scheme", "{\"product\":\"P\",\"currency\":\"usd\",\"unit_amount\":1,\"billing_scheme\":\"flat\"}", 400, "parameter_invalid", "billing_scheme"),
                Arguments.of("tiers on per_unit", "{\"product\":\"P\",\"currency\":\"usd\",\"unit_amount\":1,\"tiers\":[{\"up_to\":\"inf\",\"unit_amount\":1}]}", 400, "parameter_invalid", "tiers"),
                Arguments.of("tiered without tiers", "{\"product\":\"P\",\"currency\":\"usd\",\"billing_scheme\":\"tiered\",\"tiers_mode\":\"volume\"}", 400, "parameter_missing", "tiers"),
                Arguments.of("tiered without mode", "{\"product\":\"P\",\"currency\":\"usd\",\"billing_scheme\":\"tiered\",\"tiers\":[{\"up_to\":\"inf\",\"unit_amount\":1}]}", 400, "parameter_missing", "tiers_mode"),
                Arguments.of("unknown tiers mode", "{\"product\":\"P\",\"currency\":\"usd\",\"billing_scheme\":\"tiered\",\"tiers_mode\":\"stairs\",\"tiers\":[{\"up_to\":\"inf\",\"unit_amount\":1}]}", 400, "parameter_invalid", "tiers_mode"),
                Arguments.of("tiered with unit_amount", "{\"product\":\"P\",\"currency\":\"usd\",\"billing_scheme\":\"tiered\",\"unit_amount\":1,\"tiers_mode\":\"volume\",\"tiers\":[{\"up_to\":\"inf\",\"unit_amount\":1}]}", 400, "parameter_invalid", "unit_amount"),
                Arguments.of("tiers not ascending", tiered("[{\"up_to\":10,\"unit_amount\":5},{\"up_to\":10,\"unit_amount\":4},{\"up_to\":\"inf\",\"unit_amount\":3}]"), 400, "parameter_invalid", "tiers[1][up_to]"),
                Arguments.of("tiers descending", tiered("[{\"up_to\":10,\"unit_amount\":5},{\"up_to\":5,\"unit_amount\":4},{\"up_to\":\"inf\",\"unit_amount\":3}]"), 400, "parameter_invalid", "tiers[1][up_to]"),
                Arguments.of("last tier bounded", tiered("[{\"up_to\":10,\"unit_amount\":5}]"), 400, "parameter_invalid", "tiers[0][up_to]"),
                Arguments.of("inf before the end", tiered("[{\"up_to\":\"inf\",\"unit_amount\":5},{\"up_to\":\"inf\",\"unit_amount\":4}]"), 400, "parameter_invalid", "tiers[0][up_to]"),
                Arguments.of("up_to zero", tiered("[{\"up_to\":0,\"unit_amount\":5},{\"up_to\":\"inf\",\"unit_amount\":4}]"), 400, "parameter_invalid", "tiers[0][up_to]"),
                Arguments.of("up_to a word", tiered("[{\"up_to\":\"ten\",\"unit_amount\":5},{\"up_to\":\"inf\",\"unit_amount\":4}]"), 400, "parameter_invalid", "tiers[0][up_to]"),
                Arguments.of("tier without amounts", tiered("[{\"up_to\":\"inf\"}]"), 400, "parameter_missing", "tiers[0][unit_amount]"),
                Arguments.of("negative flat amount", tiered("[{\"up_to\":\"inf\",\"flat_amount\":-5}]"), 400, "parameter_invalid", "tiers[0][flat_amount]"),
                Arguments.of("unknown tier field", tiered("[{\"up_to\":\"inf\",\"unit_amount\":1,\"colour\":1}]"), 400, "parameter_unknown", "tiers[0][colour]"),
                Arguments.of("lookup_key too long", "{\"product\":\"P\",\"currency\":\"usd\",\"unit_amount\":1,\"lookup_key\":\"" + "k".repeat(201) + "\"}", 400, "parameter_invalid", "lookup_key"),
                Arguments.of("unknown field", "{\"product\":\"P\",\"currency\":\"usd\",\"unit_amount\":1,\"amount\":1}", 400, "parameter_unknown", "amount"),
                Arguments.of("malformed JSON", "{\"product\":", 400, "invalid_json", null));
    }

    private static String tiered(String tiers) {
        return "{\"product\":\"P\",\"currency\":\"usd\",\"billing_scheme\":\"tiered\",\"tiers_mode\":\"graduated\",\"tiers\":" + tiers + "}";
    }

    @ParameterizedTest(name = "price: {0}")
    @MethodSource("badPrices")
    void createPriceRefusesBadInput(String description, String body, int status, String code, String param) {
        Api.Response response = api.post("/v1/prices", account.testKey(), body.replace("\"P\"", "\"" + product + "\""));
        if (param == null) {
            assertProblem(response, status, code);
        } else {
            assertProblem(response, status, code, param);
        }
        assertThat(snapshot()).as("nothing written").isEqualTo(snapshot);
    }

    static Stream<Arguments> badProducts() {
        return Stream.of(
                Arguments.of("no name", "{}", "parameter_missing", "name"),
                Arguments.of("blank name", "{\"name\":\"  \"}", "parameter_missing", "name"),
                Arguments.of("name too long", "{\"name\":\"" + "n".repeat(257) + "\"}", "parameter_invalid", "name"),
                Arguments.of("number for name", "{\"name\":5}", "parameter_invalid", "name"),
                Arguments.of("string for active", "{\"name\":\"x\",\"active\":\"yes\"}", "parameter_invalid", "active"),
                Arguments.of("unknown field", "{\"name\":\"x\",\"price\":5}", "parameter_unknown", "price"),
                Arguments.of("number as metadata value", "{\"name\":\"x\",\"metadata\":{\"n\":1}}", "parameter_invalid", "metadata[n]"));
    }

    @ParameterizedTest(name = "product: {0}")
    @MethodSource("badProducts")
    void createProductRefusesBadInput(String description, String body, String code, String param) {
        assertProblem(api.post("/v1/products", account.testKey(), body), 400, code, param);
        assertThat(snapshot()).as("nothing written").isEqualTo(snapshot);
    }

    @Test
    void updatesRefuseBadInputAndUnknownIds() {
        assertProblem(api.post("/v1/products/" + product, account.testKey(), "{\"name\":\"\"}"), 400, "parameter_invalid", "name");
        assertProblem(api.post("/v1/prices/" + price, account.testKey(), "{\"currency\":\"eur\"}"), 400, "parameter_unknown", "currency");
        assertProblem(api.post("/v1/prices/" + price, account.testKey(), "{\"active\":1}"), 400, "parameter_invalid", "active");
        assertProblem(api.post("/v1/products/prod_nope", account.testKey(), "{\"name\":\"x\"}"), 404, "resource_missing");
        assertProblem(api.post("/v1/prices/price_nope", account.testKey(), "{\"active\":false}"), 404, "resource_missing");
        assertProblem(api.delete("/v1/products/prod_nope", account.testKey()), 404, "resource_missing");
        assertProblem(api.get("/v1/prices?type=weekly", account.testKey()), 400, "parameter_invalid", "type");
        assertProblem(api.get("/v1/products?active=maybe", account.testKey()), 400, "parameter_invalid", "active");
        assertProblem(api.get("/v1/prices?starting_after=price_nope", account.testKey()), 404, "resource_missing", "starting_after");
        assertThat(snapshot()).as("nothing written").isEqualTo(snapshot);
    }

    @Test
    void idempotencyKeyReplaysPriceCreation() {
        String body = "{\"product\":\"" + product + "\",\"currency\":\"eur\",\"unit_amount\":700}";
        Api.Response first = api.post("/v1/prices", account.testKey(), body, "price-key-1");
        Api.Response replay = api.post("/v1/prices", account.testKey(), body, "price-key-1");
        assertThat(replay.body()).isEqualTo(first.body());
        assertProblem(api.post("/v1/prices", account.testKey(), body.replace("700", "701"), "price-key-1"), 422, "idempotency_key_reused");
        assertThat(jdbc.sql("SELECT count(*) FROM catalog_prices WHERE account_id = :a").param("a", account.id()).query(Long.class).single())
                .isEqualTo(2);
    }

    private String snapshot() {
        return jdbc.sql("""
                SELECT coalesce(string_agg(id || name || active || metadata::text, '|' ORDER BY id), '') ||
                       (SELECT coalesce(string_agg(id || active || coalesce(lookup_key, '') || metadata::text, '|' ORDER BY id), '')
                        FROM catalog_prices WHERE account_id = :a)
                FROM catalog_products WHERE account_id = :a
                """).param("a", account.id()).query(String.class).single();
    }
}
