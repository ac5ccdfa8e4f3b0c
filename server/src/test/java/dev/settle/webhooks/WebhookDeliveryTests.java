package dev.settle.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import dev.settle.support.Api;
import dev.settle.support.SettleTest;
import dev.settle.webhooks.TestReceiver.Reply;
import tools.jackson.databind.JsonNode;

/**
 * Outbound webhooks end to end: a relayed event reaches every subscribed endpoint over real HTTP,
 * signed so the Standard Webhooks reference library accepts it; failures are retried on the
 * schedule, Retry-After is honoured, 410 and endless failure disable the endpoint, and replay,
 * recover and a dead node's expired claim send the same webhook-id again.
 */
@SettleTest
class WebhookDeliveryTests {

    private static final Duration WAIT = Duration.ofSeconds(8);

    @Autowired
    Api api;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ApplicationEventPublisher publisher;

    @Autowired
    TransactionTemplate transactions;

    static TestReceiver receiver;

    Api.Account account;
    Relay relay;

    @BeforeAll
    static void startReceiver() {
        receiver = TestReceiver.start();
    }

    @AfterAll
    static void stopReceiver() {
        receiver.close();
    }

    @BeforeEach
    void anAccount() {
        account = api.newAccount();
        relay = new Relay(publisher, transactions);
    }

    record Endpoint(String id, String secret, String path) {
    }

    @Test
    void deliversSignedEventsToEverySubscribedEndpoint() throws Exception {
        Endpoint prefix = endpoint("[\"payment_intent.*\"]", "");
        Endpoint exact = endpoint("[\"payment_intent.succeeded\"]", "");
        Endpoint everything = endpoint("[\"*\"]", "");
        Endpoint unrelated = endpoint("[\"charge.refunded\", \"payment.*\", \"payment_intent.succeeded.*\"]", "");

        Relay.Event event = relay.relay(account.id(), false, "payment_intent.succeeded");

        for (Endpoint endpoint : List.of(prefix, exact, everything)) {
            TestReceiver.Request request = receiver.await(endpoint.path(), 1, WAIT).getFirst();
            assertThat(request.body()).isEqualTo(event.payload());
            assertThat(request.header("webhook-id")).isEqualTo(event.id());
            assertThat(Long.parseLong(request.header("webhook-timestamp"))).isCloseTo(Instant.now().getEpochSecond(), within(10L));
            assertThat(request.header("webhook-signature")).startsWith("v1,").doesNotContain(" ");
            assertThat(request.header("Content-Type")).isEqualTo("application/json");
            assertThat(request.header("User-Agent")).isEqualTo("Settle-Webhooks/1");
            request.verify(endpoint.secret());
            assertThat(request.verifies(unrelated.secret())).as("another endpoint's secret").isFalse();
        }
        JsonNode attempts = awaitAttempts("event=" + event.id(), 3);
        for (JsonNode attempt : attempts) {
            assertThat(attempt.path("object").asString()).isEqualTo("webhook_attempt");
            assertThat(attempt.path("event").asString()).isEqualTo(event.id());
            assertThat(attempt.path("event_type").asString()).isEqualTo("payment_intent.succeeded");
            assertThat(attempt.path("attempt").asInt()).isEqualTo(1);
            assertThat(attempt.path("succeeded").asBoolean()).isTrue();
            assertThat(attempt.path("http_status").asInt()).isEqualTo(200);
            assertThat(attempt.path("response_body").asString()).isEqualTo("{\"ok\":true}");
            assertThat(attempt.path("error").isNull()).isTrue();
        }
        TestReceiver.sleep(500);
        assertThat(receiver.at(unrelated.path())).isEmpty();
        assertThat(receiver.at(everything.path())).as("sent once").hasSize(1);
    }

