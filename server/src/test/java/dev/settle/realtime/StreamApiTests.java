package dev.settle.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.settle.support.Api;
import dev.settle.support.Payments;
import dev.settle.support.RawWebSocket;
import dev.settle.support.SettleTest;
import dev.settle.support.StreamClient;
import tools.jackson.databind.JsonNode;

/** {@code GET /v1/stream} through the JDK's WebSocket client: resume, live, filters, isolation. */
@SettleTest
class StreamApiTests {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Autowired
    Api api;

    private String customer(String key, String name) {
        Api.Response created = api.post("/v1/customers", key, "{\"name\":\"" + name + "\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        return created.text("id");
    }

    /** Waits until the events API lists {@code count} events (all relayed and archived). */
    private void awaitArchived(String key, int count) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode newest = api.get("/v1/events?limit=1", key).json().path("data").path(0);
            if (newest.path("sequence").asLong() >= count) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("events not archived in time");
    }

    private static List<Long> sequences(List<JsonNode> events) {
        return events.stream().map(event -> event.path("sequence").asLong()).toList();
    }

    @Test
    void liveEventsArriveExactlyAsTheEventsApiReturnsThem() throws Exception {
        Api.Account account = api.newAccount();
        try (StreamClient stream = StreamClient.open(api, "", account.testKey())) {
            Payments.pay(api, account.testKey(), Payments.SUCCESS);
            customer(account.testKey(), "Zoë \u2603 \\\"quoted\\\" </script>");
            List<JsonNode> events = stream.take(5, WAIT);
            assertThat(sequences(events)).containsExactly(1L, 2L, 3L, 4L, 5L);
            assertThat(events.stream().map(e -> e.path("type").asString()))
                    .containsExactlyInAnyOrder("payment_intent.created", "payment_intent.processing", "payment_intent.succeeded",
                            "charge.succeeded", "customer.created");
            awaitArchived(account.testKey(), 5);
        }
        try (StreamClient replay = StreamClient.open(api, "after_sequence=0", account.testKey())) {
            for (int i = 0; i < 5; i++) {
                String message = replay.poll(WAIT);
                String id = Api.json().readTree(message).path("id").asString();
                assertThat(message).as("the message is byte for byte GET /v1/events/" + id)
                        .isEqualTo(api.get("/v1/events/" + id, account.testKey()).body());
            }
        }
    }

    @Test
    void resumeReplaysFromTheArchiveThenGoesLiveWithoutGapOrRepeatWhileEventsAreCommitted() throws Exception {
        Api.Account account = api.newAccount();
        for (int i = 0; i < 50; i++) {
            customer(account.testKey(), "before " + i);
        }
        awaitArchived(account.testKey(), 50);
        int concurrent = 1_000;
        try (ExecutorService writers = Executors.newFixedThreadPool(8)) {
            List<Future<String>> created = new ArrayList<>();
            for (int i = 0; i < concurrent; i++) {
                int n = i;
                created.add(writers.submit(() -> customer(account.testKey(), "during " + n)));
            }
            // Resume from 20 while the 1,000 commit: 30 replayed from the archive, then the rest as they come.
            Thread.sleep(200);
            try (StreamClient stream = StreamClient.open(api, "after_sequence=20", account.testKey())) {
                for (Future<String> each : created) {
                    each.get();
                }
                List<JsonNode> events = stream.take(50 + concurrent - 20, Duration.ofSeconds(60));
                assertThat(sequences(events)).as("every event after 20 once, in order")
                        .isEqualTo(LongStream.rangeClosed(21, 50 + concurrent).boxed().toList());
                assertThat(stream.poll(Duration.ofMillis(500))).as("nothing more").isNull();
            }
        }
    }

    @Test
    void filtersByTypePatternsAndObject() throws Exception {
        Api.Account account = api.newAccount();
        String key = account.testKey();
        try (StreamClient charges = StreamClient.open(api, "types[]=charge.*&types[]=customer.updated", key);
                StreamClient intents = StreamClient.open(api, "types[]=payment_intent.succeeded", key)) {
            String intent = Payments.pay(api, key, Payments.SUCCESS).text("id");
            String customer = customer(key, "Jo");
            api.post("/v1/customers/" + customer, key, "{\"name\":\"Jo B\"}");
            try (StreamClient aboutIntent = StreamClient.open(api, "object_id=" + intent + "&after_sequence=0", key)) {
                assertThat(aboutIntent.take(3, WAIT).stream().map(e -> e.path("type").asString()))
                        .containsExactly("payment_intent.created", "payment_intent.processing", "payment_intent.succeeded");
                assertThat(aboutIntent.poll(Duration.ofMillis(300))).isNull();
            }
            assertThat(charges.take(2, WAIT).stream().map(e -> e.path("type").asString()))
                    .containsExactly("charge.succeeded", "customer.updated");
            assertThat(intents.take(1, WAIT).getFirst().path("data").path("object").path("id").asString()).isEqualTo(intent);
            assertThat(charges.poll(Duration.ofMillis(300))).isNull();
            assertThat(intents.poll(Duration.ofMillis(300))).isNull();
        }
    }

