package dev.settle.payments;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.settle.support.Api;
import dev.settle.support.Payments;
import dev.settle.support.SettleTest;

/**
 * Full card numbers and CVCs reach the processor's tokenizer and nothing else: no log line, no
 * table (Settle's or the simulator's), no error body, however the card arrives.
 */
@SettleTest
@ExtendWith(OutputCaptureExtension.class)
class CardDataNeverKeptTests {

    private static final List<String> NUMBERS = List.of(Payments.SUCCESS, Payments.THREE_D_SECURE, Payments.TIMEOUT,
            Payments.SERVER_ERROR, Payments.DECLINE, "4242424242424241");

    @Autowired
    Api api;

    @Autowired
    JdbcClient jdbc;

    @Test
    void noLogLineTableOrResponseContainsAFullCardNumber(CapturedOutput output) {
        Api.Account account = api.newAccount();
        StringBuilder responses = new StringBuilder();
        for (String number : NUMBERS) {
            String spaced = number.replaceAll("(\\d{4})(?=\\d)", "$1 ");
            responses.append(api.post("/v1/payment_methods", account.testKey(), card("\"" + number + "\"", "\"987\"")).body());
            responses.append(api.post("/v1/payment_methods", account.testKey(), card("\"" + spaced + "\"", "\"987\""), "k-" + NUMBERS.indexOf(number)).body());
            responses.append(api.post("/v1/payment_methods", account.testKey(), card(number, "987")).body());
            responses.append(api.post("/v1/payment_methods", account.testKey(), card(number + "x", "987")).body());
            responses.append(api.post("/v1/payment_methods", account.liveKey(), card("\"" + number + "\"", "\"987\"")).body());
            responses.append(api.send("POST", "/v1/payment_methods", account.testKey(),
                    "{\"type\":\"card\",\"card\":{\"number\":\"" + number + "\"", Map.of("Idempotency-Key", "broken-" + NUMBERS.indexOf(number))).body());
        }
        Payments.pay(api, account.testKey(), Payments.TIMEOUT);
        Payments.pay(api, account.testKey(), Payments.SERVER_ERROR);
        Payments.pay(api, account.testKey(), Payments.THREE_D_SECURE);

        for (String number : NUMBERS) {
            assertThat(output.getAll()).as("logs").doesNotContain(number);
            assertThat(responses).as("responses").doesNotContain(number);
            assertThat(rowsContaining(number)).as("tables holding " + number).isEmpty();
        }
        assertThat(rowsContaining("\"987\"")).as("tables holding the CVC").isEmpty();
    }

    private static String card(String number, String cvc) {
        return "{\"type\":\"card\",\"card\":{\"number\":" + number + ",\"exp_month\":12,\"exp_year\":2034,\"cvc\":" + cvc + "}}";
    }

    /** Every row of every table in Settle's and the simulator's schemas, as text and as bytes, searched for {@code needle}. */
    private List<String> rowsContaining(String needle) {
        List<String> tables = jdbc.sql("""
                SELECT table_schema || '.' || table_name FROM information_schema.tables
                WHERE table_schema IN ('public', 'simulator') AND table_type = 'BASE TABLE'""").query(String.class).list();
        assertThat(tables).contains("public.payments_methods", "public.idempotency_keys");
        List<String> found = new java.util.ArrayList<>(tables.stream()
                .filter(table -> jdbc.sql("SELECT count(*) FROM " + table + " t WHERE t::text LIKE :n")
                        .param("n", "%" + needle + "%").query(Long.class).single() > 0)
                .toList());
        List<String> byteColumns = jdbc.sql("""
                SELECT table_schema || '.' || table_name || ':' || column_name FROM information_schema.columns
                WHERE table_schema IN ('public', 'simulator') AND data_type = 'bytea'""").query(String.class).list();
        for (String column : byteColumns) {
            String[] parts = column.split(":");
            if (jdbc.sql("SELECT count(*) FROM " + parts[0] + " WHERE position(convert_to(:n, 'UTF8') IN " + parts[1] + ") > 0")
                    .param("n", needle).query(Long.class).single() > 0) {
                found.add(column);
            }
        }
        return found;
    }
}
