package dev.settle.payments;

import static dev.settle.support.Payments.awaitIntent;
import static dev.settle.support.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.settle.simulator.Simulator;
import dev.settle.support.Api;
import dev.settle.support.Docs;
import dev.settle.support.Payments;
import dev.settle.support.SettleTest;
import tools.jackson.databind.JsonNode;

/**
 * Keeps the simulator's test-card table in docs/payments.md true: every row is read, its outcome
 * text is turned into what a user would see, and a payment with that card is made through the
 * public API and checked against it. An outcome the test cannot read fails (so a new or reworded
 * row needs a rule here), and a row whose number or outcome is wrong fails on what the server does.
 *
 * <p>Outcome texts it reads, where {@code X} and {@code Y} are read from the row:
 * <ul>
 * <li>{@code succeeds}, optionally {@code ; a refund of it (succeeds|fails) asynchronously}</li>
 * <li>{@code declined, `X` / `Y`}: {@code last_payment_error.code} X, {@code decline_code} Y;
 *     {@code declined, `X`}: both X (as Stripe reports {@code expired_card} and {@code incorrect_cvc})</li>
 * <li>{@code `S`: open `a.b.c` and complete 3-D Secure}: status S, a URL at {@code a.b.c}; completing it succeeds</li>
 * <li>{@code `S`, then (succeeds|fails) by signed webhook}</li>
 * <li>{@code the processor charges but answers too late: outcome unknown, settled by the janitor}</li>
 * <li>{@code the processor answers N and charges nothing: settled as failed by the janitor}</li>
 * </ul>
 * Point it at an edited copy with {@code -Dsettle.docs.payments=/path/to/payments.md}.
 */
@SettleTest
class PaymentsDocsTableTests {

    private static final long AMOUNT = 2000;
    private static final Duration WITHIN = Duration.ofSeconds(20);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Autowired
    Api api;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Simulator simulator;

    /** What a row's outcome column promises. */
    sealed interface Outcome {
    }

    /** Paid at once; then, if {@code refund} is given, a refund of it ends that way after being pending. */
    record Succeeds(@Nullable String refund) implements Outcome {
    }

    record Declined(String code, String declineCode) implements Outcome {
    }

    record ThreeDSecure(String status, String urlPath) implements Outcome {
    }

    record ByWebhook(String status, boolean succeeds) implements Outcome {
    }

    record AnsweredTooLate() implements Outcome {
    }

    record ProcessorError(int status) implements Outcome {
    }

    private record Rule(Pattern pattern, Function<Matcher, Outcome> outcome) {
    }

    private static final List<Rule> RULES = List.of(
            rule("succeeds", m -> new Succeeds(null)),
            rule("succeeds; a refund of it (succeeds|fails) asynchronously", m -> new Succeeds(m.group(1))),
            rule("declined, `([a-z_]+)` / `([a-z_]+)`", m -> new Declined(m.group(1), m.group(2))),
            rule("declined, `([a-z_]+)`", m -> new Declined(m.group(1), m.group(1))),
            rule("`([a-z_]+)`: open `([a-z_.]+)` and complete 3-D Secure", m -> new ThreeDSecure(m.group(1), m.group(2))),
            rule("`([a-z_]+)`, then (succeeds|fails) by signed webhook", m -> new ByWebhook(m.group(1), m.group(2).equals("succeeds"))),
            rule("the processor charges but answers too late: outcome unknown, settled by the janitor", m -> new AnsweredTooLate()),
            rule("the processor answers (\\d{3}) and charges nothing: settled as failed by the janitor",
                    m -> new ProcessorError(Integer.parseInt(m.group(1)))));

    private static Rule rule(String regex, Function<Matcher, Outcome> outcome) {
        return new Rule(Pattern.compile(regex), outcome);
    }

    static Outcome outcome(String text, String where) {
        for (Rule rule : RULES) {
            Matcher matcher = rule.pattern().matcher(text.trim());
            if (matcher.matches()) {
                return rule.outcome().apply(matcher);
            }
        }
        throw new AssertionError(where + ": cannot read the outcome '" + text + "'; teach PaymentsDocsTableTests what it means");
    }