    @Test
    void deliversOnlyWithinTheEventsAccountAndModeAndOnlyToEnabledEndpoints() {
        Endpoint mine = endpoint("[\"*\"]", "");
        Endpoint disabled = endpoint("[\"*\"]", "");
        assertThat(api.post("/v1/webhook_endpoints/" + disabled.id(), account.testKey(), "{\"disabled\":true}").text("status"))
                .isEqualTo("disabled");
        Api.Account other = api.newAccount();
        String otherPath = "/hooks/" + UUID.randomUUID();
        assertThat(api.post("/v1/webhook_endpoints", other.testKey(),
                "{\"url\":\"" + receiver.url(otherPath) + "\",\"enabled_events\":[\"*\"]}").status()).isEqualTo(200);

        relay.relay(account.id(), true, "payment_intent.succeeded");
        Relay.Event testEvent = relay.relay(account.id(), false, "payment_intent.succeeded");

        assertThat(receiver.await(mine.path(), 1, WAIT).getFirst().header("webhook-id")).isEqualTo(testEvent.id());
        TestReceiver.sleep(500);
        assertThat(receiver.at(mine.path())).as("the live event is not for a test endpoint").hasSize(1);
        assertThat(receiver.at(disabled.path())).isEmpty();
        assertThat(receiver.at(otherPath)).isEmpty();
    }

    @Test
    void oneRelayBatchReachesExactlyTheSubscribedEndpointsOfEachEventInOrder() {
        Endpoint intents = endpoint("[\"payment_intent.*\"]", "");
        Endpoint refunds = endpoint("[\"charge.refunded\"]", "");
        Api.Account other = api.newAccount();
        String otherPath = "/hooks/" + UUID.randomUUID();
        assertThat(api.post("/v1/webhook_endpoints", other.testKey(),
                "{\"url\":\"" + receiver.url(otherPath) + "\",\"enabled_events\":[\"*\"]}").status()).isEqualTo(200);

        List<Relay.Event> batch = relay.relayBatch(List.of(
                new Relay.Spec(account.id(), false, "payment_intent.created"),
                new Relay.Spec(other.id(), false, "payment_intent.created"),
                new Relay.Spec(account.id(), false, "charge.refunded"),
                new Relay.Spec(account.id(), true, "payment_intent.succeeded"),
                new Relay.Spec(account.id(), false, "payment_intent.succeeded")));

        assertThat(jdbc.sql("SELECT endpoint_id, event_id FROM webhooks_deliveries WHERE event_id IN (:ids) ORDER BY id")
                .param("ids", batch.stream().map(Relay.Event::id).toList())
                .query((rs, n) -> rs.getString("event_id") + "->" + rs.getString("endpoint_id")).list())
                .as("one delivery per subscribed endpoint of the event's own account and mode, created in the batch's order")
                .containsExactly(batch.get(0).id() + "->" + intents.id(),
                        batch.get(1).id() + "->" + jdbc.sql("SELECT id FROM webhooks_endpoints WHERE account_id = :a")
                                .param("a", other.id()).query(String.class).single(),
                        batch.get(2).id() + "->" + refunds.id(),
                        batch.get(4).id() + "->" + intents.id());
        assertThat(receiver.await(intents.path(), 2, WAIT)).extracting(r -> r.header("webhook-id"))
                .containsExactlyInAnyOrder(batch.get(0).id(), batch.get(4).id());
        assertThat(receiver.await(refunds.path(), 1, WAIT).getFirst().header("webhook-id")).isEqualTo(batch.get(2).id());
        assertThat(receiver.await(otherPath, 1, WAIT).getFirst().header("webhook-id")).isEqualTo(batch.get(1).id());
    }

    @Test
    void retriesOnTheScheduleUntilASuccess() throws Exception {
        Endpoint endpoint = endpoint("[\"*\"]", ",\"retry_schedule\":[1,1,1,1]");
        receiver.script(endpoint.path(), Reply.status(500, "boom"), Reply.status(502));

        Relay.Event event = relay.relay(account.id(), false, "charge.refunded");

        List<TestReceiver.Request> requests = receiver.await(endpoint.path(), 3, WAIT);
        for (TestReceiver.Request request : requests) {
            assertThat(request.header("webhook-id")).isEqualTo(event.id());
            request.verify(endpoint.secret());
        }
        assertThat(Duration.between(requests.get(0).at(), requests.get(1).at())).isGreaterThan(Duration.ofMillis(900));
        assertThat(Duration.between(requests.get(1).at(), requests.get(2).at())).isGreaterThan(Duration.ofMillis(900));

        JsonNode attempts = awaitAttempts("endpoint=" + endpoint.id(), 3);
        assertThat(attempts.path(0).path("attempt").asInt()).isEqualTo(3);
        assertThat(attempts.path(0).path("succeeded").asBoolean()).isTrue();
        assertThat(attempts.path(1).path("http_status").asInt()).isEqualTo(502);
        assertThat(attempts.path(1).path("succeeded").asBoolean()).isFalse();
        assertThat(attempts.path(2).path("http_status").asInt()).isEqualTo(500);
        assertThat(attempts.path(2).path("response_body").asString()).isEqualTo("boom");
        assertThat(attempts.path(2).path("latency_ms").asInt()).isBetween(0, 2000);

        TestReceiver.sleep(1500);
        assertThat(receiver.at(endpoint.path())).as("a success stops the retries").hasSize(3);
        assertThat(deliveryStatus(endpoint, event)).isEqualTo("succeeded");
        assertThat(failingSince(endpoint)).as("a success ends the failing streak").isNull();
    }

