package dev.settle.billing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import dev.settle.support.Api;
import dev.settle.support.Payments;
import tools.jackson.databind.JsonNode;

/** Billing fixtures spoken through the public API, as a user would. */
final class Billing {

    private Billing() {
    }

    static String clock(Api api, String key, Instant frozen) {
        Api.Response clock = api.post("/v1/test_helpers/test_clocks", key, "{\"frozen_time\":" + frozen.getEpochSecond() + "}");
        assertThat(clock.status()).as(clock.toString()).isEqualTo(200);
        return clock.text("id");
    }

    /** A customer on the clock with a default card. */
    static String customer(Api api, String key, String clock, String cardNumber) {
        Api.Response customer = api.post("/v1/customers", key, "{\"name\":\"Sub\",\"test_clock\":\"" + clock + "\"}");
        assertThat(customer.status()).as(customer.toString()).isEqualTo(200);
        attachDefault(api, key, customer.text("id"), cardNumber);
        return customer.text("id");
    }

    static void attachDefault(Api api, String key, String customer, String cardNumber) {
        String method = Payments.paymentMethod(api, key, cardNumber);
        Api.Response attached = api.post("/v1/payment_methods/" + method + "/attach", key,
                "{\"customer\":\"" + customer + "\",\"default_for_customer\":true}");
        assertThat(attached.status()).as(attached.toString()).isEqualTo(200);
    }

    static String price(Api api, String key, String currency, long unitAmount, String interval) {
        String product = api.post("/v1/products", key, "{\"name\":\"Plan\"}").text("id");
        Api.Response price = api.post("/v1/prices", key, "{\"product\":\"" + product + "\",\"currency\":\"" + currency
                + "\",\"unit_amount\":" + unitAmount + ",\"recurring\":{\"interval\":\"" + interval + "\"}}");
        assertThat(price.status()).as(price.toString()).isEqualTo(200);
        return price.text("id");
    }

    /** Advances the clock and waits until it is ready again. */
    static void advance(Api api, String key, String clock, Instant to) {
        Api.Response advancing = api.post("/v1/test_helpers/test_clocks/" + clock + "/advance", key,
                "{\"frozen_time\":" + to.getEpochSecond() + "}");
        assertThat(advancing.status()).as(advancing.toString()).isEqualTo(200);
        assertThat(advancing.text("status")).isEqualTo("advancing");
        for (int i = 0; i < 300; i++) {
            Api.Response now = api.get("/v1/test_helpers/test_clocks/" + clock, key);
            if (now.text("status").equals("ready")) {
                assertThat(now.json().path("frozen_time").asLong()).isEqualTo(to.getEpochSecond());
                return;
            }
            Payments.sleep(100);
        }
        throw new AssertionError("Test clock " + clock + " did not become ready");
    }

    static List<JsonNode> invoices(Api api, String key, String subscription) {
        return api.get("/v1/invoices?limit=100&subscription=" + subscription, key).json().path("data").valueStream()
                .toList().reversed();
    }

    static List<JsonNode> events(Api api, String key, String type, int atLeast) {
        List<JsonNode> events = List.of();
        for (int i = 0; i < 100; i++) {
            events = api.get("/v1/events?limit=100&type=" + type, key).json().path("data").valueStream().toList().reversed();
            if (events.size() >= atLeast) {
                break;
            }
            Payments.sleep(100);
        }
        return events;
    }
}
