package dev.settle.billing;

import static dev.settle.support.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.settle.support.Api;
import dev.settle.support.Payments;
import dev.settle.support.SettleTest;

/** Every billing endpoint, fed bad input: a 4xx problem naming the param, and nothing written. */
@SettleTest
class BillingBadInputTests {

    private static final Instant START = Instant.parse("2027-02-01T00:00:00Z");

    @Autowired
    Api api;

    @Autowired
    JdbcClient jdbc;

    Api.Account account;
    String key;
    String clock;
    String customer;
    String usd;
    String eur;
    String yearly;
    String oneTime;
    String archived;
    String sub;
    String snapshot;

    @BeforeEach
    void fixtures() {
        account = api.newAccount();
        key = account.testKey();
        clock = Billing.clock(api, key, START);
        customer = Billing.customer(api, key, clock, Payments.SUCCESS);
        usd = Billing.price(api, key, "usd", 1000, "month");
        eur = Billing.price(api, key, "eur", 1000, "month");
        yearly = Billing.price(api, key, "usd", 10000, "year");
        String product = api.post("/v1/products", key, "{\"name\":\"x\"}").text("id");
        oneTime = api.post("/v1/prices", key, "{\"product\":\"" + product + "\",\"currency\":\"usd\",\"unit_amount\":5}").text("id");
        archived = Billing.price(api, key, "usd", 700, "month");
        api.post("/v1/prices/" + archived, key, "{\"active\":false}");
        sub = api.post("/v1/subscriptions", key, "{\"customer\":\"" + customer + "\",\"items\":[{\"price\":\"" + usd + "\"}]}").text("id");
        snapshot = snapshot();
    }

