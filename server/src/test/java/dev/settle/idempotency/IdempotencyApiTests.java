package dev.settle.idempotency;

import static dev.settle.support.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;

import dev.settle.support.Api;
import dev.settle.support.SettleTest;

@SettleTest
class IdempotencyApiTests {

    @Autowired
    Api api;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    RecurringTask<Void> idempotencyPurgeTask;

    @Test
    void replayReturnsTheIdenticalStatusAndBody() {
        Api.Account account = api.newAccount();
        String key = UUID.randomUUID().toString();
        String body = "{\"email\":\"jo@example.com\",\"metadata\":{\"order\":\"42\"}}";

        Api.Response first = api.post("/v1/customers", account.testKey(), body, key);
        Api.Response second = api.post("/v1/customers", account.testKey(), body, key);

        assertThat(first.status()).isEqualTo(200);
        assertThat(first.header("Idempotent-Replayed")).isNull();
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(second.body()).isEqualTo(first.body());
        assertThat(customerCount(account)).isEqualTo(1);
    }

    @Test
    void sameKeyWithOtherParametersIs422AndWritesNothing() {
        Api.Account account = api.newAccount();
        String key = UUID.randomUUID().toString();
        api.post("/v1/customers", account.testKey(), "{\"email\":\"a@example.com\"}", key);

        assertProblem(api.post("/v1/customers", account.testKey(), "{\"email\":\"b@example.com\"}", key),
                422, "idempotency_key_reused", "Idempotency-Key");
        String customer = api.get("/v1/customers", account.testKey()).json().path("data").path(0).path("id").asString();
        assertProblem(api.post("/v1/customers/" + customer, account.testKey(), "{\"email\":\"a@example.com\"}", key),
                422, "idempotency_key_reused");
        assertThat(customerCount(account)).isEqualTo(1);
    }

