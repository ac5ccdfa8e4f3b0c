package dev.settle.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

import dev.settle.simulator.SimulatorClient.Response;

/**
 * {@code GET /v1/settlements?date=…&merchant=…}: one merchant's day in Stripe's itemized balance
 * transaction layout (decimal major units), its payouts, and the discrepancies it injects on request.
 */
class SimulatorItemizedReportTests {

    private static final List<String> STRIPE_COLUMNS = List.of("balance_transaction_id", "created_utc", "available_on_utc", "currency",
            "gross", "fee", "net", "reporting_category", "source_id", "charge_id", "payment_intent_id", "automatic_payout_id",
            "description");

    private final SimulatorClient client = SimulatorFixture.get().client;

    private Response charge(String merchant, long amount, String currency) {
        return client.post("/v1/charges", """
                {"amount": %d, "currency": "%s", "token": "%s", "merchant": "%s"}""".formatted(amount, currency,
                client.token("4242424242424242"), merchant), SimulatorClient.newKey());
    }

    private static List<CSVRecord> parse(String body) throws IOException {
        return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(new StringReader(body)).getRecords();
    }

    @Test
    void aMerchantsDayInStripesColumnsWithItsPayout() throws IOException {
        String merchant = "acct_" + UUID.randomUUID();
        Response usd = charge(merchant, 1999, "usd");
        Response jpy = charge(merchant, 500, "jpy");
        Response kwd = charge(merchant, 12345, "kwd");
        Response refund = client.post("/v1/refunds", "{\"charge\": \"" + usd.text("id") + "\", \"amount\": 500}", SimulatorClient.newKey());
        charge("acct_other_" + UUID.randomUUID(), 777, "usd");
        LocalDate day = LocalDate.ofInstant(Instant.ofEpochSecond(usd.json().path("created").asLong()), ZoneOffset.UTC);

        Response report = client.get("/v1/settlements?date=" + day + "&merchant=" + merchant);

        assertThat(report.status()).isEqualTo(200);
        assertThat(report.raw().body().lines().findFirst().orElseThrow()).isEqualTo(String.join(",", STRIPE_COLUMNS));
        Map<String, CSVRecord> bySource = parse(report.raw().body()).stream().collect(Collectors.toMap(r -> r.get("source_id"), r -> r));
        assertThat(bySource).hasSize(3 + 1 + 3);
        CSVRecord charge = bySource.get(usd.text("id"));
        assertThat(charge.get("reporting_category")).isEqualTo("charge");
        assertThat(charge.get("gross")).isEqualTo("19.99");
        assertThat(charge.get("fee")).isEqualTo("0.88");
        assertThat(charge.get("net")).isEqualTo("19.11");
        assertThat(bySource.get(jpy.text("id")).get("gross")).isEqualTo("500");
        assertThat(bySource.get(kwd.text("id")).get("gross")).isEqualTo("12.345");
        CSVRecord refunded = bySource.get(refund.text("id"));
        assertThat(refunded.get("reporting_category")).isEqualTo("refund");
        assertThat(refunded.get("gross")).isEqualTo("-5.00");
        assertThat(refunded.get("charge_id")).isEqualTo(usd.text("id"));
        // Each payout moves out the net of the lines that name it.
        List<CSVRecord> payouts = bySource.values().stream().filter(r -> r.get("reporting_category").equals("payout")).toList();
        assertThat(payouts).hasSize(3);
        for (CSVRecord payout : payouts) {
            BigDecimal settled = bySource.values().stream()
                    .filter(r -> !r.get("reporting_category").equals("payout"))
                    .filter(r -> r.get("automatic_payout_id").equals(payout.get("source_id")))
                    .map(r -> new BigDecimal(r.get("net"))).reduce(BigDecimal.ZERO, BigDecimal::add);
            assertThat(new BigDecimal(payout.get("net")).negate()).isEqualByComparingTo(settled);
        }
        assertThat(client.get("/v1/settlements?date=" + day + "&merchant=" + merchant).raw().body()).isEqualTo(report.raw().body());

        Response payoutReport = client.get("/v1/settlements?date=" + day + "&merchant=" + merchant + "&format=payouts");
        List<CSVRecord> payoutLines = parse(payoutReport.raw().body());
        assertThat(payoutLines).extracting(r -> r.get("currency")).containsExactly("jpy", "kwd", "usd");
        assertThat(payoutLines.get(2).get("amount")).isEqualTo("14.11");
        assertThat(payoutLines.get(2).get("balance_transaction_count")).isEqualTo("2");
    }

    @Test
    void injectsEachBreakOnRequest() throws IOException {
        String merchant = "acct_" + UUID.randomUUID();
        List<Response> charges = List.of(charge(merchant, 1000, "usd"), charge(merchant, 2000, "usd"), charge(merchant, 3000, "usd"),
                charge(merchant, 4000, "usd"), charge(merchant, 5000, "usd"), charge(merchant, 6000, "usd"));
        LocalDate day = LocalDate.ofInstant(Instant.ofEpochSecond(charges.getFirst().json().path("created").asLong()), ZoneOffset.UTC);

        Response report = client.get("/v1/settlements?date=" + day + "&merchant=" + merchant
                + "&breaks=missing,amount,currency,duplicate,fee,unknown,payout");

        List<CSVRecord> lines = parse(report.raw().body());
        Map<String, List<CSVRecord>> bySource = lines.stream().filter(r -> r.get("reporting_category").equals("charge"))
                .collect(Collectors.groupingBy(r -> r.get("source_id")));
        // Applied in report order, which is creation order.
        assertThat(bySource).doesNotContainKey(charges.get(0).text("id"));
        assertThat(bySource.get(charges.get(1).text("id")).getFirst().get("gross")).isEqualTo("21.00");
        assertThat(bySource.get(charges.get(2).text("id")).getFirst().get("currency")).isEqualTo("eur");
        assertThat(bySource.get(charges.get(3).text("id"))).hasSize(2);
        CSVRecord feeBroken = bySource.get(charges.get(4).text("id")).getFirst();
        assertThat(new BigDecimal(feeBroken.get("gross")).subtract(new BigDecimal(feeBroken.get("net"))))
                .isEqualByComparingTo(new BigDecimal(charges.get(4).json().path("fee").asLong() + 10).movePointLeft(2));
        assertThat(bySource.get(charges.get(5).text("id")).getFirst().get("gross")).isEqualTo("60.00");
        assertThat(bySource.keySet()).anyMatch(source -> source.startsWith("sch_unknown"));

        Response unknown = client.get("/v1/settlements?date=" + day + "&merchant=" + merchant + "&breaks=bogus");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.errorParam()).isEqualTo("breaks");
        assertThat(client.get("/v1/settlements?date=" + day + "&format=payouts").errorCode()).isEqualTo("parameter_missing");
    }
}