    static Stream<Arguments> badSubscriptions() {
        String items = "\"items\":[{\"price\":\"USD\"}]";
        return Stream.of(
                Arguments.of("no customer", "{" + items + "}", 400, "parameter_missing", "customer"),
                Arguments.of("unknown customer", "{\"customer\":\"cus_nope\"," + items + "}", 404, "resource_missing", "customer"),
                Arguments.of("no items", "{\"customer\":\"C\"}", 400, "parameter_missing", "items"),
                Arguments.of("empty items", "{\"customer\":\"C\",\"items\":[]}", 400, "parameter_missing", "items"),
                Arguments.of("unknown price", "{\"customer\":\"C\",\"items\":[{\"price\":\"price_nope\"}]}", 404, "resource_missing", "items[0][price]"),
                Arguments.of("mixed currencies", "{\"customer\":\"C\",\"items\":[{\"price\":\"USD\"},{\"price\":\"EUR\"}]}", 400, "parameter_invalid", "items[1][price]"),
                Arguments.of("mixed intervals", "{\"customer\":\"C\",\"items\":[{\"price\":\"USD\"},{\"price\":\"YEARLY\"}]}", 400, "parameter_invalid", "items[1][price]"),
                Arguments.of("one-time price", "{\"customer\":\"C\",\"items\":[{\"price\":\"ONETIME\"}]}", 400, "parameter_invalid", "items[0][price]"),
                Arguments.of("archived price", "{\"customer\":\"C\",\"items\":[{\"price\":\"ARCHIVED\"}]}", 400, "parameter_invalid", "items[0][price]"),
                Arguments.of("same price twice", "{\"customer\":\"C\",\"items\":[{\"price\":\"USD\"},{\"price\":\"USD\"}]}", 400, "parameter_invalid", "items[1][price]"),
                Arguments.of("negative quantity", "{\"customer\":\"C\",\"items\":[{\"price\":\"USD\",\"quantity\":-1}]}", 400, "parameter_invalid", "items[0][quantity]"),
                Arguments.of("string quantity", "{\"customer\":\"C\",\"items\":[{\"price\":\"USD\",\"quantity\":\"2\"}]}", 400, "parameter_invalid", "items[0][quantity]"),
                Arguments.of("huge quantity", "{\"customer\":\"C\",\"items\":[{\"price\":\"USD\",\"quantity\":10000000000}]}", 400, "parameter_invalid", "items[0][quantity]"),
                Arguments.of("trial in the past", "{\"customer\":\"C\"," + items + ",\"trial_end\":" + (START.getEpochSecond() - 1) + "}", 400, "parameter_invalid", "trial_end"),
                Arguments.of("trial both ways", "{\"customer\":\"C\"," + items + ",\"trial_end\":" + (START.getEpochSecond() + 99) + ",\"trial_period_days\":3}", 400, "parameter_invalid", "trial_period_days"),
                Arguments.of("trial too long", "{\"customer\":\"C\"," + items + ",\"trial_period_days\":731}", 400, "parameter_invalid", "trial_period_days"),
                Arguments.of("anchor in the past", "{\"customer\":\"C\"," + items + ",\"billing_cycle_anchor\":" + (START.getEpochSecond() - 1) + "}", 400, "parameter_invalid", "billing_cycle_anchor"),
                // Monthly from Feb 1: the anchor may be at most one month on, Mar 1 00:00.
                Arguments.of("anchor past one period", "{\"customer\":\"C\"," + items + ",\"billing_cycle_anchor\":" + (Instant.parse("2027-03-01T00:00:00Z").getEpochSecond() + 1) + "}", 400, "parameter_invalid", "billing_cycle_anchor"),
                Arguments.of("anchor and trial", "{\"customer\":\"C\"," + items + ",\"trial_period_days\":3,\"billing_cycle_anchor\":" + (START.getEpochSecond() + 99) + "}", 400, "parameter_invalid", "billing_cycle_anchor"),
                Arguments.of("anchor as text", "{\"customer\":\"C\"," + items + ",\"billing_cycle_anchor\":\"soon\"}", 400, "parameter_invalid", "billing_cycle_anchor"),
                Arguments.of("unknown proration", "{\"customer\":\"C\"," + items + ",\"billing_cycle_anchor\":" + (START.getEpochSecond() + 99) + ",\"proration_behavior\":\"always_invoice\"}", 400, "parameter_invalid", "proration_behavior"),
                Arguments.of("trial from plan and days", "{\"customer\":\"C\"," + items + ",\"trial_from_plan\":true,\"trial_period_days\":3}", 400, "parameter_invalid", "trial_from_plan"),
                Arguments.of("trial from plan as text", "{\"customer\":\"C\"," + items + ",\"trial_from_plan\":\"yes\"}", 400, "parameter_invalid", "trial_from_plan"),
                Arguments.of("unknown trial end behavior", "{\"customer\":\"C\"," + items + ",\"trial_settings\":{\"end_behavior\":{\"missing_payment_method\":\"wait\"}}}", 400, "parameter_invalid", "trial_settings[end_behavior][missing_payment_method]"),
                Arguments.of("empty trial settings", "{\"customer\":\"C\"," + items + ",\"trial_settings\":{}}", 400, "parameter_missing", "trial_settings[end_behavior][missing_payment_method]"),
                Arguments.of("unknown trial settings field", "{\"customer\":\"C\"," + items + ",\"trial_settings\":{\"end_behavior\":{\"missing_card\":\"pause\"}}}", 400, "parameter_unknown", "trial_settings[end_behavior][missing_card]"),
                Arguments.of("unknown collection", "{\"customer\":\"C\"," + items + ",\"collection_method\":\"cash\"}", 400, "parameter_invalid", "collection_method"),
                Arguments.of("send_invoice without days", "{\"customer\":\"C\"," + items + ",\"collection_method\":\"send_invoice\"}", 400, "parameter_missing", "days_until_due"),
                Arguments.of("days for automatic", "{\"customer\":\"C\"," + items + ",\"days_until_due\":3}", 400, "parameter_invalid", "days_until_due"),
                Arguments.of("unknown field", "{\"customer\":\"C\"," + items + ",\"plan\":\"x\"}", 400, "parameter_unknown", "plan"),
                Arguments.of("unknown item field", "{\"customer\":\"C\",\"items\":[{\"price\":\"USD\",\"tax\":1}]}", 400, "parameter_unknown", "items[0][tax]"),
                Arguments.of("malformed JSON", "{\"customer\":", 400, "invalid_json", null));
    }

