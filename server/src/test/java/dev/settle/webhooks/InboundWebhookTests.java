package dev.settle.webhooks;

import static dev.settle.support.Payments.pay;
import static dev.settle.support.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.settle.simulator.Simulator;
import dev.settle.support.Api;
import dev.settle.support.Payments;
import dev.settle.support.SettleTest;

/** Tampered, stale, unsigned and replayed processor webhooks are refused and change nothing. */
@SettleTest
class InboundWebhookTests {

    @Autowired
    Api api;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Simulator simulator;

    Api.Account account;
    Api.Response intent;
    String reference;
    String snapshot;

    @BeforeEach
    void aSucceededPayment() {
        account = api.newAccount();
        intent = pay(api, account.testKey(), Payments.SUCCESS);
        reference = intent.json().path("charges").path("data").path(0).path("processor_reference").asString();
        snapshot = snapshot();
    }

    @Test
    void unsignedWebhooksAreRefused() {
        assertProblem(deliver(event("charge.failed"), Map.of()), 400, "signature_missing");
        assertThat(snapshot()).isEqualTo(snapshot);
    }

    @Test
    void tamperedWebhooksAreRefused() {
        String signed = event("charge.succeeded");
        String header = signature(Instant.now().getEpochSecond(), signed);
        String tampered = signed.replace("charge.succeeded", "charge.failed");

        assertProblem(deliver(tampered, Map.of("Simulator-Signature", header)), 400, "signature_invalid");
        assertProblem(deliver(signed, Map.of("Simulator-Signature", "t=" + Instant.now().getEpochSecond() + ",v1=" + "0".repeat(64))),
                400, "signature_invalid");
        assertProblem(deliver(signed, Map.of("Simulator-Signature", "garbage")), 400, "signature_invalid");
        assertThat(snapshot()).isEqualTo(snapshot);
    }

    @Test
    void staleAndFutureTimestampsAreRefused() {
        String body = event("charge.succeeded");
        long now = Instant.now().getEpochSecond();
        // Timestamps are whole seconds: a second may tick between this clock and the server's, so
        // step a few seconds past the 300 s tolerance (301 ahead was read as 300 once, and accepted).
        assertProblem(deliver(body, Map.of("Simulator-Signature", signature(now - 305, body))), 400, "timestamp_outside_tolerance");
        assertProblem(deliver(body, Map.of("Simulator-Signature", signature(now + 305, body))), 400, "timestamp_outside_tolerance");
        assertThat(snapshot()).isEqualTo(snapshot);
    }

    @Test
    void aReplayedEventIsAcknowledgedAndIgnored() {
        String body = event("charge.succeeded");
        Map<String, String> headers = Map.of("Simulator-Signature", signature(Instant.now().getEpochSecond(), body));

        Api.Response first = deliver(body, headers);
        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        assertThat(first.json().path("duplicate").asBoolean()).isFalse();
        String afterFirst = snapshot();

        Api.Response replay = deliver(body, headers);
        assertThat(replay.status()).isEqualTo(200);
        assertThat(replay.json().path("duplicate").asBoolean()).isTrue();
        assertThat(snapshot()).isEqualTo(afterFirst);
        assertThat(jdbc.sql("SELECT payload FROM webhooks_inbound_events WHERE object_id = :r").param("r", reference)
                .query(String.class).list()).as("raw payload kept").contains(body);
    }

    @Test
    void aLateEventCannotMoveStateBackwards() {
        String body = event("charge.failed");
        Api.Response delivered = deliver(body, Map.of("Simulator-Signature", signature(Instant.now().getEpochSecond(), body)));

        assertThat(delivered.status()).isEqualTo(200);
        assertThat(api.get("/v1/payment_intents/" + intent.text("id"), account.testKey()).text("status")).isEqualTo("succeeded");
        assertThat(jdbc.sql("SELECT count(*) FROM ledger_transactions WHERE account_id = :a").param("a", account.id())
                .query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void unknownProcessorsAre404() {
        assertThat(api.send("POST", "/v1/inbound/paypal", null, "{}", Map.of("Content-Type", "application/json")).status())
                .isEqualTo(404);
    }

    private String event(String type) {
        return "{\"id\":\"sevt_" + UUID.randomUUID() + "\",\"object\":\"event\",\"type\":\"" + type + "\",\"created\":"
                + Instant.now().getEpochSecond() + ",\"data\":{\"object\":{\"id\":\"" + reference + "\",\"object\":\"charge\"}}}";
    }

    private Api.Response deliver(String body, Map<String, String> headers) {
        java.util.Map<String, String> all = new java.util.HashMap<>(headers);
        all.put("Content-Type", "application/json");
        return api.send("POST", "/v1/inbound/simulator", null, body, all);
    }

    private String signature(long timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(simulator.webhookSecret().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "t=" + timestamp + ",v1=" + HexFormat.of().formatHex(mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private String snapshot() {
        return jdbc.sql("""
                SELECT (SELECT count(*) FROM webhooks_inbound_events WHERE object_id = :r) || '/' ||
                       (SELECT string_agg(status || processor_state, ',') FROM payments_charges WHERE account_id = :a) || '/' ||
                       (SELECT count(*) FROM ledger_entries WHERE account_id = :a) || '/' ||
                       (SELECT count(*) FROM events_outbox WHERE account_id = :a)""")
                .param("r", reference).param("a", account.id()).query(String.class).single();
    }
}
