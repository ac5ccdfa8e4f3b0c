package dev.settle.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code settle trigger <event>}: makes, through the public API and in test mode, the objects
 * whose changes raise the named event (with the simulator's test cards).
 */
@Command(name = "trigger", mixinStandardHelpOptions = true,
        description = {"Create the test-mode objects that cause an event, through the public API.",
            "Events: customer.created, customer.updated, customer.deleted, payment_intent.created,",
            "payment_intent.succeeded, payment_intent.payment_failed, payment_intent.canceled,",
            "payment_intent.requires_action, payment_intent.processing, payment_intent.amount_capturable_updated,",
            "charge.succeeded, charge.failed, charge.captured, charge.refunded, refund.created, refund.failed.",
            "(The billing events come with billing.)"})
final class TriggerCommand implements Callable<Integer> {

    private static final String SUCCESS = "4242424242424242";
    private static final String DECLINE = "4000000000000002";
    private static final String THREE_D_SECURE = "4000002500003155";
    private static final String ASYNC_SUCCESS = "4000099000000012";
    private static final String REFUND_FAILS = "4000000000005126";

    @ParentCommand
    SettleCli settle;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "<event>", description = "The event to cause, e.g. payment_intent.succeeded.")
    String event;

    private static final Map<String, Function<Api, String>> FIXTURES = fixtures();

    private static Map<String, Function<Api, String>> fixtures() {
        Map<String, Function<Api, String>> fixtures = new LinkedHashMap<>();
        fixtures.put("customer.created", api -> customer(api));
        fixtures.put("customer.updated", api -> {
            String customer = customer(api);
            return api.post("/v1/customers/" + customer, "{\"name\":\"Triggered customer (updated)\"}").path("id").asString();
        });
        fixtures.put("customer.deleted", api -> api.delete("/v1/customers/" + customer(api)).path("id").asString());
        fixtures.put("payment_intent.created", api -> api.post("/v1/payment_intents",
                "{\"amount\":2000,\"currency\":\"usd\"}").path("id").asString());
        fixtures.put("payment_intent.succeeded", api -> pay(api, SUCCESS, "automatic"));
        fixtures.put("charge.succeeded", api -> pay(api, SUCCESS, "automatic"));
        fixtures.put("payment_intent.payment_failed", api -> pay(api, DECLINE, "automatic"));
        fixtures.put("charge.failed", api -> pay(api, DECLINE, "automatic"));
        fixtures.put("payment_intent.requires_action", api -> pay(api, THREE_D_SECURE, "automatic"));
        fixtures.put("payment_intent.processing", api -> pay(api, ASYNC_SUCCESS, "automatic"));
        fixtures.put("payment_intent.amount_capturable_updated", api -> pay(api, SUCCESS, "manual"));
        fixtures.put("payment_intent.canceled", api -> {
            String intent = api.post("/v1/payment_intents", "{\"amount\":2000,\"currency\":\"usd\"}").path("id").asString();
            return api.post("/v1/payment_intents/" + intent + "/cancel", "{}").path("id").asString();
        });
        fixtures.put("charge.captured", api -> {
            String intent = pay(api, SUCCESS, "manual");
            return api.post("/v1/payment_intents/" + intent + "/capture", "{}").path("id").asString();
        });
        fixtures.put("charge.refunded", api -> refund(api, SUCCESS));
        fixtures.put("refund.created", api -> refund(api, SUCCESS));
        fixtures.put("refund.failed", api -> refund(api, REFUND_FAILS));
        return fixtures;
    }

    @Override
    public Integer call() {
        Function<Api, String> fixture = FIXTURES.get(event);
        if (fixture == null) {
            spec.commandLine().getErr().println("Unknown event '" + event + "'. Events: " + String.join(", ", FIXTURES.keySet()));
            return 2;
        }
        Api api = new Api(settle.base(), settle.key(spec));
        String made = fixture.apply(api);
        spec.commandLine().getOut().println("Triggered " + event + " (" + made + "). Watch for it with settle listen or settle events tail.");
        return 0;
    }

    private static String customer(Api api) {
        return api.post("/v1/customers", "{\"name\":\"Triggered customer\"}").path("id").asString();
    }

    private static String pay(Api api, String card, String captureMethod) {
        String method = api.post("/v1/payment_methods", "{\"type\":\"card\",\"card\":{\"number\":\"" + card
                + "\",\"exp_month\":12,\"exp_year\":2034,\"cvc\":\"123\"}}").path("id").asString();
        return api.post("/v1/payment_intents", "{\"amount\":2000,\"currency\":\"usd\",\"payment_method\":\"" + method
                + "\",\"capture_method\":\"" + captureMethod + "\",\"confirm\":true}").path("id").asString();
    }

    private static String refund(Api api, String card) {
        String intent = pay(api, card, "automatic");
        return api.post("/v1/refunds", "{\"payment_intent\":\"" + intent + "\"}").path("id").asString();
    }
}
