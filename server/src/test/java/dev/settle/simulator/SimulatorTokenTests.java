package dev.settle.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.time.YearMonth;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.settle.simulator.SimulatorClient.Response;

/** {@code POST /v1/tokens}: what a token keeps of a card, what is refused, and the API key. */
class SimulatorTokenTests {

    private final SimulatorClient client = SimulatorFixture.get().client;

    @Test
    void tokenizesACardIntoWhatMayBeKept() {
        Response token = tokenize("4242 4242 4242 4242", 12, 2030, "\"123\"");

        assertThat(token.status()).as(token.toString()).isEqualTo(200);
        assertThat(token.text("id")).startsWith("tok_");
        assertThat(token.text("object")).isEqualTo("token");
        assertThat(token.text("brand")).isEqualTo("visa");
        assertThat(token.text("last4")).isEqualTo("4242");
        assertThat(token.json().path("exp_month").asInt()).isEqualTo(12);
        assertThat(token.json().path("exp_year").asInt()).isEqualTo(2030);
        assertThat(token.text("fingerprint")).matches("[0-9a-f]{16}");
        assertThat(token.json().path("created").asLong()).isPositive();
        assertThat(token.json().propertyNames()).containsExactlyInAnyOrder("id", "object", "brand", "last4", "exp_month", "exp_year",
                "fingerprint", "created");
        assertThat(token.raw().body()).doesNotContain("4242424242424242").doesNotContain("123\"");
    }

    @Test
    void theSameCardHasTheSameFingerprintAcrossTokens() {
        Response first = tokenize("4242424242424242", 1, 2031, "\"999\"");
        Response second = tokenize("4242 4242 4242 4242", 12, 2040, "\"1234\"");
        Response other = tokenize("4000056655665556", 12, 2040, "\"123\"");
        assertThat(first.text("id")).isNotEqualTo(second.text("id"));
        assertThat(first.text("fingerprint")).isEqualTo(second.text("fingerprint")).isNotEqualTo(other.text("fingerprint"));
    }

    @ParameterizedTest
    @CsvSource({
            "4242424242424242, visa",
            "5555555555554444, mastercard",
            "378282246310005, amex",
            "371449635398431, amex",
            "6011111111111117, discover",
            "3056930009020004, unknown",
    })
    void namesTheBrand(String number, String brand) {
        assertThat(tokenize(number, 12, 2030, "\"123\"").text("brand")).isEqualTo(brand);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "4242424242424241 | 12 | 2030 | \"123\"  | invalid_number       | number",
            "42424242424     | 12 | 2030 | \"123\"  | invalid_number       | number",
            "42424242424242424242 | 12 | 2030 | \"123\" | invalid_number  | number",
            "4242-4242-4242-4242 | 12 | 2030 | \"123\" | invalid_number   | number",
            "4242424242424242 | 13 | 2030 | \"123\"  | invalid_expiry_month | exp_month",
            "4242424242424242 | 0  | 2030 | \"123\"  | invalid_expiry_month | exp_month",
            "4242424242424242 | 12 | 2020 | \"123\"  | invalid_expiry_year  | exp_year",
            "4242424242424242 | 12 | 2030 | \"12\"   | invalid_cvc          | cvc",
            "4242424242424242 | 12 | 2030 | \"12345\" | invalid_cvc         | cvc",
            "4242424242424242 | 12 | 2030 | \"12a\"  | invalid_cvc          | cvc",
            "4242424242424242 | 12 | 2030 | 123      | invalid_cvc          | cvc",
    })
    void refusesBadCards(String number, int month, int year, String cvc, String code, String param) {
        Response refused = tokenize(number, month, year, cvc);
        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        assertThat(refused.errorCode()).isEqualTo(code);
        assertThat(refused.errorParam()).isEqualTo(param);
        assertThat(refused.raw().body()).doesNotContain(number);
    }

    @Test
    void aCardIsValidUntilTheEndOfItsExpiryMonth() {
        YearMonth now = YearMonth.now(ZoneOffset.UTC);
        assertThat(tokenize("4242424242424242", now.getMonthValue(), now.getYear(), "\"123\"").status()).isEqualTo(200);
        YearMonth last = now.minusMonths(1);
        Response expired = tokenize("4242424242424242", last.getMonthValue(), last.getYear(), "\"123\"");
        assertThat(expired.status()).isEqualTo(400);
        assertThat(expired.errorCode()).isEqualTo("invalid_expiry_year");
    }

    @Test
    void aMissingCvcIsRefused() {
        Response refused = client.post("/v1/tokens", """
                {"number": "4242424242424242", "exp_month": 12, "exp_year": 2030}""");
        assertThat(refused.errorCode()).isEqualTo("invalid_cvc");
    }

    @Test
    void theApiNeedsTheKey() {
        Response none = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(client.baseUrl + "/v1/tokens"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build());
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.errorCode()).isEqualTo("unauthorized");
        assertThat(none.json().path("error").path("message").asString()).isNotBlank();

        Response wrong = new SimulatorClient(client.baseUrl, "sim_sk_wrong").get("/v1/charges/sch_x");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.errorCode()).isEqualTo("unauthorized");
    }

    @Test
    void bodiesOver64KiBAreRefused() {
        String padding = "x".repeat(70 * 1024);
        Response tooLarge = client.post("/v1/tokens", "{\"number\": \"" + padding + "\"}");
        assertThat(tooLarge.status()).isEqualTo(413);
    }

    private Response tokenize(String number, int month, int year, String cvcJson) {
        return client.post("/v1/tokens", """
                {"number": "%s", "exp_month": %d, "exp_year": %d, "cvc": %s}""".formatted(number, month, year, cvcJson));
    }
}