    @Test
    void failsOnceTheScheduleIsUsedUpAndRecoverAndReplaySendTheSameMessageAgain() throws Exception {
        Endpoint endpoint = endpoint("[\"*\"]", ",\"retry_schedule\":[1]");
        receiver.script(endpoint.path(), Reply.status(500), Reply.status(500));
        long before = Instant.now().getEpochSecond() - 1;

        Relay.Event event = relay.relay(account.id(), false, "invoice.paid");
        receiver.await(endpoint.path(), 2, WAIT);
        awaitValue(() -> deliveryStatus(endpoint, event), "failed"::equals);

        Api.Response none = api.post("/v1/webhook_endpoints/" + endpoint.id() + "/recover", account.testKey(),
                "{\"since\":" + (before + 3600) + "}");
        assertThat(none.json().path("count").asInt()).as(none.toString()).isZero();

        Api.Response recovered = api.post("/v1/webhook_endpoints/" + endpoint.id() + "/recover", account.testKey(),
                "{\"since\":" + before + "}");
        assertThat(recovered.status()).as(recovered.toString()).isEqualTo(200);
        assertThat(recovered.text("object")).isEqualTo("webhook_recovery");
        assertThat(recovered.json().path("count").asInt()).isEqualTo(1);
        TestReceiver.Request third = receiver.await(endpoint.path(), 3, WAIT).get(2);
        assertThat(third.header("webhook-id")).isEqualTo(event.id());
        assertThat(third.body()).isEqualTo(event.payload());
        third.verify(endpoint.secret());
        awaitValue(() -> deliveryStatus(endpoint, event), "succeeded"::equals);

        Api.Response replayed = api.post("/v1/webhook_endpoints/" + endpoint.id() + "/replay", account.testKey(),
                "{\"event\":\"" + event.id() + "\"}");
        assertThat(replayed.status()).as(replayed.toString()).isEqualTo(200);
        TestReceiver.Request fourth = receiver.await(endpoint.path(), 4, WAIT).get(3);
        assertThat(fourth.header("webhook-id")).isEqualTo(event.id());
        fourth.verify(endpoint.secret());
        assertThat(awaitAttempts("event=" + event.id(), 4).path(0).path("attempt").asInt()).isEqualTo(4);
    }

    @Test
    void goneDisablesTheEndpointAndRecordsAnEvent() {
        Endpoint endpoint = endpoint("[\"*\"]", ",\"retry_schedule\":[1]");
        receiver.script(endpoint.path(), Reply.status(410));

        relay.relay(account.id(), false, "customer.created");
        receiver.await(endpoint.path(), 1, WAIT);

        Api.Response disabled = awaitValue(() -> api.get("/v1/webhook_endpoints/" + endpoint.id(), account.testKey()),
                response -> "disabled".equals(response.text("status")));
        assertThat(disabled.text("disabled_reason")).isEqualTo("gone");
        assertThat(disabledEvents(endpoint)).isEqualTo(1);

        relay.relay(account.id(), false, "customer.created");
        TestReceiver.sleep(800);
        assertThat(receiver.at(endpoint.path())).as("nothing more after 410").hasSize(1);
    }