    @ParameterizedTest(name = "subscription: {0}")
    @MethodSource("badSubscriptions")
    void createSubscriptionRefusesBadInput(String description, String body, int status, String code, String param) {
        String filled = body.replace("\"C\"", "\"" + customer + "\"").replace("\"USD\"", "\"" + usd + "\"").replace("\"EUR\"", "\"" + eur + "\"")
                .replace("\"YEARLY\"", "\"" + yearly + "\"").replace("\"ONETIME\"", "\"" + oneTime + "\"").replace("\"ARCHIVED\"", "\"" + archived + "\"");
        assertRefused(api.post("/v1/subscriptions", key, filled), status, code, param);
    }

    @Test
    void updatesAndActionsRefuseBadInput() {
        String path = "/v1/subscriptions/" + sub;
        assertRefused(api.post(path, key, "{\"items\":[{\"price\":\"" + eur + "\"}]}"), 400, "parameter_invalid", "items[0][price]");
        assertRefused(api.post(path, key, "{\"items\":[{\"price\":\"" + yearly + "\"}]}"), 400, "parameter_invalid", "items[0][price]");
        assertRefused(api.post(path, key, "{\"items\":[{\"price\":\"" + usd + "\",\"quantity\":-2}]}"), 400, "parameter_invalid", "items[0][quantity]");
        assertRefused(api.post(path, key, "{\"items\":[{\"price\":\"" + usd + "\"}],\"proration_behavior\":\"sometimes\"}"), 400, "parameter_invalid", "proration_behavior");
        assertRefused(api.post(path, key, "{\"items\":[{\"price\":\"" + usd + "\",\"quantity\":2}],\"proration_date\":1}"), 400, "parameter_invalid", "proration_date");
        assertRefused(api.post(path, key, "{\"proration_behavior\":\"none\"}"), 400, "parameter_invalid", "proration_behavior");
        assertRefused(api.post(path, key, "{\"pause_collection\":{\"behavior\":\"sleep\"}}"), 400, "parameter_invalid", "pause_collection[behavior]");
        assertRefused(api.post(path, key, "{\"cancel_at\":1}"), 400, "parameter_invalid", "cancel_at");
        assertRefused(api.post(path + "/resume", key, "{\"billing_cycle_anchor\":\"later\"}"), 400, "parameter_invalid", "billing_cycle_anchor");
        assertRefused(api.post(path + "/resume", key, "{\"proration_behavior\":\"sometimes\"}"), 400, "parameter_invalid", "proration_behavior");
        assertRefused(api.post(path + "/resume", key, "{\"colour\":\"blue\"}"), 400, "parameter_unknown", "colour");
        assertRefused(api.post(path + "/resume", key, "{}"), 409, "subscription_unexpected_state", null);
        assertRefused(api.post("/v1/subscriptions/sub_nope/resume", key, "{}"), 404, "resource_missing", "id");
        assertRefused(api.post("/v1/subscriptions/sub_nope", key, "{}"), 404, "resource_missing", "id");
        assertRefused(api.get("/v1/invoices/upcoming?subscription=" + sub + "&subscription_items[0][price]=price_nope", key), 404, "resource_missing", "items[0][price]");
        assertRefused(api.get("/v1/invoices/upcoming?subscription=" + sub + "&colour=blue", key), 400, "parameter_unknown", "colour");
        assertRefused(api.get("/v1/invoices/upcoming", key), 400, "parameter_missing", "subscription");
        assertRefused(api.post("/v1/invoiceitems", key, "{\"customer\":\"" + customer + "\",\"amount\":5,\"currency\":\"xyz\"}"), 400, "invalid_currency", "currency");
        assertRefused(api.post("/v1/invoiceitems", key, "{\"customer\":\"" + customer + "\",\"amount\":1000000000000,\"currency\":\"usd\"}"), 400, "amount_too_large", "amount");
        assertRefused(api.post("/v1/invoiceitems", key, "{\"customer\":\"" + customer + "\",\"currency\":\"usd\"}"), 400, "parameter_missing", "amount");
        // A manual invoice: the customer's pending items (it has none yet) and its collection, checked before anything is written.
        assertRefused(api.post("/v1/invoices", key, "{}"), 400, "parameter_missing", "customer");
        assertRefused(api.post("/v1/invoices", key, "{\"customer\":\"cus_nope\"}"), 404, "resource_missing", "customer");
        assertRefused(api.post("/v1/invoices", key, "{\"customer\":\"" + customer + "\"}"), 400, "invoice_no_customer_line_items", "customer");
        assertRefused(api.post("/v1/invoices", key, "{\"customer\":\"" + customer + "\",\"currency\":\"xyz\"}"), 400, "invalid_currency", "currency");
        assertRefused(api.post("/v1/invoices", key, "{\"customer\":\"" + customer + "\",\"collection_method\":\"send_invoice\"}"), 400, "parameter_missing", "days_until_due");
        assertRefused(api.post("/v1/invoices", key, "{\"customer\":\"" + customer + "\",\"collection_method\":\"send_invoice\",\"days_until_due\":-1}"), 400, "parameter_invalid", "days_until_due");
        assertRefused(api.post("/v1/invoices", key, "{\"customer\":\"" + customer + "\",\"days_until_due\":3}"), 400, "parameter_invalid", "days_until_due");
        assertRefused(api.post("/v1/invoices", key, "{\"customer\":\"" + customer + "\",\"collection_method\":\"by_post\"}"), 400, "parameter_invalid", "collection_method");
        assertRefused(api.post("/v1/invoices", key, "{\"customer\":\"" + customer + "\",\"auto_advance\":\"maybe\"}"), 400, "parameter_invalid", "auto_advance");
        assertRefused(api.post("/v1/invoices", key, "{\"customer\":\"" + customer + "\",\"subscription\":\"" + sub + "\"}"), 400, "parameter_unknown", "subscription");
        assertRefused(api.post("/v1/invoices", key, "{\"customer\":"), 400, "invalid_json", null);
        assertRefused(api.post("/v1/billing/settings", key, "{\"retry_days\":[5,3]}"), 400, "parameter_invalid", "retry_days[1]");
        assertRefused(api.post("/v1/billing/settings", key, "{\"after_final_retry\":\"forgive\"}"), 400, "parameter_invalid", "after_final_retry");
        String invoice = Billing.invoices(api, key, sub).get(0).path("id").asString();
        assertRefused(api.post("/v1/invoices/" + invoice + "/void", key, "{}"), 409, "invoice_unexpected_state", null);
        assertRefused(api.post("/v1/invoices/" + invoice + "/finalize", key, "{}"), 409, "invoice_unexpected_state", null);
        assertRefused(api.post("/v1/invoices/" + invoice + "/pay", key, "{\"paid_out_of_band\":\"yes\"}"), 400, "parameter_invalid", "paid_out_of_band");
    }

