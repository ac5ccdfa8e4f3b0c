package dev.settle.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import dev.settle.support.Api;
import dev.settle.support.Payments;
import dev.settle.support.SettleProcess;
import tools.jackson.databind.JsonNode;

/**
 * With every logger of Settle, Spring's web, HTTP and JDBC layers, Tomcat and the HTTP clients at
 * TRACE (the rest at DEBUG), payments with card numbers and CVCs, key minting, webhook endpoints
 * (their whsec_ secrets) and operator calls leave none of those secrets in any log line. Logged as
 * structured JSON (ECS), the option operators turn on with {@code LOGGING_STRUCTURED_FORMAT_CONSOLE=ecs}.
 * Settle runs as a process of its own: the logging system is set up once per JVM, so the test
 * JVM's other contexts could not be given these levels and this format.
 */
class LogSecretsTests {

    private static final String[] LEVELS = {"--logging.level.root=DEBUG", "--logging.level.dev.settle=TRACE",
            "--logging.level.org.springframework.web=TRACE", "--logging.level.org.springframework.http=TRACE",
            "--logging.level.org.springframework.jdbc=TRACE", "--logging.level.org.springframework.transaction=TRACE",
            "--logging.level.org.apache.coyote=TRACE", "--logging.level.org.apache.catalina=TRACE", "--logging.level.org.apache.tomcat=TRACE",
            "--logging.level.org.apache.hc=TRACE", "--logging.level.io.micrometer=TRACE", "--logging.level.io.opentelemetry=TRACE",
            "--logging.level.org.postgresql=TRACE", "--logging.level.com.github.kagkarlsson=TRACE", "--logging.structured.format.console=ecs",
            "--settle.database.embedded-durable=false"};

    private static final String CARD = "4000056655665556";
    private static final String CVC = "9173";

    @Test
    void noCardNumberCvcKeyWebhookSecretOrOperatorTokenReachesALogLine() throws Exception {
        Path dataDir = Files.createTempDirectory(Path.of("target"), "log-secrets-");
        try (SettleProcess settle = new SettleProcess(dataDir, LEVELS).start()) {
            // The first start's banner shows the operator token and a key once, by design; the requests come after it.
            long from = logSize(dataDir);
            exercise(settle.api());
            Payments.sleep(1500); // the relay and the dispatcher log after the requests
            String logged = logSince(dataDir, from);
            check(logged);
        }
    }

    private final List<String> secrets = new ArrayList<>(List.of(Api.OPERATOR_TOKEN, CARD));

    private void exercise(Api api) {
        Api.Account account = api.newAccount();
        secrets.add(account.testKey());
        secrets.add(account.liveKey());
        Api.Response key = api.post("/v1/accounts/" + account.id() + "/keys", Api.OPERATOR_TOKEN,
                "{\"type\":\"restricted\",\"scopes\":[\"customers:read\"]}");
        secrets.add(key.text("secret"));
        api.get("/v1/accounts/" + account.id() + "/keys", Api.OPERATOR_TOKEN);
        Api.Response endpoint = api.post("/v1/webhook_endpoints", account.testKey(),
                "{\"url\":\"https://example.com/hook\",\"enabled_events\":[\"*\"]}");
        secrets.add(endpoint.text("secret"));
        Api.Response rotated = api.post("/v1/webhook_endpoints/" + endpoint.text("id") + "/rotate_secret", account.testKey(), "{}");
        secrets.add(rotated.text("secret"));
        Api.Response method = api.post("/v1/payment_methods", account.testKey(),
                "{\"type\":\"card\",\"card\":{\"number\":\"" + CARD + "\",\"exp_month\":12,\"exp_year\":2034,\"cvc\":\"" + CVC + "\"}}");
        assertThat(method.status()).as(method.toString()).isEqualTo(200);
        Api.Response paid = api.post("/v1/payment_intents", account.testKey(), "{\"amount\":700,\"currency\":\"usd\",\"payment_method\":\""
                + method.text("id") + "\",\"confirm\":true}");
        assertThat(paid.text("status")).isEqualTo("succeeded");
        // A card refused for its CVC, a malformed body quoting a card, and a wrong key: error paths log too.
        api.post("/v1/payment_methods", account.testKey(), "{\"type\":\"card\",\"card\":{\"number\":\"" + CARD
                + "\",\"exp_month\":12,\"exp_year\":2034,\"cvc\":\"" + CVC + "\",\"pin\":1}}");
        api.post("/v1/payment_methods", account.testKey(), "{\"card\":{\"number\":\"" + CARD + "\",\"cvc\":\"" + CVC + "\"");
        api.get("/v1/customers", account.testKey().substring(0, account.testKey().length() - 1) + "X");
    }

    private void check(String logged) {
        assertThat(logged.lines().count()).as("the levels are on").isGreaterThan(500);
        for (String secret : secrets) {
            assertThat(secret).isNotBlank();
            assertThat(logged).as("a log line holds " + secret.substring(0, 8) + "…").doesNotContain(secret);
        }
        assertThat(logged).doesNotContain(spaced(CARD));
        assertThat(Pattern.compile("cvc\\W{0,4}" + CVC, Pattern.CASE_INSENSITIVE).matcher(logged).find()).as("a CVC in the logs").isFalse();
        everyLineIsJsonAndRequestLinesCarryTheirTrace(logged);
    }

    /** logging.structured.format.console=ecs: one JSON object a line; a line logged for a request names its request and trace. */
    private static void everyLineIsJsonAndRequestLinesCarryTheirTrace(String logged) {
        int requestLines = 0;
        for (String line : logged.lines().filter(line -> line.startsWith("{")).toList()) {
            JsonNode entry = Api.json().readTree(line);
            assertThat(entry.path("log").path("level").asString()).isNotBlank();
            String logger = entry.path("log").path("logger").asString();
            // The tracer's own lines, logged while it switches from one span to the next, are the exception.
            if (entry.has("request_id") && !logger.startsWith("io.micrometer.tracing") && !logger.startsWith("io.opentelemetry")) {
                requestLines++;
                assertThat(entry.path("traceId").asString()).as(line).matches("[0-9a-f]{32}");
                assertThat(entry.path("request_id").asString()).startsWith("req_");
            }
        }
        assertThat(requestLines).as("lines logged while serving a request").isGreaterThan(100);
    }

    private static Path log(Path dataDir) throws IOException {
        try (var files = Files.list(dataDir)) {
            return files.filter(file -> file.getFileName().toString().startsWith("settle-")).findFirst().orElseThrow();
        }
    }

    private static long logSize(Path dataDir) throws IOException {
        return Files.size(log(dataDir));
    }

    private static String logSince(Path dataDir, long from) throws IOException {
        byte[] all = Files.readAllBytes(log(dataDir));
        return new String(all, (int) from, all.length - (int) from, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static String spaced(String card) {
        return card.replaceAll("(\\d{4})(?!$)", "$1 ");
    }
}
