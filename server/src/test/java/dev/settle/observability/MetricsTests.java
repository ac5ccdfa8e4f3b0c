package dev.settle.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.settle.support.Api;
import dev.settle.support.Payments;
import dev.settle.support.SettleTest;

/** /actuator/prometheus: the operator's only, and it counts what a payment, a refund and a webhook delivery did. */
@SettleTest
class MetricsTests {

    @Autowired
    Api api;

    @Test
    void anonymousAndAccountKeysAreRefused() {
        Api.Account account = api.newAccount();
        assertThat(api.get("/actuator/prometheus", null).status()).isEqualTo(401);
        assertThat(api.get("/actuator/prometheus", account.testKey()).status()).isEqualTo(401);
        assertThat(api.get("/actuator/prometheus", "op_wrong").header("Content-Type")).startsWith("application/problem+json");
        assertThat(api.get("/actuator/health", null).status()).as("load balancers probe health without a token").isEqualTo(200);
        assertThat(api.get("/actuator/prometheus", Api.OPERATOR_TOKEN).status()).isEqualTo(200);
    }

    @Test
    void aPaymentARefundAndAWebhookDeliveryShowInTheScrapeAndTheOpsFilesUseOnlyServedMetrics() throws Exception {
        Api.Account account = api.newAccount();
        try (HookReceiver receiver = new HookReceiver()) {
            assertThat(api.post("/v1/webhook_endpoints", account.testKey(),
                    "{\"url\":\"" + receiver.url() + "\",\"enabled_events\":[\"charge.succeeded\"]}").status()).isEqualTo(200);
            Map<String, Double> before = scrape();
            Api.Response paid = Payments.pay(api, account.testKey(), Payments.SUCCESS, 2500, "jpy", "automatic");
            assertThat(paid.text("status")).isEqualTo("succeeded");
            Api.Response refund = api.post("/v1/refunds", account.testKey(), "{\"payment_intent\":\"" + paid.text("id") + "\",\"amount\":500}");
            assertThat(refund.status()).as(refund.toString()).isEqualTo(200);
            receiver.await(paid.text("latest_charge"), Duration.ofSeconds(20));

            Map<String, Double> after = awaitScrape(now -> increase(before, now,
                    "settle_refunds_total{currency=\"jpy\",mode=\"test\",outcome=\"succeeded\"}") >= 1
                    && increase(before, now, "settle_webhook_deliveries_total{outcome=\"succeeded\"}") >= 1);
            assertThat(increase(before, after, "settle_payments_total{currency=\"jpy\",mode=\"test\",outcome=\"succeeded\",processor=\"simulator\"}"))
                    .isEqualTo(1);
            assertThat(increase(before, after, "settle_refunds_total{currency=\"jpy\",mode=\"test\",outcome=\"created\"}")).isEqualTo(1);
            assertThat(increase(before, after, "settle_refunds_total{currency=\"jpy\",mode=\"test\",outcome=\"succeeded\"}")).isEqualTo(1);
            assertThat(increase(before, after, "settle_webhook_deliveries_total{outcome=\"succeeded\"}")).isGreaterThanOrEqualTo(1);
            assertThat(increase(before, after, "settle_webhook_delivery_lag_seconds_count")).isGreaterThanOrEqualTo(1);
            assertThat(increase(before, after,
                    "settle_processor_call_seconds_count{error=\"none\",operation=\"authorize\",outcome=\"succeeded\",processor=\"simulator\"}"))
                    .isGreaterThanOrEqualTo(1);
            assertThat(increase(before, after, "settle_processor_call_seconds_count{error=\"none\",operation=\"refund\",outcome=\"succeeded\","
                    + "processor=\"simulator\"}") + increase(before, after, "settle_processor_call_seconds_count{error=\"none\","
                    + "operation=\"refund\",outcome=\"pending\",processor=\"simulator\"}")).isGreaterThanOrEqualTo(1);
            api.post("/v1/customers", account.testKey(), "{\"name\":\"a\"}", "ops-files-key");
            api.post("/v1/customers", account.testKey(), "{\"name\":\"b\"}", "ops-files-key");
            java.util.Set<String> served = PrometheusText.names(api.get("/actuator/prometheus", Api.OPERATOR_TOKEN).body());
            for (String file : new String[] {"ops/grafana-dashboard.json", "ops/alerts.yml"}) {
                java.util.Set<String> used = new java.util.TreeSet<>();
                Matcher name = METRIC_NAME.matcher(java.nio.file.Files.readString(java.nio.file.Path.of("../docs", file)));
                while (name.find()) {
                    used.add(name.group());
                }
                assertThat(used).as(file + " uses metrics").hasSizeGreaterThan(8);
                assertThat(served).as("the metrics " + file + " uses, in the scrape").containsAll(used);
            }
            List<String> documented = java.nio.file.Files.readAllLines(java.nio.file.Path.of("../docs/observability.md")).stream()
                    .filter(line -> line.startsWith("| `settle_")).map(line -> line.substring(3, line.indexOf('`', 3))).toList();
            assertThat(documented).hasSizeGreaterThan(15);
            // Metrics of an external part (their row names its SETTLE_* variable) exist only where it is configured.
            List<String> external = java.nio.file.Files.readAllLines(java.nio.file.Path.of("../docs/observability.md")).stream()
                    .filter(line -> line.startsWith("| `settle_") && line.contains("(`SETTLE_"))
                    .map(line -> line.substring(3, line.indexOf('`', 3))).toList();
            assertThat(external).contains("settle_ratelimits_store_failures_total", "settle_cluster_publish_failures_total");
            // Counters appear at their first increment; these two need a stream closed or a database timeout.
            for (String metric : documented.stream().filter(m -> !m.equals("settle_realtime_closes_total")
                    && !m.equals("settle_database_timeouts_total") && !external.contains(m)).toList()) {
                assertThat(served).as("observability.md lists " + metric).anyMatch(name -> name.startsWith(metric));
            }
            for (String name : served) {
                if (name.startsWith("settle_")) {
                    assertThat(documented).as(name + " is in the table of observability.md")
                            .anyMatch(metric -> name.equals(metric) || name.startsWith(metric + "_"));
                }
            }
            for (String gauge : new String[] {"settle_outbox_backlog", "settle_outbox_oldest_age", "settle_archive_lag",
                    "settle_webhook_deliveries_pending", "settle_webhook_deliveries_overdue", "settle_janitor_backlog"}) {
                assertThat(after).as(gauge).containsKey(gauge);
                assertThat(after.get(gauge)).as(gauge).isGreaterThanOrEqualTo(0);
            }
        }
    }