    @Test
    void anotherAccountsAndTheOtherModesEventsNeverReachAStream() throws Exception {
        Api.Account a = api.newAccount();
        Api.Account b = api.newAccount();
        try (StreamClient bTest = StreamClient.open(api, "after_sequence=0", b.testKey());
                StreamClient aLive = StreamClient.open(api, "after_sequence=0", a.liveKey());
                StreamClient aTest = StreamClient.open(api, "", a.testKey())) {
            String aCustomer = customer(a.testKey(), "A's");
            customer(b.testKey(), "B's");
            // B tries: A's object as its filter, and A's sequence range.
            try (StreamClient bSnooping = StreamClient.open(api, "object_id=" + aCustomer + "&after_sequence=0", b.testKey())) {
                assertThat(aTest.take(1, WAIT).getFirst().path("data").path("object").path("id").asString()).isEqualTo(aCustomer);
                List<JsonNode> bEvents = bTest.take(1, WAIT);
                assertThat(bEvents.getFirst().path("data").path("object").path("id").asString()).isNotEqualTo(aCustomer);
                assertThat(bSnooping.poll(Duration.ofSeconds(1))).isNull();
                assertThat(bTest.poll(Duration.ofMillis(300))).isNull();
                assertThat(aLive.poll(Duration.ofMillis(300))).as("live stream of A: test events never").isNull();
            }
        }
    }

    @Test
    void refusalsAreHttpAnswersAtTheHandshake() throws Exception {
        Api.Account account = api.newAccount();
        assertRefused("/v1/stream", Map.of(), 401, "api_key_missing");
        assertRefused("/v1/stream", Map.of("Authorization", "Bearer sk_test_" + "0".repeat(32)), 401, "api_key_invalid");
        assertRefused("/v1/stream?types[]=Not%20A%20Type", bearer(account.testKey()), 400, "parameter_invalid");
        assertRefused("/v1/stream?after_sequence=-1", bearer(account.testKey()), 400, "parameter_invalid");
        assertRefused("/v1/stream?after_sequence=5", bearer(account.testKey()), 400, "parameter_invalid");
        assertRefused("/v1/stream?cursor=1", bearer(account.testKey()), 400, "parameter_unknown");

        String noEvents = restrictedKey(account, "customers:read");
        assertRefused("/v1/stream", bearer(noEvents), 403, "insufficient_scope");
        String eventsRead = restrictedKey(account, "events:read");
        try (StreamClient allowed = StreamClient.open(api, "", eventsRead)) {
            customer(account.testKey(), "seen by the restricted key");
            assertThat(allowed.take(1, WAIT).getFirst().path("type").asString()).isEqualTo("customer.created");
        }

        Api.Response plainGet = api.get("/v1/stream", account.testKey());
        assertThat(plainGet.status()).isEqualTo(400);
        assertThat(plainGet.text("code")).isEqualTo("websocket_upgrade_required");
        assertThatThrownBy(() -> StreamClient.open(api, "", noEvents)).isInstanceOfSatisfying(StreamClient.Refused.class,
                refused -> assertThat(refused.status).isEqualTo(403));
    }

    @Test
    void aRevokedKeyIsRefusedAtTheHandshakeAndItsOpenStreamsClosed() throws Exception {
        Api.Account account = api.newAccount();
        Api.Response key = api.post("/v1/accounts/" + account.id() + "/keys", Api.OPERATOR_TOKEN,
                "{\"type\":\"restricted\",\"scopes\":[\"events:read\"]}");
        try (StreamClient open = StreamClient.open(api, "", key.text("secret"))) {
            customer(account.testKey(), "one");
            open.take(1, WAIT);
            api.post("/v1/accounts/" + account.id() + "/keys/" + key.text("id") + "/revoke", Api.OPERATOR_TOKEN, "{}");
            StreamClient.Close close = open.awaitClose(WAIT);
            assertThat(close.code()).isEqualTo(4001);
            assertThat(close.name()).isEqualTo("api_key_revoked");
            assertThat(close.lastSequence()).isEqualTo(1);
        }
        assertRefused("/v1/stream", bearer(key.text("secret")), 401, "api_key_revoked");
    }

    @Test
    void connectionsPerKeyAreLimited() throws Exception {
        Api.Account account = api.newAccount();
        List<StreamClient> open = new ArrayList<>();
        try {
            for (int i = 0; i < 10; i++) {
                open.add(StreamClient.open(api, "", account.testKey()));
            }
            assertRefused("/v1/stream", bearer(account.testKey()), 429, "too_many_streams");
            try (StreamClient otherKey = StreamClient.open(api, "", account.liveKey())) {
                assertThat(otherKey.isClosed()).isFalse();
            }
            open.removeFirst().close();
            Thread.sleep(300);
            open.add(StreamClient.open(api, "", account.testKey()));
        } finally {
            open.forEach(StreamClient::close);
        }
    }

    private void assertRefused(String pathAndQuery, Map<String, String> headers, int status, String code) throws Exception {
        RawWebSocket.Handshake answer = RawWebSocket.connect(api.baseUrl(), pathAndQuery, headers, 0);
        assertThat(answer.status()).as(pathAndQuery + ": " + answer.body()).isEqualTo(status);
        assertThat(answer.headers().get("content-type")).startsWith("application/problem+json");
        assertThat(Api.json().readTree(answer.body()).path("code").asString()).isEqualTo(code);
    }

    private static Map<String, String> bearer(String key) {
        return Map.of("Authorization", "Bearer " + key);
    }

    private String restrictedKey(Api.Account account, String scope) {
        return api.post("/v1/accounts/" + account.id() + "/keys", Api.OPERATOR_TOKEN,
                "{\"type\":\"restricted\",\"scopes\":[\"" + scope + "\"]}").text("secret");
    }
}
