package dev.settle.webhooks;

import static dev.settle.support.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import dev.settle.support.Api;
import dev.settle.support.SettleTest;
import dev.settle.support.TestDns;
import tools.jackson.databind.JsonNode;

/**
 * Live-mode endpoints cannot reach internal addresses, neither when saved nor when a name is
 * re-pointed at one later; test mode may, for development. No test connects anywhere but loopback.
 */
@SettleTest
class WebhookSsrfTests {

    @Autowired
    Api api;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TestDns dns;

    @Autowired
    ApplicationEventPublisher publisher;

    @Autowired
    TransactionTemplate transactions;

    Api.Account account;

    @BeforeEach
    void anAccountAndSomeNames() {
        account = api.newAccount();
        dns.point("public.example.test", "203.0.113.10");
        dns.point("internal.example.test", "127.0.0.1");
        dns.point("metadata.example.test", "169.254.169.254");
        dns.point("private.example.test", "10.20.30.40");
        dns.point("mapped.example.test", "::ffff:192.168.1.1");
        dns.point("ula.example.test", "fd12:3456::1");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "http://public.example.test/hooks",
            "https://127.0.0.1/hooks",
            "https://127.1.2.3:8443/hooks",
            "https://localhost/hooks",
            "https://[::1]/hooks",
            "https://[::ffff:127.0.0.1]/hooks",
            "https://[::ffff:7f00:1]/hooks",
            "https://169.254.169.254/latest/meta-data/",
            "https://10.0.0.1/hooks",
            "https://172.16.5.4/hooks",
            "https://192.168.0.10/hooks",
            "https://100.64.0.1/hooks",
            "https://0.0.0.0/hooks",
            "https://[::]/hooks",
            "https://[fc00::1]/hooks",
            "https://[fe80::1]/hooks",
            "https://224.0.0.1/hooks",
            "https://[64:ff9b::a9fe:a9fe]/hooks",
            "https://internal.example.test/hooks",
            "https://metadata.example.test/hooks",
            "https://private.example.test/hooks",
            "https://mapped.example.test/hooks",
            "https://ula.example.test/hooks"})
    void liveModeRefusesInternalAddresses(String url) {
        String before = endpoints();
        Api.Response refused = api.post("/v1/webhook_endpoints", account.liveKey(),
                "{\"url\":\"" + url + "\",\"enabled_events\":[\"*\"]}");
        assertProblem(refused, 400, "url_not_allowed", "url");
        assertThat(endpoints()).as("nothing written").isEqualTo(before);
    }

    @Test
    void liveModeAcceptsPublicHttpsAndChecksEveryUpdate() {
        Api.Response created = api.post("/v1/webhook_endpoints", account.liveKey(),
                "{\"url\":\"https://public.example.test/hooks\",\"enabled_events\":[\"*\"]}");
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        assertThat(created.json().path("livemode").asBoolean()).isTrue();
        String id = created.text("id");

        assertProblem(api.post("/v1/webhook_endpoints/" + id, account.liveKey(), "{\"url\":\"https://metadata.example.test/\"}"),
                400, "url_not_allowed", "url");
        assertThat(api.get("/v1/webhook_endpoints/" + id, account.liveKey()).text("url")).isEqualTo("https://public.example.test/hooks");
        assertProblem(api.post("/v1/webhook_endpoints", account.liveKey(),
                "{\"url\":\"https://nowhere.example.test/\",\"enabled_events\":[\"*\"]}"), 400, "url_unresolvable", "url");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"http://localhost:4242/hooks", "http://127.0.0.1:1/hooks", "http://10.0.0.1/hooks",
            "http://169.254.169.254/hooks", "https://internal.example.test/hooks"})
    void testModeMayTargetLocalAddresses(String url) {
        Api.Response created = api.post("/v1/webhook_endpoints", account.testKey(), "{\"url\":\"" + url + "\",\"enabled_events\":[\"*\"]}");
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
    }

    @Test
    void aNameRepointedAtAnInternalAddressIsRefusedAtDeliveryWithoutConnecting() {
        dns.point("rebind.example.test", "203.0.113.20");
        String id = api.post("/v1/webhook_endpoints", account.liveKey(),
                "{\"url\":\"https://rebind.example.test/hooks\",\"enabled_events\":[\"*\"],\"retry_schedule\":[3600]}").text("id");
        dns.point("rebind.example.test", "169.254.169.254");

        Relay.Event event = new Relay(publisher, transactions).relay(account.id(), true, "payment_intent.succeeded");

        JsonNode attempt = awaitFirstAttempt(id);
        assertThat(attempt.path("event").asString()).isEqualTo(event.id());
        assertThat(attempt.path("livemode").asBoolean()).isTrue();
        assertThat(attempt.path("succeeded").asBoolean()).isFalse();
        assertThat(attempt.path("error").asString()).isEqualTo("url_not_allowed");
        assertThat(attempt.path("http_status").isNull()).isTrue();
        assertThat(attempt.path("latency_ms").asInt()).isZero();
        assertThat(jdbc.sql("SELECT status FROM webhooks_deliveries WHERE endpoint_id = :id").param("id", id)
                .query(String.class).single()).as("retried on the schedule, in case the name is fixed").isEqualTo("pending");
    }

    private JsonNode awaitFirstAttempt(String endpointId) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(8));
        JsonNode data = api.get("/v1/webhook_attempts?endpoint=" + endpointId, account.liveKey()).json().path("data");
        while (data.isEmpty() && Instant.now().isBefore(deadline)) {
            TestReceiver.sleep(50);
            data = api.get("/v1/webhook_attempts?endpoint=" + endpointId, account.liveKey()).json().path("data");
        }
        assertThat(data.size()).as("an attempt was logged").isEqualTo(1);
        return data.path(0);
    }

    private String endpoints() {
        return jdbc.sql("SELECT count(*) || coalesce(string_agg(id, ','), '') FROM webhooks_endpoints WHERE account_id = :a")
                .param("a", account.id()).query(String.class).single();
    }
}