    @Test
    void testClocksRefuseBadAdvancesAndLiveMode() {
        String path = "/v1/test_helpers/test_clocks/" + clock + "/advance";
        assertRefused(api.post(path, key, "{\"frozen_time\":" + (START.getEpochSecond() - 1) + "}"), 400, "parameter_invalid", "frozen_time");
        assertRefused(api.post(path, key, "{\"frozen_time\":" + START.getEpochSecond() + "}"), 400, "parameter_invalid", "frozen_time");
        // The subscription is monthly: at most two months (Feb 1 → Apr 1) per advance.
        assertRefused(api.post(path, key, "{\"frozen_time\":" + Instant.parse("2027-04-01T00:00:01Z").getEpochSecond() + "}"), 400,
                "parameter_invalid", "frozen_time");
        assertRefused(api.post(path, key, "{}"), 400, "parameter_missing", "frozen_time");
        assertRefused(api.post(path, key, "{\"frozen_time\":\"soon\"}"), 400, "parameter_invalid", "frozen_time");
        assertRefused(api.post("/v1/test_helpers/test_clocks", account.liveKey(), "{\"frozen_time\":1}"), 400, "livemode_not_allowed", null);
        assertRefused(api.post("/v1/customers", account.liveKey(), "{\"test_clock\":\"" + clock + "\"}"), 400, "parameter_invalid", "test_clock");
        assertRefused(api.post("/v1/customers", key, "{\"test_clock\":\"clock_nope\"}"), 404, "resource_missing", "test_clock");
        assertThat(api.get("/v1/test_helpers/test_clocks/" + clock, key).json().path("frozen_time").asLong()).isEqualTo(START.getEpochSecond());
    }

