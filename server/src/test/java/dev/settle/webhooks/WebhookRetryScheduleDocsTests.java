package dev.settle.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.YamlPropertiesFactoryBean;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.settle.support.Api;
import dev.settle.support.Docs;
import dev.settle.support.Payments;
import dev.settle.support.SettleTest;
import dev.settle.webhooks.internal.WebhooksProperties;

/**
 * Keeps the default retry schedule of docs/webhooks.md true: the schedule in the "Retries" prose
 * and in the configuration table is the one in application.yml, the one the properties default to
 * without it, the one this server runs with, and the one a failing delivery actually follows —
 * walked attempt by attempt, each wait read from the delivery's next attempt and then cut short.
 */
@SettleTest
class WebhookRetryScheduleDocsTests {

    private static final String PROPERTY = "settle.webhooks.retry-schedule";
    private static final Pattern PROSE = Pattern.compile("The default, after the first attempt: \\*\\*([^*]+)\\*\\* \\(about (\\d+) hours in all");
    private static final Pattern HUMAN = Pattern.compile("(\\d+) (s|min|h|d)");

    @Autowired
    Api api;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    WebhooksProperties running;

    @Test
    void theDocumentedDefaultIsTheConfiguredOneAndTheOneInForce() {
        List<Duration> documented = documentedInProse();
        assertThat(documentedInConfigurationTable()).as("docs/webhooks.md's configuration table against its Retries section")
                .isEqualTo(documented);
        assertThat(inApplicationYml()).as(PROPERTY + " in application.yml").isEqualTo(documented);
        assertThat(new Binder(new MapConfigurationPropertySource(Map.of())).bindOrCreate("settle.webhooks", WebhooksProperties.class)
                .retrySchedule()).as("WebhooksProperties' default when nothing is configured").isEqualTo(documented);
        assertThat(running.retrySchedule()).as("the schedule this server runs with").isEqualTo(documented);
    }

    @Test
    void theAboutHoursInAllMatchesTheSchedule() {
        Matcher prose = prose();
        Duration total = documentedInProse().stream().reduce(Duration.ZERO, Duration::plus);
        assertThat(Math.round(total.toSeconds() / 3600.0)).as("the schedule adds up to " + total)
                .isEqualTo(Long.parseLong(prose.group(2)));
    }

    /**
     * A delivery to an endpoint that refuses connections, on the installation's schedule (the endpoint
     * sets none): after each failed attempt the next one is due after the schedule's next delay; the
     * test then makes it due at once. After the last delay's attempt the delivery has failed.
     */
    @Test
    void aFailingDeliveryWaitsTheDocumentedDelaysAndThenFails() {
        List<Duration> documented = documentedInProse();
        Api.Account account = api.newAccount();
        Api.Response endpoint = api.post("/v1/webhook_endpoints", account.testKey(),
                "{\"url\":\"http://127.0.0.1:1/refused\",\"enabled_events\":[\"customer.created\"]}");
        assertThat(endpoint.status()).as(endpoint.toString()).isEqualTo(200);
        assertThat(endpoint.json().path("retry_schedule").isNull()).as("the installation's schedule applies").isTrue();
        api.post("/v1/customers", account.testKey(), "{}");

        List<Duration> waited = new ArrayList<>();
        for (int failures = 1; failures <= documented.size(); failures++) {
            Map<String, Object> row = awaitFailures(endpoint.text("id"), failures);
            assertThat(row.get("status")).as("after " + failures + " failed attempts: " + row).isEqualTo("pending");
            Instant failedAt = ((java.sql.Timestamp) row.get("updated_at")).toInstant();
            Instant next = ((java.sql.Timestamp) row.get("next_attempt_at")).toInstant();
            waited.add(Duration.between(failedAt, next));
            jdbc.sql("UPDATE webhooks_deliveries SET next_attempt_at = now() WHERE id = :id AND failures = :failures AND claim IS NULL")
                    .param("id", row.get("id")).param("failures", failures).update();
        }
        Map<String, Object> last = awaitFailures(endpoint.text("id"), documented.size() + 1);
        assertThat(last.get("status")).as("after the schedule is used up: " + last).isEqualTo("failed");
        assertThat(waited).as("waits between attempts").isEqualTo(documented);
        assertThat(api.get("/v1/webhook_attempts?endpoint=" + endpoint.text("id") + "&limit=100", account.testKey()).json()
                .path("data")).as("the attempt log: the first attempt and one per delay").hasSize(documented.size() + 1);
    }

    private Map<String, Object> awaitFailures(String endpointId, int failures) {
        Instant deadline = Instant.now().plusSeconds(20);
        while (true) {
            List<Map<String, Object>> rows = jdbc.sql("""
                    SELECT id, status, failures, next_attempt_at, updated_at
                    FROM webhooks_deliveries
                    WHERE endpoint_id = :endpoint
                    """).param("endpoint", endpointId).query().listOfRows();
            assertThat(rows.size()).as("deliveries to " + endpointId).isLessThanOrEqualTo(1);
            if (!rows.isEmpty() && ((Number) rows.getFirst().get("failures")).intValue() >= failures) {
                assertThat(((Number) rows.getFirst().get("failures")).intValue()).isEqualTo(failures);
                return rows.getFirst();
            }
            assertThat(Instant.now()).as("waiting for failed attempt " + failures + " of " + rows).isBefore(deadline);
            Payments.sleep(50);
        }
    }

    private static Matcher prose() {
        Docs.Markdown retries = Docs.read("webhooks").section("Retries");
        Matcher matcher = PROSE.matcher(retries.prose());
        assertThat(matcher.find()).as(retries.at(0) + ": the sentence giving the default schedule").isTrue();
        return matcher;
    }

    /** "5 s, 5 min, 30 min, 2 h, …" */
    static List<Duration> documentedInProse() {
        Matcher prose = prose();
        List<Duration> delays = new ArrayList<>();
        for (String part : prose.group(1).split(",")) {
            Matcher delay = HUMAN.matcher(part.trim());
            assertThat(delay.matches()).as("'" + part.trim() + "' in '" + prose.group(1) + "' is not like '5 s', '5 min', '2 h' or '1 d'").isTrue();
            long amount = Long.parseLong(delay.group(1));
            delays.add(switch (delay.group(2)) {
                case "s" -> Duration.ofSeconds(amount);
                case "min" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            });
        }
        return delays;
    }

    private static List<Duration> documentedInConfigurationTable() {
        Docs.Row row = Docs.read("webhooks").section("Configuration").table("property", "default", "").rows().stream()
                .filter(r -> r.cell("property").equals("`" + PROPERTY + "`")).findFirst()
                .orElseThrow(() -> new AssertionError("docs/webhooks.md's configuration table has no row for " + PROPERTY));
        List<String> value = Docs.backticked(row.cell("default"));
        assertThat(value).as(row.toString()).hasSize(1);
        return springDurations(value.getFirst());
    }

    private static List<Duration> inApplicationYml() {
        YamlPropertiesFactoryBean yaml = new YamlPropertiesFactoryBean();
        yaml.setResources(new ClassPathResource("application.yml"));
        Properties properties = yaml.getObject();
        assertThat(properties).isNotNull();
        String value = properties.getProperty(PROPERTY);
        assertThat(value).as(PROPERTY + " in application.yml").isNotNull();
        return springDurations(value);
    }

    private static List<Duration> springDurations(String list) {
        return Arrays.stream(list.split(",")).map(String::trim).map(DurationStyle.SIMPLE::parse).toList();
    }
}
