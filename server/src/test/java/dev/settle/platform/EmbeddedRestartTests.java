package dev.settle.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.StandardEnvironment;

import dev.settle.SettleApplication;
import dev.settle.support.Api;

/**
 * Embedded mode keeps its data: what was created before a restart is there after it, and so is
 * the write-ahead log made in advance (WalReserve).
 */
class EmbeddedRestartTests {

    @Test
    void dataSurvivesARestart() throws Exception {
        Path dataDir = Files.createTempDirectory(Path.of("target"), "restart-");
        String[] args = {"--server.port=0", "--settle.data-dir=" + dataDir, "--settle.tenancy.operator-token=" + Api.OPERATOR_TOKEN,
                "--settle.database.embedded-wal-reserve=64MB"};

        Api.Account account;
        String customerId;
        try (ConfigurableApplicationContext first = SpringApplication.run(SettleApplication.class, args)) {
            Api api = apiFor(first);
            account = api.newAccount();
            customerId = api.post("/v1/customers", account.testKey(), "{\"email\":\"persist@example.com\"}", "restart-key").text("id");
            dev.settle.support.Payments.pay(api, account.testKey(), dev.settle.support.Payments.SUCCESS);
            awaitEvents(api, account, 5);
        }
        assertThat(dataDir.resolve("postgres/PG_VERSION")).exists();
        assertThat(dataDir.resolve("mongo")).as("one embedded database: documents live in PostgreSQL too").doesNotExist();
        try (var wal = Files.list(dataDir.resolve("postgres/pg_wal"))) {
            assertThat(wal.filter(file -> file.getFileName().toString().matches("[0-9A-F]{24}")).count())
                    .as("64 MB of WAL segment files made in advance and kept").isGreaterThanOrEqualTo(4);
        }

        try (ConfigurableApplicationContext second = SpringApplication.run(SettleApplication.class, args)) {
            Api api = apiFor(second);
            Api.Response customer = api.get("/v1/customers/" + customerId, account.testKey());
            assertThat(customer.status()).as("same key, same customer after restart").isEqualTo(200);
            assertThat(customer.text("email")).isEqualTo("persist@example.com");
            Api.Response replay = api.post("/v1/customers", account.testKey(), "{\"email\":\"persist@example.com\"}", "restart-key");
            assertThat(replay.header("Idempotent-Replayed")).as("idempotency keys survive too").isEqualTo("true");
            Api.Response events = api.get("/v1/events", account.testKey());
            assertThat(events.json().path("data")).as("events listed from the archive after a restart").hasSize(5);
            assertThat(events.json().path("data").path(0).path("type").asString()).isEqualTo("payment_intent.succeeded");
        }
    }

    private static void awaitEvents(Api api, Api.Account account, int count) {
        for (int i = 0; i < 100 && api.get("/v1/events", account.testKey()).json().path("data").size() < count; i++) {
            dev.settle.support.Payments.sleep(100);
        }
    }

    private static Api apiFor(ConfigurableApplicationContext context) {
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        StandardEnvironment environment = new StandardEnvironment();
        environment.getSystemProperties().put("local.server.port", String.valueOf(port));
        return new Api(environment);
    }
}
