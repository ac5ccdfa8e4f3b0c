package dev.settle.platform.fuzz;

import java.util.Map;

import tools.jackson.databind.node.ObjectNode;

import dev.settle.support.Api;

/**
 * A valid body for each operation that takes one, for the given account's objects: the fuzzer
 * breaks one thing at a time in it, so each request tests that one thing rather than the first
 * missing field.
 */
final class BaseBodies {

    private BaseBodies() {
    }

    static ObjectNode of(Operation operation, FuzzWorld world) {
        Map<String, String> ids = world.ids();
        String json = switch (operation.name()) {
            case "POST /v1/accounts" -> "{\"name\":\"Fuzzed\"}";
            case "POST /v1/accounts/{accountId}/keys" -> "{\"type\":\"restricted\",\"scopes\":[\"customers:read\"],\"name\":\"k\"}";
            case "POST /v1/customers", "POST /v1/customers/{id}" -> "{\"name\":\"N\",\"email\":\"a@example.com\",\"metadata\":{\"a\":\"b\"}}";
            case "POST /v1/payment_intents" -> "{\"amount\":1000,\"currency\":\"usd\",\"customer\":\"" + ids.get("cus")
                    + "\",\"payment_method\":\"" + ids.get("pm") + "\",\"metadata\":{\"a\":\"b\"}}";
            case "POST /v1/payment_intents/{id}/confirm" -> "{\"payment_method\":\"" + ids.get("pm") + "\"}";
            case "POST /v1/payment_intents/{id}/capture" -> "{\"amount_to_capture\":100}";
            case "POST /v1/payment_intents/{id}/cancel" -> "{\"cancellation_reason\":\"requested_by_customer\"}";
            case "POST /v1/payment_methods" -> "{\"type\":\"card\",\"card\":{\"number\":\"4242424242424242\",\"exp_month\":12,"
                    + "\"exp_year\":2034,\"cvc\":\"123\"},\"metadata\":{\"a\":\"b\"}}";
            case "POST /v1/payment_methods/{id}/attach" -> "{\"customer\":\"" + ids.get("cus") + "\"}";
            case "POST /v1/refunds" -> "{\"payment_intent\":\"" + ids.get("pi") + "\",\"amount\":100,\"metadata\":{\"a\":\"b\"}}";
            case "POST /v1/refunds/{id}" -> "{\"metadata\":{\"a\":\"b\"}}";
            case "POST /v1/webhook_endpoints" -> "{\"url\":\"https://example.com/h\",\"enabled_events\":[\"*\"],\"metadata\":{\"a\":\"b\"}}";
            case "POST /v1/webhook_endpoints/{id}" -> "{\"description\":\"d\",\"metadata\":{\"a\":\"b\"}}";
            case "POST /v1/webhook_endpoints/{id}/recover" -> "{\"since\":0}";
            case "POST /v1/webhook_endpoints/{id}/replay" -> "{\"event\":\"" + ids.get("evt") + "\"}";
            case "POST /v1/webhook_endpoints/{id}/rotate_secret" -> "{\"expires_in\":60}";
            default -> "{}";
        };
        return (ObjectNode) Api.json().readTree(json);
    }
}
