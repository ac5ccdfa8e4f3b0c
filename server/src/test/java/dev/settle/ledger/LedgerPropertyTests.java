package dev.settle.ledger;

import static dev.settle.support.Gen.weight;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.settle.SettleApplication;
import dev.settle.support.Api;
import dev.settle.support.Gen;
import dev.settle.support.Payments;
import dev.settle.support.Property;
import tools.jackson.databind.JsonNode;

/**
 * Random sequences of payment and refund operations, across currencies with different exponents, through
 * the public API. Whatever happens, every ledger transaction balances, every balance is the sum
 * of its entries, and the ledger agrees with what the payment intents say was received.
 */
class LedgerPropertyTests {

    private static final List<String> CURRENCIES = List.of("usd", "eur", "jpy", "kwd");

    static ConfigurableApplicationContext context;
    static Api api;
    static JdbcClient jdbc;

    sealed interface Action permits Create, Confirm, Capture, Cancel, Refund {
    }

    record Create(long amount, String currency, boolean manual, boolean confirm, boolean declined) implements Action {
    }

    record Confirm(int target) implements Action {
    }

    /** Captures {@code percent}% of what is capturable (at least 1 minor unit). */
    record Capture(int target, int percent) implements Action {
    }

    record Cancel(int target) implements Action {
    }

    /** Refunds {@code percent}% of what is still refundable (at least 1 minor unit). */
    record Refund(int target, int percent) implements Action {
    }

    @BeforeAll
    static void start() throws Exception {
        Path dataDir = Files.createTempDirectory(Path.of("target"), "ledger-properties-");
        context = SpringApplication.run(SettleApplication.class, "--server.port=0", "--settle.data-dir=" + dataDir,
                "--settle.tenancy.operator-token=" + Api.OPERATOR_TOKEN, "--settle.scheduler.polling-interval=1s",
                "--settle.database.embedded-wal-reserve=0");
        StandardEnvironment environment = new StandardEnvironment();
        environment.getSystemProperties().put("local.server.port",
                String.valueOf(((WebServerApplicationContext) context).getWebServer().getPort()));
        api = new Api(environment);
        jdbc = context.getBean(JdbcClient.class);
    }

    @AfterAll
    static void stop() {
        context.close();
    }

    @Test
    void theLedgerAlwaysBalancesAndMatchesThePayments() {
        Property.forAll(gen -> gen.listOf(1, 12, LedgerPropertyTests::action)).tries(50)
                .check(LedgerPropertyTests::balancesAndMatchesThePayments);
    }

    private static Action action(Gen gen) {
        return gen.frequency(
                weight(4, g -> new Create(g.longs(1, 5_000_000), g.of(CURRENCIES), g.of(true, false), g.of(true, true, false),
                        g.of(false, false, false, true))),
                weight(2, g -> new Confirm(g.ints(0, 20))),
                weight(3, g -> new Capture(g.ints(0, 20), g.ints(1, 100))),
                weight(1, g -> new Cancel(g.ints(0, 20))),
                weight(3, g -> new Refund(g.ints(0, 20), g.ints(1, 100))));
    }

