package dev.settle.platform.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.settle.support.Api;
import dev.settle.support.Payments;

/**
 * One account's real objects, made through the API, so a generated request can name an id that
 * exists (its own, or another account's). Ids are keyed by their prefix ({@code cus}, {@code pi}, …).
 */
record FuzzWorld(Api.Account account, String keyId, Map<String, String> ids) {

    static FuzzWorld build(Api api) {
        Api.Account account = api.newAccount();
        String key = account.testKey();
        Map<String, String> ids = new LinkedHashMap<>();
        ids.put("acct", account.id());
        ids.put("cus", created(api.post("/v1/customers", key, "{\"name\":\"Fuzz\",\"email\":\"fuzz@example.com\"}")));
        ids.put("pm", Payments.paymentMethod(api, key, Payments.SUCCESS));
        Api.Response paid = Payments.pay(api, key, Payments.SUCCESS, 5000, "usd", "automatic");
        ids.put("pi", created(paid));
        ids.put("ch", paid.text("latest_charge"));
        ids.put("re", created(api.post("/v1/refunds", key, "{\"payment_intent\":\"" + ids.get("pi") + "\",\"amount\":100}")));
        ids.put("txn", api.get("/v1/balance_transactions?limit=1", key).json().path("data").path(0).path("id").asString());
        ids.put("evt", api.get("/v1/events?limit=1", key).json().path("data").path(0).path("id").asString());
        // Last, and disabled: no event follows it, so no delivery runs in the background during the run.
        String endpoint = created(api.post("/v1/webhook_endpoints", key, "{\"url\":\"https://example.com/fuzz\",\"enabled_events\":[\"*\"]}"));
        created(api.post("/v1/webhook_endpoints/" + endpoint, key, "{\"disabled\":true}"));
        ids.put("we", endpoint);
        String keyId = api.get("/v1/accounts/" + account.id() + "/keys", Api.OPERATOR_TOKEN).json().path("data").path(0).path("id").asString();
        ids.values().forEach(id -> assertThat(id).isNotBlank());
        return new FuzzWorld(account, keyId, Map.copyOf(ids));
    }

    private static String created(Api.Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.text("id");
    }

    /** The id this account has for a path parameter, judged by the route's resource. */
    String idFor(String path) {
        String resource = path.replaceAll("^/v1/([a-z_]+).*", "$1");
        return switch (resource) {
            case "customers" -> ids.get("cus");
            case "payment_methods" -> ids.get("pm");
            case "payment_intents" -> ids.get("pi");
            case "charges" -> ids.get("ch");
            case "refunds" -> ids.get("re");
            case "balance_transactions" -> ids.get("txn");
            case "events" -> ids.get("evt");
            case "webhook_endpoints" -> ids.get("we");
            case "accounts" -> ids.get("acct");
            default -> "x";
        };
    }
}
