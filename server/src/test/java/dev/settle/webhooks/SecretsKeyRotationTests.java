package dev.settle.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.settle.SettleApplication;
import dev.settle.support.Api;

/**
 * The secrets key across restarts and a rotation: after a restart with the same key, deliveries are
 * signed with the same secrets (a receiver verifies them); after the key is rotated, the old key
 * keeps opening what it sealed while a job re-encrypts every row under the new one; once it has, the
 * old key can be removed and everything still signs, and a stored answer still replays its secret.
 */
class SecretsKeyRotationTests {

    static final String OLD_KEY = Base64.getEncoder().encodeToString(bytes(7));
    static final String NEW_KEY = Base64.getEncoder().encodeToString(bytes(9));

    @Test
    void restartAndRotateTheSecretsKeyWithoutLosingASignature() throws Exception {
        Path dataDir = Files.createTempDirectory(Path.of("target"), "secrets-key-");
        try (TestReceiver receiver = TestReceiver.start()) {
            Api.Account account;
            String endpointId;
            String secret;
            String body = "{\"url\":\"" + receiver.url("/hooks") + "\",\"enabled_events\":[\"customer.created\"]}";
            try (ConfigurableApplicationContext first = start(dataDir, "--settle.secrets.key=" + OLD_KEY, "--settle.secrets.key-id=old")) {
                Api api = apiFor(first);
                account = api.newAccount();
                Api.Response created = api.post("/v1/webhook_endpoints", account.testKey(), body, "rotation-create");
                endpointId = created.text("id");
                secret = created.text("secret");
                deliverVerified(api, account, receiver, secret, 1);
                assertThat(stored(first, endpointId)).startsWith("sbx1.old.");
            }

            try (ConfigurableApplicationContext same = start(dataDir, "--settle.secrets.key=" + OLD_KEY, "--settle.secrets.key-id=old")) {
                deliverVerified(apiFor(same), account, receiver, secret, 2);
            }

            try (ConfigurableApplicationContext rotated = start(dataDir, "--settle.secrets.key=" + NEW_KEY, "--settle.secrets.key-id=new",
                    "--settle.secrets.previous-keys.old=" + OLD_KEY, "--settle.secrets.reencrypt-interval=1s")) {
                Api api = apiFor(rotated);
                deliverVerified(api, account, receiver, secret, 3);
                awaitTrue(() -> stored(rotated, endpointId).startsWith("sbx1.new.") && answer(rotated, account).startsWith("sbx1.new."));
                assertThat(decoded(stored(rotated, endpointId))).as("a new nonce and ciphertext, not a relabel")
                        .doesNotContain(secret.substring(6));
            }

            try (ConfigurableApplicationContext withoutOld = start(dataDir, "--settle.secrets.key=" + NEW_KEY,
                    "--settle.secrets.key-id=new")) {
                Api api = apiFor(withoutOld);
                deliverVerified(api, account, receiver, secret, 4);
                Api.Response replay = api.post("/v1/webhook_endpoints", account.testKey(), body, "rotation-create");
                assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
                assertThat(replay.text("secret")).isEqualTo(secret);
                Api.Response rotatedSecret = api.post("/v1/webhook_endpoints/" + endpointId + "/rotate_secret", account.testKey(),
                        "{\"expires_in\": 600}");
                assertThat(stored(withoutOld, endpointId)).startsWith("sbx1.new.");
                api.post("/v1/customers", account.testKey(), "{\"email\":\"after@example.com\"}");
                TestReceiver.Request last = receiver.await("/hooks", 5, Duration.ofSeconds(30)).get(4);
                assertThat(last.verifies(rotatedSecret.text("secret"))).isTrue();
                assertThat(last.verifies(secret)).as("the previous secret, re-sealed, signs too").isTrue();
            }
        }
    }

    private static void deliverVerified(Api api, Api.Account account, TestReceiver receiver, String secret, int count) {
        api.post("/v1/customers", account.testKey(), "{\"email\":\"c" + count + "@example.com\"}");
        TestReceiver.Request delivered = receiver.await("/hooks", count, Duration.ofSeconds(30)).get(count - 1);
        assertThat(delivered.verifies(secret)).as("delivery " + count + " verifies with the secret made at creation").isTrue();
    }

    private static String stored(ConfigurableApplicationContext context, String endpointId) {
        return context.getBean(JdbcClient.class).sql("SELECT secret FROM webhooks_endpoints WHERE id = :id")
                .param("id", endpointId).query(String.class).single();
    }

    private static String answer(ConfigurableApplicationContext context, Api.Account account) {
        return context.getBean(JdbcClient.class).sql("""
                SELECT convert_from(response_body, 'UTF8') FROM idempotency_keys
                WHERE account_id = :account AND idempotency_key = 'rotation-create'
                """).param("account", account.id()).query(String.class).single();
    }

    private static String decoded(String sealed) {
        return new String(Base64.getDecoder().decode(sealed.substring(sealed.lastIndexOf('.') + 1)), java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition) {
        Instant deadline = Instant.now().plusSeconds(30);
        while (!condition.getAsBoolean()) {
            assertThat(Instant.now()).as("re-encrypted within 30 s").isBefore(deadline);
            TestReceiver.sleep(200);
        }
    }

    private static ConfigurableApplicationContext start(Path dataDir, String... extra) {
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--settle.data-dir=" + dataDir,
                "--settle.tenancy.operator-token=" + Api.OPERATOR_TOKEN, "--settle.database.embedded-wal-reserve=0",
                "--settle.database.embedded-durable=false", "--settle.scheduler.polling-interval=200ms",
                "--settle.webhooks.poll-interval=200ms"));
        args.addAll(List.of(extra));
        return SpringApplication.run(SettleApplication.class, args.toArray(String[]::new));
    }

    private static Api apiFor(ConfigurableApplicationContext context) {
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        StandardEnvironment environment = new StandardEnvironment();
        environment.getSystemProperties().put("local.server.port", String.valueOf(port));
        return new Api(environment);
    }

    private static byte[] bytes(int fill) {
        byte[] bytes = new byte[32];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (fill * 31 + i);
        }
        return bytes;
    }
}