    @Test
    void honoursRetryAfterInSecondsAndAsADate() {
        Endpoint seconds = endpoint("[\"*\"]", ",\"retry_schedule\":[1]");
        Endpoint date = endpoint("[\"*\"]", ",\"retry_schedule\":[1]");
        receiver.script(seconds.path(), Reply.status(429).header("Retry-After", "3"));
        String inFourSeconds = DateTimeFormatter.RFC_1123_DATE_TIME.format(Instant.now().plusSeconds(4).atOffset(ZoneOffset.UTC));
        receiver.script(date.path(), Reply.status(503).header("Retry-After", inFourSeconds));

        relay.relay(account.id(), false, "payment_intent.succeeded");

        List<TestReceiver.Request> bySeconds = receiver.await(seconds.path(), 2, WAIT);
        assertThat(Duration.between(bySeconds.get(0).at(), bySeconds.get(1).at())).isGreaterThan(Duration.ofMillis(2800));
        List<TestReceiver.Request> byDate = receiver.await(date.path(), 2, WAIT);
        assertThat(Duration.between(byDate.get(0).at(), byDate.get(1).at())).isGreaterThan(Duration.ofMillis(2000));
    }

    @Test
    void aRotatedSecretSignsAlongsideTheOldOneUntilItExpires() throws Exception {
        Endpoint endpoint = endpoint("[\"*\"]", "");
        Api.Response rotated = api.post("/v1/webhook_endpoints/" + endpoint.id() + "/rotate_secret", account.testKey(), "{}");
        assertThat(rotated.status()).as(rotated.toString()).isEqualTo(200);
        String newSecret = rotated.text("secret");
        assertThat(newSecret).startsWith("whsec_").isNotEqualTo(endpoint.secret());
        assertThat(api.get("/v1/webhook_endpoints/" + endpoint.id(), account.testKey()).json().has("secret")).isFalse();

        relay.relay(account.id(), false, "payment_intent.succeeded");
        TestReceiver.Request during = receiver.await(endpoint.path(), 1, WAIT).getFirst();
        assertThat(during.header("webhook-signature").split(" ")).hasSize(2);
        during.verify(endpoint.secret());
        during.verify(newSecret);

        Api.Response again = api.post("/v1/webhook_endpoints/" + endpoint.id() + "/rotate_secret", account.testKey(),
                "{\"expires_in\":0}");
        String newest = again.text("secret");
        relay.relay(account.id(), false, "payment_intent.succeeded");
        TestReceiver.Request after = receiver.await(endpoint.path(), 2, WAIT).get(1);
        assertThat(after.header("webhook-signature").split(" ")).hasSize(1);
        after.verify(newest);
        assertThat(after.verifies(newSecret)).as("expired at once").isFalse();
        assertThat(after.verifies(endpoint.secret())).isFalse();
    }

    @Test
    void aSlowAnswerIsATimeoutAndIsRetried() {
        Endpoint endpoint = endpoint("[\"*\"]", ",\"retry_schedule\":[1]");
        receiver.script(endpoint.path(), Reply.status(200).after(Duration.ofSeconds(3)));

        Relay.Event event = relay.relay(account.id(), false, "payment_intent.succeeded");

        receiver.await(endpoint.path(), 2, WAIT);
        JsonNode attempts = awaitAttempts("endpoint=" + endpoint.id(), 2);
        JsonNode first = attempts.path(1);
        assertThat(first.path("succeeded").asBoolean()).isFalse();
        assertThat(first.path("error").asString()).isEqualTo("timeout");
        assertThat(first.path("http_status").isNull()).isTrue();
        assertThat(first.path("latency_ms").asInt()).isGreaterThanOrEqualTo(1900);
        assertThat(attempts.path(0).path("succeeded").asBoolean()).isTrue();
        awaitValue(() -> deliveryStatus(endpoint, event), "succeeded"::equals);
    }