    @Test
    void errorsAreReplayedToo() {
        Api.Account account = api.newAccount();
        String key = UUID.randomUUID().toString();

        Api.Response first = api.post("/v1/customers", account.testKey(), "{\"email\":\"not-an-email\"}", key);
        Api.Response second = api.post("/v1/customers", account.testKey(), "{\"email\":\"not-an-email\"}", key);

        assertProblem(first, 400, "parameter_invalid", "email");
        assertThat(second.status()).isEqualTo(400);
        assertThat(second.body()).isEqualTo(first.body());
        assertThat(second.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(customerCount(account)).isZero();
    }

    @Test
    void keysAreScopedPerAccountAndMode() {
        Api.Account a = api.newAccount();
        Api.Account b = api.newAccount();
        String key = UUID.randomUUID().toString();

        Api.Response forA = api.post("/v1/customers", a.testKey(), "{\"name\":\"A\"}", key);
        Api.Response forB = api.post("/v1/customers", b.testKey(), "{\"name\":\"A\"}", key);
        Api.Response live = api.post("/v1/customers", a.liveKey(), "{\"name\":\"A\"}", key);

        assertThat(forB.header("Idempotent-Replayed")).isNull();
        assertThat(live.header("Idempotent-Replayed")).isNull();
        assertThat(List.of(forA.text("id"), forB.text("id"), live.text("id"))).doesNotHaveDuplicates();
    }

    @Test
    void twentyConcurrentIdenticalRequestsCreateExactlyOneCustomer() throws Exception {
        Api.Account account = api.newAccount();
        String key = UUID.randomUUID().toString();
        String body = "{\"email\":\"race@example.com\"}";
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Api.Response>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(20)) {
            for (int i = 0; i < 20; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return api.post("/v1/customers", account.testKey(), body, key);
                }));
            }
            start.countDown();
            List<Api.Response> responses = new ArrayList<>();
            for (Future<Api.Response> future : futures) {
                responses.add(future.get());
            }
            List<String> createdIds = responses.stream().filter(r -> r.status() == 200).map(r -> r.text("id")).distinct().toList();
            assertThat(createdIds).hasSize(1);
            assertThat(responses).allSatisfy(r -> assertThat(r.status()).as(r.toString()).isIn(200, 409));
            responses.stream().filter(r -> r.status() == 409)
                    .forEach(r -> assertProblem(r, 409, "idempotency_key_in_use"));
        }
        assertThat(customerCount(account)).isEqualTo(1);
        Api.Response afterwards = api.post("/v1/customers", account.testKey(), body, key);
        assertThat(afterwards.header("Idempotent-Replayed")).isEqualTo("true");
    }

    @Test
    void aRequestWhoseNodeDiedMayBeRetriedOnceItsLeaseExpires() throws Exception {
        Api.Account account = api.newAccount();
        String key = UUID.randomUUID().toString();
        String body = "{\"name\":\"after crash\"}";
        // What a node leaves behind when it dies mid-request: the claim, but (its transaction having
        // rolled back) neither the customer nor a stored response.
        jdbc.sql("""
                INSERT INTO idempotency_keys (account_id, livemode, idempotency_key, request_method, request_path,
                                              request_hash, state, locked_until, created_at)
                VALUES (:a, false, :k, 'POST', '/v1/customers', :h, 'in_flight', :until, :created)
                """)
                .param("a", account.id()).param("k", key).param("h", hash("POST /v1/customers\n" + body))
                .param("until", Timestamp.from(Instant.now().minusSeconds(1)))
                .param("created", Timestamp.from(Instant.now().minusSeconds(61)))
                .update();

        Api.Response retried = api.post("/v1/customers", account.testKey(), body, key);

        assertThat(retried.status()).isEqualTo(200);
        assertThat(customerCount(account)).isEqualTo(1);
        assertThat(api.post("/v1/customers", account.testKey(), body, key).body()).isEqualTo(retried.body());
    }

    @Test
    void anUnexpiredClaimIsInFlight() throws Exception {
        Api.Account account = api.newAccount();
        String key = UUID.randomUUID().toString();
        String body = "{}";
        jdbc.sql("""
                INSERT INTO idempotency_keys (account_id, livemode, idempotency_key, request_method, request_path,
                                              request_hash, state, locked_until, created_at)
                VALUES (:a, false, :k, 'POST', '/v1/customers', :h, 'in_flight', :until, now())
                """)
                .param("a", account.id()).param("k", key).param("h", hash("POST /v1/customers\n" + body))
                .param("until", Timestamp.from(Instant.now().plusSeconds(60)))
                .update();

        assertProblem(api.post("/v1/customers", account.testKey(), body, key), 409, "idempotency_key_in_use");
        assertThat(customerCount(account)).isZero();
    }

    @Test
    void invalidKeysAreRefused() {
        Api.Account account = api.newAccount();
        assertProblem(api.post("/v1/customers", account.testKey(), "{}", "x".repeat(256)), 400, "idempotency_key_invalid", "Idempotency-Key");
        assertProblem(api.send("POST", "/v1/customers", account.testKey(), "{}", Map.of("Idempotency-Key", "has space")),
                400, "idempotency_key_invalid");
        assertThat(customerCount(account)).isZero();
    }

    @Test
    void thePurgeJobIsScheduledInPostgresAndForgetsKeysOlderThanADay() {
        Api.Account account = api.newAccount();
        String old = UUID.randomUUID().toString();
        String recent = UUID.randomUUID().toString();
        api.post("/v1/customers", account.testKey(), "{}", old);
        api.post("/v1/customers", account.testKey(), "{}", recent);
        jdbc.sql("UPDATE idempotency_keys SET created_at = :t WHERE idempotency_key = :k")
                .param("t", Timestamp.from(Instant.now().minus(25, ChronoUnit.HOURS))).param("k", old).update();

        assertThat(jdbc.sql("SELECT count(*) FROM scheduled_tasks WHERE task_name = 'idempotency-purge'")
                .query(Long.class).single()).as("registered with the cluster-safe scheduler").isEqualTo(1);
        idempotencyPurgeTask.execute(null, null);

        assertThat(jdbc.sql("SELECT count(*) FROM idempotency_keys WHERE idempotency_key IN (:old, :recent)")
                .param("old", old).param("recent", recent).query(Long.class).single()).isEqualTo(1);
        assertThat(api.post("/v1/customers", account.testKey(), "{}", recent).header("Idempotent-Replayed")).isEqualTo("true");
    }

    private long customerCount(Api.Account account) {
        return jdbc.sql("SELECT count(*) FROM customers WHERE account_id = :a").param("a", account.id()).query(Long.class).single();
    }

    private static byte[] hash(String text) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    }
}