    static String cardNumber(String text, String where) {
        String digits = text.replace(" ", "");
        if (!digits.matches("\\d{16}")) {
            throw new AssertionError(where + ": '" + text + "' is not a 16-digit card number");
        }
        return digits;
    }

    private static Docs.Markdown simulatorSection() {
        return Docs.read("payments").section("The simulator");
    }

    @TestFactory
    Stream<DynamicTest> everyTestCardDoesWhatTheTableSays() {
        Docs.Table table = simulatorSection().table("card number", "outcome");
        assertThat(table.rows()).as("rows of the test-card table at " + table.at()).isNotEmpty();
        return table.rows().stream().map(row -> dynamicTest(row.cell("card number") + ": " + row.cell("outcome"), () -> {
            String card = cardNumber(row.cell("card number"), row.at());
            Outcome outcome = outcome(row.cell("outcome"), row.at());
            check(card, outcome, row.toString());
        }));
    }

    @Test
    void everyCardInTheTableIsADifferentNumber() {
        List<String> cards = simulatorSection().table("card number", "outcome").rows().stream()
                .map(row -> cardNumber(row.cell("card number"), row.at())).toList();
        assertThat(cards).doesNotHaveDuplicates();
    }

    /** docs/simulator.md lists the same cards, in the same order (its outcomes speak of the simulator's own API). */
    @Test
    void theSimulatorGuideListsTheSameCards() {
        List<String> payments = simulatorSection().table("card number", "outcome").rows().stream()
                .map(row -> cardNumber(row.cell("card number"), row.at())).toList();
        List<String> simulator = Docs.read("simulator").section("Test cards").table("card number", "outcome").rows().stream()
                .map(row -> cardNumber(row.cell("card number").replaceFirst("\\s*\\(.*\\)$", ""), row.at())).toList();
        assertThat(simulator).isEqualTo(payments);
    }

    /** "Any other Luhn-valid number succeeds; one failing Luhn is `400 invalid_number`." */
    @Test
    void otherNumbersDoWhatTheSentenceUnderTheTableSays() throws Exception {
        Docs.Markdown section = simulatorSection();
        Matcher sentence = Pattern.compile("Any other Luhn-valid number (.+?); one failing Luhn is `(\\d{3}) ([a-z_]+)`\\.")
                .matcher(section.prose());
        assertThat(sentence.find()).as(section.at(0) + ": the sentence on other numbers, in: " + section.prose()).isTrue();
        Set<String> table = section.table("card number", "outcome").rows().stream()
                .map(row -> cardNumber(row.cell("card number"), row.at())).collect(Collectors.toSet());

        String other = withLuhnDigit("400000000000123");
        assertThat(table).doesNotContain(other);
        check(other, outcome(sentence.group(1), section.at(0)), "another Luhn-valid number, " + other);

        Api.Account account = api.newAccount();
        for (String card : table) {
            String broken = card.substring(0, 15) + (char) ('0' + (card.charAt(15) - '0' + 1) % 10);
            assertThat(luhnValid(broken)).isFalse();
            assertProblem(api.post("/v1/payment_methods", account.testKey(), cardBody(broken)),
                    Integer.parseInt(sentence.group(2)), sentence.group(3), "card[number]");
        }
    }