    @Test
    void anIdempotencyKeyReusedWithOtherParametersIsCounted() {
        Api.Account account = api.newAccount();
        Map<String, Double> before = scrape();
        api.post("/v1/customers", account.testKey(), "{\"name\":\"a\"}", "metrics-key");
        api.post("/v1/customers", account.testKey(), "{\"name\":\"b\"}", "metrics-key");
        assertThat(increase(before, scrape(), "settle_idempotency_conflicts_total{code=\"idempotency_key_reused\"}")).isEqualTo(1);
    }

    /** Settle's own and the HTTP server's metric names, as the dashboard and the alert rules write them. */
    private static final Pattern METRIC_NAME = Pattern.compile("\\b(settle|http_server|jvm|hikaricp)_[a-z_]+\\b");

    private static double increase(Map<String, Double> before, Map<String, Double> after, String series) {
        return after.getOrDefault(series, 0.0) - before.getOrDefault(series, 0.0);
    }

    private Map<String, Double> awaitScrape(java.util.function.Predicate<Map<String, Double>> until) {
        Instant deadline = Instant.now().plusSeconds(20);
        Map<String, Double> now = scrape();
        while (!until.test(now) && Instant.now().isBefore(deadline)) {
            Payments.sleep(200);
            now = scrape();
        }
        return now;
    }


    /** Every sample of the scrape by series (name and labels, as Prometheus prints them). */
    Map<String, Double> scrape() {
        Api.Response response = api.get("/actuator/prometheus", Api.OPERATOR_TOKEN);
        assertThat(response.status()).isEqualTo(200);
        return PrometheusText.samples(response.body());
    }
}
