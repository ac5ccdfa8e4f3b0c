package dev.settle.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import dev.settle.simulator.SimulatorClient.Response;

/** Idempotency-Key on charges: replay, reuse, concurrent duplicates, and the failure cards. */
class SimulatorIdempotencyTests {

    private final SimulatorFixture fixture = SimulatorFixture.get();
    private final SimulatorClient client = fixture.client;

    @Test
    void theSameKeyAndBodyReplaysTheFirstAnswer() {
        String key = SimulatorClient.newKey();
        String token = client.token("4242424242424242");
        Response first = client.charge(token, 1999, "usd", true, key);
        Response again = client.charge(token, 1999, "usd", true, key);

        assertThat(again.status()).isEqualTo(first.status());
        assertThat(again.raw().body()).isEqualTo(first.raw().body());
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(chargesWithKey(key)).isEqualTo(1);
        assertThat(client.get("/v1/charges?idempotency_key=" + key).text("id")).isEqualTo(first.text("id"));
    }

    @Test
    void aDeclineIsReplayedToo() {
        String key = SimulatorClient.newKey();
        String token = client.token("4000000000000002");
        Response first = client.charge(token, 500, "usd", true, key);
        Response again = client.charge(token, 500, "usd", true, key);
        assertThat(first.text("status")).isEqualTo("failed");
        assertThat(again.raw().body()).isEqualTo(first.raw().body());
    }

    @Test
    void theSameKeyWithAnotherBodyIs422() {
        String key = SimulatorClient.newKey();
        String token = client.token("4242424242424242");
        client.charge(token, 1999, "usd", true, key);

        Response reused = client.charge(token, 2000, "usd", true, key);
        assertThat(reused.status()).isEqualTo(422);
        assertThat(reused.errorCode()).isEqualTo("idempotency_key_reused");

        Response elsewhere = client.post("/v1/refunds", "{\"charge\": \"sch_x\"}", key);
        assertThat(elsewhere.status()).as("a key names one request, whatever the endpoint").isEqualTo(422);
        assertThat(chargesWithKey(key)).isEqualTo(1);
    }

    @Test
    void twentyConcurrentDuplicatesMakeOneCharge() throws Exception {
        String key = SimulatorClient.newKey();
        String token = client.token("4242424242424242");
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Response>> answers = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 20; i++) {
                answers.add(threads.submit(() -> {
                    go.await();
                    return client.charge(token, 1999, "usd", true, key);
                }));
            }
            go.countDown();
        }
        List<String> bodies = new ArrayList<>();
        for (Future<Response> answer : answers) {
            Response response = answer.get();
            assertThat(response.status()).as(response.toString()).isEqualTo(200);
            bodies.add(response.raw().body());
        }
        assertThat(bodies).as("everyone got the one charge").containsOnly(bodies.getFirst());
        assertThat(chargesWithKey(key)).isEqualTo(1);
    }

    @Test
    void theProcessorErrorCardAnswers500AndKeepsNothing() {
        String key = SimulatorClient.newKey();
        String token = client.token("4000099000000046");
        Response failed = client.charge(token, 1999, "usd", true, key);

        assertThat(failed.status()).isEqualTo(500);
        assertThat(failed.errorCode()).isEqualTo("processor_error");
        assertThat(chargesWithKey(key)).isZero();
        assertThat(fixture.jdbc.sql("SELECT count(*) FROM simulator.idempotency_keys WHERE idempotency_key = ?")
                .param(key).query(Long.class).single()).isZero();
        assertThat(client.get("/v1/charges?idempotency_key=" + key).status()).isEqualTo(404);
        assertThat(client.charge(token, 1999, "usd", true, key).status()).as("a retry is a new attempt").isEqualTo(500);
    }

    @Test
    void theTimeoutCardChargesButAnswersTooLate() throws Exception {
        String key = SimulatorClient.newKey();
        String token = client.token("4000099000000038");
        HttpRequest request = client.request("/v1/charges")
                .timeout(Duration.ofMillis(500))
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"amount": 1999, "currency": "usd", "token": "%s", "capture": true}""".formatted(token)))
                .build();
        try (HttpClient impatient = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            assertThatThrownBy(() -> impatient.send(request, HttpResponse.BodyHandlers.ofString()))
                    .isInstanceOf(HttpTimeoutException.class);
        }

        long started = System.nanoTime();
        Response settled = client.get("/v1/charges?idempotency_key=" + key);
        assertThat(settled.status()).isEqualTo(200);
        assertThat(settled.text("status")).isEqualTo("succeeded");
        assertThat(settled.json().path("captured").asBoolean()).isTrue();

        Response retried = client.charge(token, 1999, "usd", true, key);
        assertThat(retried.text("id")).isEqualTo(settled.text("id"));
        assertThat(retried.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("answered promptly")
                .isLessThan(SimulatorFixture.SLOW_REPLY_DELAY);
        assertThat(chargesWithKey(key)).isEqualTo(1);
    }

    private long chargesWithKey(String key) {
        return fixture.jdbc.sql("SELECT count(*) FROM simulator.charges WHERE idempotency_key = ?").param(key).query(Long.class).single();
    }
}