    private void check(String card, Outcome outcome, String row) throws IOException, InterruptedException {
        Api.Account account = api.newAccount();
        String key = account.testKey();
        Api.Response method = api.post("/v1/payment_methods", key, cardBody(card));
        assertThat(method.status()).as(row + ": tokenizing " + method).isEqualTo(200);
        Api.Response paid = api.post("/v1/payment_intents", key, "{\"amount\":" + AMOUNT + ",\"currency\":\"usd\",\"payment_method\":\""
                + method.text("id") + "\",\"confirm\":true}");
        assertThat(paid.status()).as(row + ": " + paid).isEqualTo(200);
        String intent = paid.text("id");
        switch (outcome) {
            case Succeeds(String refund) -> {
                assertSucceeded(paid, row);
                if (refund != null) {
                    Api.Response created = api.post("/v1/refunds", key, "{\"payment_intent\":\"" + intent + "\"}");
                    assertThat(created.text("status")).as(row + ": the refund, asynchronous: " + created).isEqualTo("pending");
                    Api.Response ended = awaitRefund(key, created.text("id"));
                    assertThat(ended.text("status")).as(row + ": " + ended).isEqualTo(refund.equals("fails") ? "failed" : "succeeded");
                }
            }
            case Declined(String code, String declineCode) -> {
                assertThat(paid.text("status")).as(row + ": " + paid).isEqualTo("requires_payment_method");
                JsonNode error = paid.json().path("last_payment_error");
                assertThat(error.path("code").asString()).as(row + ": last_payment_error " + error).isEqualTo(code);
                assertThat(error.path("decline_code").asString()).as(row + ": last_payment_error " + error).isEqualTo(declineCode);
                assertThat(charge(paid).path("status").asString()).as(row).isEqualTo("failed");
                assertThat(paid.json().path("amount_received").asLong()).as(row).isZero();
            }
            case ThreeDSecure(String status, String urlPath) -> {
                assertThat(paid.text("status")).as(row + ": " + paid).isEqualTo(status);
                JsonNode url = paid.json();
                for (String field : urlPath.split("\\.")) {
                    url = url.path(field);
                }
                assertThat(url.isString()).as(row + ": " + urlPath + " in " + paid).isTrue();
                HttpResponse<String> page = HTTP.send(HttpRequest.newBuilder(URI.create(url.asString())).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(page.statusCode()).as(row + ": opening " + url.asString()).isEqualTo(200);
                HttpResponse<String> completed = HTTP.send(HttpRequest.newBuilder(URI.create(url.asString() + "/complete"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"outcome\":\"succeed\"}")).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(completed.statusCode()).as(row + ": completing 3-D Secure: " + completed.body()).isEqualTo(200);
                assertSucceeded(awaitSettled(key, intent), row);
            }
            case ByWebhook(String status, boolean succeeds) -> {
                assertThat(paid.text("status")).as(row + ": " + paid).isEqualTo(status);
                assertThat(charge(paid).path("status").asString()).as(row).isEqualTo("pending");
                Api.Response settled = awaitSettled(key, intent);
                if (succeeds) {
                    assertSucceeded(settled, row);
                } else {
                    assertFailed(settled, row);
                }
                assertThat(signedWebhooksAbout(settled.text("latest_charge"))).as(row + ": signed processor webhooks about the charge").isPositive();
            }
            case AnsweredTooLate() -> {
                assertUnknown(paid, row);
                assertSucceeded(awaitSettled(key, intent), row);
                assertSettledByTheJanitor(paid, row);
                assertThat(processorCharges(paid)).as(row + ": the processor charged, once").isEqualTo(1);
            }
            case ProcessorError(int status) -> {
                assertThat(processorAnswer(card)).as(row + ": the processor's own answer to a charge").isEqualTo(status);
                assertUnknown(paid, row);
                assertFailed(awaitSettled(key, intent), row);
                assertSettledByTheJanitor(paid, row);
                assertThat(processorCharges(paid)).as(row + ": the processor charged nothing").isZero();
            }
        }
    }

    private static void assertSucceeded(Api.Response intent, String row) {
        assertThat(intent.text("status")).as(row + ": " + intent).isEqualTo("succeeded");
        assertThat(intent.json().path("amount_received").asLong()).as(row).isEqualTo(AMOUNT);
        assertThat(charge(intent).path("status").asString()).as(row).isEqualTo("succeeded");
    }

    /** A failed attempt: back to requires_payment_method, with the reason and nothing received. */
    private static void assertFailed(Api.Response intent, String row) {
        assertThat(intent.text("status")).as(row + ": " + intent).isEqualTo("requires_payment_method");
        assertThat(intent.json().path("last_payment_error").path("code").asString(null)).as(row + ": " + intent).isNotBlank();
        assertThat(intent.json().path("amount_received").asLong()).as(row).isZero();
        assertThat(charge(intent).path("status").asString()).as(row).isEqualTo("failed");
    }

    /** Outcome unknown: never failed, the attempt stays processing with its charge pending. */
    private static void assertUnknown(Api.Response intent, String row) {
        assertThat(intent.text("status")).as(row + ": outcome unknown: " + intent).isEqualTo("processing");
        assertThat(charge(intent).path("status").asString()).as(row + ": " + intent).isEqualTo("pending");
        assertThat(intent.json().path("last_payment_error").isNull()).as(row + ": " + intent).isTrue();
    }

    /**
     * Outcomes reach an attempt by the processor's reply, a webhook or the janitor (docs/payments.md,
     * "Outcomes Settle did not hear"). The reply left it unknown (checked before) and no webhook about
     * the charge arrived, so the janitor settled it.
     */
    private void assertSettledByTheJanitor(Api.Response confirmed, String row) {
        String chargeId = confirmed.text("latest_charge");
        assertThat(signedWebhooksAbout(chargeId)).as(row + ": signed processor webhooks about " + chargeId).isZero();
    }

    private static JsonNode charge(Api.Response intent) {
        return intent.json().path("charges").path("data").path(0);
    }

    private Api.Response awaitSettled(String key, String intent) {
        return awaitIntent(api, key, intent,
                r -> Set.of("succeeded", "requires_payment_method", "requires_capture", "canceled").contains(r.text("status")), WITHIN);
    }

    private Api.Response awaitRefund(String key, String refund) {
        Instant deadline = Instant.now().plus(WITHIN);
        Api.Response current = api.get("/v1/refunds/" + refund, key);
        while ("pending".equals(current.text("status")) && Instant.now().isBefore(deadline)) {
            Payments.sleep(100);
            current = api.get("/v1/refunds/" + refund, key);
        }
        return current;
    }

    /** Verified processor webhooks Settle recorded about a charge (only signed ones are recorded). */
    private long signedWebhooksAbout(String chargeId) {
        return jdbc.sql("""
                SELECT count(*)
                FROM webhooks_inbound_events e
                JOIN payments_charges c ON c.processor_reference = e.object_id
                WHERE c.id = :charge
                """).param("charge", chargeId).query(Long.class).single();
    }

    /** Charges the processor holds for this attempt (Settle's key towards it is settle_<charge id>). */
    private long processorCharges(Api.Response intent) {
        return jdbc.sql("SELECT count(*) FROM simulator.charges WHERE idempotency_key = :key")
                .param("key", "settle_" + intent.text("latest_charge")).query(Long.class).single();
    }

    /** The HTTP status the processor itself answers a charge with this card with. */
    private int processorAnswer(String card) throws IOException, InterruptedException {
        HttpResponse<String> token = simulatorPost("/v1/tokens", "{\"number\":\"" + card + "\",\"exp_month\":12,\"exp_year\":2034,\"cvc\":\"123\"}");
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        String id = Api.json().readTree(token.body()).path("id").asString();
        return simulatorPost("/v1/charges", "{\"amount\":" + AMOUNT + ",\"currency\":\"usd\",\"token\":\"" + id + "\"}").statusCode();
    }

    private HttpResponse<String> simulatorPost(String path, String body) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(simulator.baseUrl() + path))
                .header("Authorization", "Bearer " + simulator.apiKey())
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String cardBody(String number) {
        return "{\"type\":\"card\",\"card\":{\"number\":\"" + number + "\",\"exp_month\":12,\"exp_year\":2034,\"cvc\":\"123\"}}";
    }

    private static String withLuhnDigit(String fifteen) {
        for (char digit = '0'; digit <= '9'; digit++) {
            if (luhnValid(fifteen + digit)) {
                return fifteen + digit;
            }
        }
        throw new IllegalStateException();
    }

    private static boolean luhnValid(String number) {
        int sum = 0;
        for (int i = 0; i < number.length(); i++) {
            int digit = number.charAt(number.length() - 1 - i) - '0';
            if (i % 2 == 1) {
                digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
            }
            sum += digit;
        }
        return sum % 10 == 0;
    }
}