    @Test
    void anotherAccountsBillingObjectsAreNotFound() {
        Api.Account stranger = api.newAccount();
        String invoice = Billing.invoices(api, key, sub).get(0).path("id").asString();
        String strangerCustomer = api.post("/v1/customers", stranger.testKey(), "{}").text("id");
        assertProblem(api.get("/v1/subscriptions/" + sub, stranger.testKey()), 404, "resource_missing");
        assertProblem(api.delete("/v1/subscriptions/" + sub, stranger.testKey()), 404, "resource_missing");
        assertProblem(api.get("/v1/invoices/" + invoice, stranger.testKey()), 404, "resource_missing");
        assertProblem(api.post("/v1/invoices/" + invoice + "/void", stranger.testKey(), "{}"), 404, "resource_missing");
        assertProblem(api.get("/v1/test_helpers/test_clocks/" + clock, stranger.testKey()), 404, "resource_missing");
        assertProblem(api.post("/v1/test_helpers/test_clocks/" + clock + "/advance", stranger.testKey(), "{\"frozen_time\":"
                + (START.getEpochSecond() + 60) + "}"), 404, "resource_missing");
        assertProblem(api.post("/v1/subscriptions", stranger.testKey(), "{\"customer\":\"" + strangerCustomer + "\",\"items\":[{\"price\":\""
                + usd + "\"}]}"), 404, "resource_missing", "items[0][price]");
        assertProblem(api.post("/v1/customers", stranger.testKey(), "{\"test_clock\":\"" + clock + "\"}"), 404, "resource_missing", "test_clock");
        assertProblem(api.get("/v1/invoices/upcoming?subscription=" + sub, stranger.testKey()), 404, "resource_missing", "subscription");
        assertProblem(api.post("/v1/invoices", stranger.testKey(), "{\"customer\":\"" + customer + "\"}"), 404, "resource_missing", "customer");
        assertThat(snapshot()).isEqualTo(snapshot);
    }

    @Test
    void idempotencyKeysReplaySubscriptionCreation() {
        String other = Billing.customer(api, key, clock, Payments.SUCCESS);
        String body = "{\"customer\":\"" + other + "\",\"items\":[{\"price\":\"" + usd + "\"}]}";
        Api.Response first = api.post("/v1/subscriptions", key, body, "sub-key-1");
        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        Api.Response replay = api.post("/v1/subscriptions", key, body, "sub-key-1");
        assertThat(replay.body()).isEqualTo(first.body());
        assertProblem(api.post("/v1/subscriptions", key, body.replace(usd, eur), "sub-key-1"), 422, "idempotency_key_reused");
        assertThat(jdbc.sql("SELECT count(*) FROM billing_subscriptions WHERE customer_id = :c").param("c", other).query(Long.class).single())
                .isEqualTo(1);
        assertThat(jdbc.sql("SELECT count(*) FROM payments_intents WHERE customer_id = :c").param("c", other).query(Long.class).single())
                .as("one charge").isEqualTo(1);
    }

    private void assertRefused(Api.Response response, int status, String code, String param) {
        if (param == null) {
            assertProblem(response, status, code);
        } else {
            assertProblem(response, status, code, param);
        }
        assertThat(snapshot()).as("nothing written").isEqualTo(snapshot);
    }

    private String snapshot() {
        return jdbc.sql("""
                SELECT (SELECT count(*) FROM billing_subscriptions WHERE account_id = :a) || '/' ||
                       (SELECT coalesce(string_agg(id || status || cancel_at_period_end || coalesce(pause_behavior, '') ||
                            (SELECT string_agg(price_id || quantity, ',') FROM billing_subscription_items WHERE subscription_id = s.id), '|' ORDER BY id), '')
                        FROM billing_subscriptions s WHERE account_id = :a) || '/' ||
                       (SELECT count(*) FROM billing_invoices WHERE account_id = :a) || '/' ||
                       (SELECT count(*) FROM billing_invoice_items WHERE account_id = :a) || '/' ||
                       (SELECT count(*) FROM billing_settings WHERE account_id = :a) || '/' ||
                       (SELECT count(*) FROM customers WHERE account_id = :a) || '/' ||
                       (SELECT string_agg(status || frozen_time, ',') FROM billing_test_clocks WHERE account_id = :a)
                """).param("a", account.id()).query(String.class).single();
    }
}
