package dev.settle.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;

/** Test-card shortcuts over the public API, as a merchant's integration would call it. */
public final class Payments {

    public static final String SUCCESS = "4242424242424242";
    public static final String DECLINE = "4000000000000002";
    public static final String INSUFFICIENT_FUNDS = "4000000000009995";
    public static final String EXPIRED = "4000000000000069";
    public static final String INCORRECT_CVC = "4000000000000127";
    public static final String THREE_D_SECURE = "4000002500003155";
    public static final String REFUND_FAILS = "4000000000005126";
    public static final String ASYNC_SUCCESS = "4000099000000012";
    public static final String ASYNC_FAILURE = "4000099000000020";
    public static final String TIMEOUT = "4000099000000038";
    public static final String SERVER_ERROR = "4000099000000046";

    private Payments() {
    }

    public static String paymentMethod(Api api, String key, String number) {
        Api.Response created = api.post("/v1/payment_methods", key,
                "{\"type\":\"card\",\"card\":{\"number\":\"" + number + "\",\"exp_month\":12,\"exp_year\":2034,\"cvc\":\"123\"}}");
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        return created.text("id");
    }

    /** Creates and confirms a payment of {@code amount} {@code currency} with the given card. */
    public static Api.Response pay(Api api, String key, String number, long amount, String currency, String captureMethod) {
        String method = paymentMethod(api, key, number);
        return api.post("/v1/payment_intents", key, "{\"amount\":" + amount + ",\"currency\":\"" + currency
                + "\",\"payment_method\":\"" + method + "\",\"capture_method\":\"" + captureMethod + "\",\"confirm\":true}");
    }

    public static Api.Response pay(Api api, String key, String number) {
        return pay(api, key, number, 2000, "usd", "automatic");
    }

    /** Polls the intent until {@code until} holds (outcomes that arrive by webhook or from the janitor). */
    public static Api.Response awaitIntent(Api api, String key, String id, Predicate<Api.Response> until, Duration within) {
        Instant deadline = Instant.now().plus(within);
        Api.Response current = api.get("/v1/payment_intents/" + id, key);
        while (!until.test(current) && Instant.now().isBefore(deadline)) {
            sleep(100);
            current = api.get("/v1/payment_intents/" + id, key);
        }
        return current;
    }

    public static Api.Response awaitStatus(Api api, String key, String id, String status) {
        Api.Response intent = awaitIntent(api, key, id, r -> status.equals(r.text("status")), Duration.ofSeconds(20));
        assertThat(intent.text("status")).as(intent.toString()).isEqualTo(status);
        return intent;
    }

    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
