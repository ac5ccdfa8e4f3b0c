package dev.settle.events;

import static dev.settle.support.Payments.pay;
import static dev.settle.support.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;


import dev.settle.support.Api;
import dev.settle.support.Payments;
import dev.settle.support.SettleTest;
import tools.jackson.databind.JsonNode;

@SettleTest
class EventApiTests {

    @Autowired
    Api api;

    @Autowired
    JdbcClient jdbc;

    @Test
    void eventsAreRelayedWithAStrictlyIncreasingSequencePerAccountAndMode() throws Exception {
        Api.Account account = api.newAccount();
        List<Future<Api.Response>> payments = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(10)) {
            for (int i = 0; i < 20; i++) {
                payments.add(pool.submit(() -> pay(api, account.testKey(), Payments.SUCCESS)));
            }
            for (Future<Api.Response> payment : payments) {
                assertThat(payment.get().text("status")).isEqualTo("succeeded");
            }
        }
        pay(api, account.testKey(), Payments.SUCCESS);

        List<JsonNode> events = allEvents(account.testKey(), 84);
        List<Long> sequences = events.stream().map(e -> e.path("sequence").asLong()).toList();
        assertThat(sequences).as("newest first, strictly decreasing, no gaps").isEqualTo(
                java.util.stream.LongStream.iterate(84, s -> s - 1).limit(84).boxed().toList());
        assertThat(jdbc.sql("SELECT count(*) FROM events_outbox WHERE account_id = :a AND sequence IS NULL")
                .param("a", account.id()).query(Long.class).single()).isZero();
        for (JsonNode event : events) {
            assertThat(event.path("id").asString()).startsWith("evt_");
            assertThat(event.path("object").asString()).isEqualTo("event");
            assertThat(event.path("livemode").asBoolean()).isFalse();
            assertThat(event.path("data").path("object").path("id").asString()).isNotEmpty();
        }
        // For one payment intent, its events come in the order its states changed.
        JsonNode succeeded = events.stream().filter(e -> e.path("type").asString().equals("payment_intent.succeeded")).findFirst().orElseThrow();
        String intent = succeeded.path("data").path("object").path("id").asString();
        List<String> types = api.get("/v1/events?object=" + intent, account.testKey()).json().path("data").valueStream()
                .map(e -> e.path("type").asString()).toList();
        assertThat(types).containsExactly("payment_intent.succeeded", "payment_intent.processing", "payment_intent.created");
    }

    @Test
    void filtersByTypeWildcardsObjectAndCreatedRange() {
        Api.Account account = api.newAccount();
        Api.Response paid = pay(api, account.testKey(), Payments.SUCCESS);
        pay(api, account.testKey(), Payments.DECLINE);
        allEvents(account.testKey(), 8);

        assertThat(types(api.get("/v1/events?type=charge.failed", account.testKey()))).containsExactly("charge.failed");
        assertThat(types(api.get("/v1/events?type=charge.*", account.testKey())))
                .containsExactlyInAnyOrder("charge.failed", "charge.succeeded");
        assertThat(types(api.get("/v1/events?types[]=payment_intent.succeeded&types[]=charge.*", account.testKey())))
                .containsExactlyInAnyOrder("payment_intent.succeeded", "charge.failed", "charge.succeeded");
        assertThat(api.get("/v1/events?type=*", account.testKey()).json().path("data")).hasSize(8);
        assertThat(types(api.get("/v1/events?object=" + paid.text("latest_charge"), account.testKey()))).containsExactly("charge.succeeded");
        long now = Instant.now().getEpochSecond();
        assertThat(api.get("/v1/events?created[gte]=" + (now - 60), account.testKey()).json().path("data")).hasSize(8);
        assertThat(api.get("/v1/events?created[lt]=" + (now - 60), account.testKey()).json().path("data")).isEmpty();

        Api.Response first = api.get("/v1/events?limit=4", account.testKey());
        assertThat(first.json().path("has_more").asBoolean()).isTrue();
        String last = first.json().path("data").path(3).path("id").asString();
        Api.Response next = api.get("/v1/events?limit=4&starting_after=" + last, account.testKey());
        assertThat(next.json().path("data")).hasSize(4);
        assertThat(next.json().path("has_more").asBoolean()).isFalse();
        Api.Response back = api.get("/v1/events?limit=4&ending_before=" + next.json().path("data").path(0).path("id").asString(),
                account.testKey());
        assertThat(back.json().path("data").valueStream().map(e -> e.path("id").asString()).toList())
                .isEqualTo(first.json().path("data").valueStream().map(e -> e.path("id").asString()).toList());

        String id = first.json().path("data").path(0).path("id").asString();
        assertThat(api.get("/v1/events/" + id, account.testKey()).body())
                .isEqualTo(Api.json().writeValueAsString(first.json().path("data").path(0)));
    }

    @Test
    void anotherAccountsOrModesEventsAreInvisible() {
        Api.Account account = api.newAccount();
        Api.Account other = api.newAccount();
        pay(api, account.testKey(), Payments.SUCCESS);
        String id = allEvents(account.testKey(), 4).get(0).path("id").asString();

        assertProblem(api.get("/v1/events/" + id, other.testKey()), 404, "resource_missing");
        assertProblem(api.get("/v1/events/" + id, account.liveKey()), 404, "resource_missing");
        assertThat(api.get("/v1/events", other.testKey()).json().path("data")).isEmpty();
        assertProblem(api.get("/v1/events?starting_after=" + id, other.testKey()), 404, "resource_missing", "starting_after");
    }

    @Test
    void badParametersAreRefused() {
        Api.Account account = api.newAccount();
        assertProblem(api.get("/v1/events?type=Payment%20Intent", account.testKey()), 400, "parameter_invalid", "type");
        assertProblem(api.get("/v1/events?type=charge.*&types[]=charge.*", account.testKey()), 400, "parameter_invalid", "types[]");
        assertProblem(api.get("/v1/events?created[gte]=soon", account.testKey()), 400, "parameter_invalid", "created[gte]");
        assertProblem(api.get("/v1/events?limit=0", account.testKey()), 400, "parameter_invalid", "limit");
        assertProblem(api.get("/v1/events?starting_after=evt_nope", account.testKey()), 404, "resource_missing", "starting_after");
        assertProblem(api.get("/v1/events?kind=x", account.testKey()), 400, "parameter_unknown", "kind");
    }

    /** Waits until the archive holds {@code count} events of this account (relay and archive are asynchronous). */
    private List<JsonNode> allEvents(String key, int count) {
        Instant deadline = Instant.now().plusSeconds(15);
        List<JsonNode> events = List.of();
        while (Instant.now().isBefore(deadline)) {
            events = api.get("/v1/events?limit=100", key).json().path("data").valueStream().toList();
            if (events.size() >= count) {
                break;
            }
            Payments.sleep(100);
        }
        assertThat(events).hasSize(count);
        return events;
    }

    private static List<String> types(Api.Response list) {
        return list.json().path("data").valueStream().map(e -> e.path("type").asString()).toList();
    }
}