    private static void balancesAndMatchesThePayments(List<Action> actions) {
        Api.Account account = api.newAccount();
        String key = account.testKey();
        List<String> intents = new ArrayList<>();
        for (Action action : actions) {
            switch (action) {
                case Create create -> intents.add(create(key, create));
                case Confirm confirm when !intents.isEmpty() -> api.post(path(intents, confirm.target(), "/confirm"), key,
                        "{\"payment_method\":\"" + Payments.paymentMethod(api, key, Payments.SUCCESS) + "\"}");
                case Capture capture when !intents.isEmpty() -> capture(key, path(intents, capture.target(), ""), capture.percent());
                case Cancel cancel when !intents.isEmpty() -> api.post(path(intents, cancel.target(), "/cancel"), key, "{}");
                case Refund refund when !intents.isEmpty() -> refund(key, path(intents, refund.target(), ""), refund.percent());
                default -> {
                }
            }
        }

        assertThat(jdbc.sql("""
                SELECT transaction_id FROM ledger_entries WHERE account_id = :a
                GROUP BY transaction_id HAVING sum(amount) <> 0 OR count(*) < 2 OR count(DISTINCT currency) <> 1""")
                .param("a", account.id()).query(String.class).list()).as("unbalanced transactions").isEmpty();

        Map<String, Long> gross = new HashMap<>();
        Map<String, Long> net = new HashMap<>();
        Map<String, Long> refunded = new HashMap<>();
        for (String id : intents) {
            JsonNode intent = api.get("/v1/payment_intents/" + id, key).json();
            assertThat(intent.path("amount_received").asLong()).isBetween(0L, intent.path("amount").asLong());
            for (JsonNode charge : intent.path("charges").path("data")) {
                assertThat(charge.path("amount_refunded").asLong()).as("never refunded more than captured")
                        .isBetween(0L, charge.path("amount_captured").asLong());
                refunded.merge(charge.path("currency").asString(), charge.path("amount_refunded").asLong(), Long::sum);
                if (charge.path("captured").asBoolean()) {
                    gross.merge(charge.path("currency").asString(), charge.path("amount_captured").asLong(), Long::sum);
                    net.merge(charge.path("currency").asString(),
                            charge.path("amount_captured").asLong() - charge.path("fee").asLong(), Long::sum);
                }
            }
        }
        assertThat(sums(account, "gross_volume")).as("gross volume = captured amounts")
                .isEqualTo(negated(gross));
        Map<String, Long> pending = new HashMap<>();
        for (JsonNode amount : api.get("/v1/balance", key).json().path("pending")) {
            pending.put(amount.path("currency").asString(), amount.path("amount").asLong());
        }
        assertThat(pending).as("balance endpoint = sum of pending entries").isEqualTo(sums(account, "receivable_pending"));
        assertThat(pending).as("pending = captured net of fees").isEqualTo(withoutZeros(net));
        assertThat(sums(account, "refunds")).as("refunds = what the charges say was refunded").isEqualTo(withoutZeros(refunded));
        Map<String, Long> available = new HashMap<>();
        for (JsonNode amount : api.get("/v1/balance", key).json().path("available")) {
            available.put(amount.path("currency").asString(), amount.path("amount").asLong());
        }
        Map<String, Long> expectedAvailable = new HashMap<>(sums(account, "receivable_available"));
        sums(account, "refunds_pending").forEach((currency, value) -> expectedAvailable.merge(currency, value, Long::sum));
        assertThat(withoutZeros(available)).as("available = sum of its entries").isEqualTo(withoutZeros(expectedAvailable));
        assertThat(withoutZeros(available)).as("available = minus what was refunded (nothing released yet)")
                .isEqualTo(negated(refunded));
    }

    private static String create(String key, Create create) {
        String method = Payments.paymentMethod(api, key, create.declined() ? Payments.DECLINE : Payments.SUCCESS);
        Api.Response created = api.post("/v1/payment_intents", key, "{\"amount\":" + create.amount() + ",\"currency\":\""
                + create.currency() + "\",\"payment_method\":\"" + method + "\",\"capture_method\":\""
                + (create.manual() ? "manual" : "automatic") + "\",\"confirm\":" + create.confirm() + "}");
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        return created.text("id");
    }

    private static void capture(String key, String intentPath, int percent) {
        long capturable = api.get(intentPath, key).json().path("amount_capturable").asLong();
        long amount = Math.max(1, capturable * percent / 100);
        api.post(intentPath + "/capture", key, "{\"amount_to_capture\":" + amount + "}");
    }

    private static void refund(String key, String intentPath, int percent) {
        JsonNode intent = api.get(intentPath, key).json();
        long refundable = intent.path("amount_received").asLong() - intent.path("amount_refunded").asLong();
        long amount = Math.max(1, refundable * percent / 100);
        api.post("/v1/refunds", key, "{\"payment_intent\":\"" + intent.path("id").asString() + "\",\"amount\":" + amount + "}");
    }

    private static String path(List<String> intents, int target, String action) {
        return "/v1/payment_intents/" + intents.get(target % intents.size()) + action;
    }

    private static Map<String, Long> sums(Api.Account account, String ledgerAccount) {
        Map<String, Long> sums = new HashMap<>();
        jdbc.sql("SELECT currency, sum(amount) AS total FROM ledger_entries WHERE account_id = :a AND ledger_account = :l GROUP BY currency")
                .param("a", account.id()).param("l", ledgerAccount)
                .query((rs, n) -> sums.put(rs.getString("currency"), rs.getLong("total"))).list();
        return withoutZeros(sums);
    }

    private static Map<String, Long> negated(Map<String, Long> values) {
        Map<String, Long> negated = new HashMap<>();
        values.forEach((currency, value) -> negated.put(currency, -value));
        return withoutZeros(negated);
    }

    private static Map<String, Long> withoutZeros(Map<String, Long> values) {
        Map<String, Long> result = new HashMap<>(values);
        result.values().removeIf(value -> value == 0);
        return result;
    }
}