    @Test
    void aDeliveryClaimedByANodeThatDiedIsSentOnceItsLeaseEnds() throws Exception {
        Endpoint endpoint = endpoint("[\"*\"]", "");
        String eventId = "evt_" + UUID.randomUUID().toString().replace("-", "");
        String payload = "{\"id\":\"" + eventId + "\",\"object\":\"event\",\"type\":\"charge.captured\",\"created\":1,"
                + "\"livemode\":false,\"sequence\":1,\"data\":{\"object\":{\"id\":\"ch_1\",\"object\":\"charge\"}}}";
        Instant claimedAt = Instant.now();
        jdbc.sql("""
                INSERT INTO webhooks_deliveries (endpoint_id, account_id, livemode, event_id, event_type, payload, status, attempts,
                                                 next_attempt_at, claim, created_at, updated_at)
                VALUES (:endpoint, :account, false, :event, 'charge.captured', :payload, 'pending', 1,
                        now() + interval '2 seconds', gen_random_uuid(), now(), now())
                """)
                .param("endpoint", endpoint.id()).param("account", account.id()).param("event", eventId).param("payload", payload)
                .update();

        TestReceiver.Request request = receiver.await(endpoint.path(), 1, WAIT).getFirst();
        assertThat(Duration.between(claimedAt, request.at())).isGreaterThan(Duration.ofMillis(1800));
        assertThat(request.header("webhook-id")).isEqualTo(eventId);
        assertThat(request.body()).isEqualTo(payload);
        request.verify(endpoint.secret());
        assertThat(awaitAttempts("event=" + eventId, 1).path(0).path("attempt").asInt()).isEqualTo(2);
    }

    @Test
    void anEndpointFailingWithoutSuccessForTooLongIsDisabled() {
        Endpoint endpoint = endpoint("[\"*\"]", ",\"retry_schedule\":[3600]");
        receiver.script(endpoint.path(), Reply.status(500));
        Relay.Event event = relay.relay(account.id(), false, "payment_intent.succeeded");
        receiver.await(endpoint.path(), 1, WAIT);
        awaitValue(() -> failingSince(endpoint), since -> since != null);

        // Five days pass without a success.
        jdbc.sql("UPDATE webhooks_endpoints SET failing_since = now() - interval '5 days 1 minute' WHERE id = :id")
                .param("id", endpoint.id()).update();

        Api.Response disabled = awaitValue(() -> api.get("/v1/webhook_endpoints/" + endpoint.id(), account.testKey()),
                response -> "disabled".equals(response.text("status")));
        assertThat(disabled.text("disabled_reason")).isEqualTo("failing");
        assertThat(disabledEvents(endpoint)).isEqualTo(1);
        assertThat(deliveryStatus(endpoint, event)).as("its pending retry stops").isEqualTo("failed");
    }

    private Endpoint endpoint(String events, String more) {
        String path = "/hooks/" + UUID.randomUUID();
        Api.Response created = api.post("/v1/webhook_endpoints", account.testKey(),
                "{\"url\":\"" + receiver.url(path) + "\",\"enabled_events\":" + events + more + "}");
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        return new Endpoint(created.text("id"), created.text("secret"), path);
    }

    private JsonNode awaitAttempts(String filter, int count) {
        return awaitValue(() -> api.get("/v1/webhook_attempts?" + filter, account.testKey()).json().path("data"),
                data -> data.size() >= count);
    }

    private String deliveryStatus(Endpoint endpoint, Relay.Event event) {
        return jdbc.sql("SELECT status FROM webhooks_deliveries WHERE endpoint_id = :endpoint AND event_id = :event")
                .param("endpoint", endpoint.id()).param("event", event.id()).query(String.class).single();
    }

    private Instant failingSince(Endpoint endpoint) {
        return jdbc.sql("SELECT failing_since FROM webhooks_endpoints WHERE id = :id").param("id", endpoint.id())
                .query((rs, row) -> rs.getTimestamp(1) == null ? null : rs.getTimestamp(1).toInstant()).list().getFirst();
    }

    private long disabledEvents(Endpoint endpoint) {
        return jdbc.sql("SELECT count(*) FROM events_outbox WHERE type = 'webhook_endpoint.disabled' AND object_id = :id "
                + "AND account_id = :account AND data ->> 'status' = 'disabled'")
                .param("id", endpoint.id()).param("account", account.id()).query(Long.class).single();
    }

    static <T> T awaitValue(Supplier<T> read, Predicate<T> until) {
        Instant deadline = Instant.now().plus(WAIT);
        T value = read.get();
        while (!until.test(value) && Instant.now().isBefore(deadline)) {
            TestReceiver.sleep(50);
            value = read.get();
        }
        assertThat(until.test(value)).as("awaited condition on " + value).isTrue();
        return value;
    }
}
