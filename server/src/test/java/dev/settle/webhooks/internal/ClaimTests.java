package dev.settle.webhooks.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import dev.settle.support.SettleTest;

/**
 * The claim honours each endpoint's room, and a full endpoint's backlog, however long, neither
 * takes another endpoint's place nor makes the claim slower. Each test works on copies of the
 * webhook tables in a schema of its own, inside a transaction it rolls back, so the running
 * dispatcher never sees its rows and other tests' deliveries are never claimed.
 */
@SettleTest
class ClaimTests {

    private static final int BACKLOG = 200_000;

    @Autowired
    DeliveryRepository deliveries;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate transactions;

    /** Runs {@code test} on empty copies of the webhook tables, in a transaction rolled back afterwards. */
    private void isolated(Runnable test) {
        transactions.executeWithoutResult(status -> {
            String schema = "claim_test_" + System.nanoTime();
            jdbc.sql("CREATE SCHEMA " + schema).update();
            jdbc.sql("CREATE TABLE " + schema + ".webhooks_endpoints (LIKE public.webhooks_endpoints INCLUDING ALL)").update();
            jdbc.sql("CREATE TABLE " + schema + ".webhooks_deliveries (LIKE public.webhooks_deliveries INCLUDING ALL)").update();
            jdbc.sql("SET LOCAL search_path = " + schema).update();
            try {
                test.run();
            } finally {
                status.setRollbackOnly();
            }
        });
    }

    @Test
    void aFullEndpointsBacklogIsPassedOverAtTheCostOfOneProbePerEndpoint() {
        isolated(this::backlog);
    }

    private void backlog() {
        String account = "acct_claim" + System.nanoTime();
        String hanging = endpoint(account);
        String healthy = endpoint(account);
        Instant now = Instant.now();
        // A long backlog of the hanging endpoint, all older than the healthy endpoint's rows.
        jdbc.sql("""
                INSERT INTO webhooks_deliveries (endpoint_id, account_id, livemode, event_id, event_type, payload, status,
                                                 next_attempt_at, created_at, updated_at)
                SELECT :endpoint, :account, false, 'evt_backlog' || n, 'customer.created', '{}', 'pending',
                       CAST(:start AS timestamptz) + n * interval '1 millisecond', :start, :start
                FROM generate_series(1, :count) AS n
                """).param("endpoint", hanging).param("account", account).param("count", BACKLOG)
                .param("start", Timestamp.from(now.minus(Duration.ofHours(1)))).update();
        insertDue(healthy, account, 40, now.minusSeconds(1));
        jdbc.sql("ANALYZE webhooks_deliveries").update();

        DeliveryRepository.Room full = new DeliveryRepository.Room(32, List.of(hanging), Map.of());
        List<Long> millis = new ArrayList<>();
        List<DeliveryRepository.Claimed> claimed = List.of();
        for (int round = 0; round < 5; round++) {
            long started = System.nanoTime();
            claimed = deliveries.claim(now, now.plusSeconds(60), 100, full);
            millis.add((System.nanoTime() - started) / 1_000_000);
            if (round < 4) {
                release(claimed, now.minusSeconds(1));
            }
        }
        Collections.sort(millis);
        System.out.printf("claim past a full endpoint's backlog of %,d rows: median %d ms (of %s)%n", BACKLOG, millis.get(2), millis);
        assertThat(claimed).extracting(DeliveryRepository.Claimed::endpointId).containsOnly(healthy);
        assertThat(claimed).as("up to the healthy endpoint's room").hasSize(32);
        assertThat(millis.get(2)).as("median claim time (ms): independent of the backlog").isLessThan(50);

        // With room again, the backlog is claimed oldest first, up to the room.
        List<DeliveryRepository.Claimed> resumed = deliveries.claim(now, now.plusSeconds(60), 100,
                new DeliveryRepository.Room(32, List.of(), Map.of(healthy, 0, hanging, 5)));
        assertThat(resumed).extracting(DeliveryRepository.Claimed::eventId)
                .containsExactly("evt_backlog1", "evt_backlog2", "evt_backlog3", "evt_backlog4", "evt_backlog5");
    }

    @Test
    void noEndpointGetsMoreThanItsRoomFromOneClaim() {
        isolated(this::room);
    }

    private void room() {
        String account = "acct_room" + System.nanoTime();
        String busy = endpoint(account);
        String idle = endpoint(account);
        Instant now = Instant.now();
        insertDue(busy, account, 50, now.minusSeconds(10));
        insertDue(idle, account, 50, now.minusSeconds(5));

        List<DeliveryRepository.Claimed> claimed = deliveries.claim(now, now.plusSeconds(60), 100,
                new DeliveryRepository.Room(32, List.of(), Map.of(busy, 3)));

        assertThat(claimed.stream().filter(c -> c.endpointId().equals(busy))).hasSize(3);
        assertThat(claimed.stream().filter(c -> c.endpointId().equals(idle))).hasSize(32);
    }

    private void insertDue(String endpoint, String account, int count, Instant at) {
        jdbc.sql("""
                INSERT INTO webhooks_deliveries (endpoint_id, account_id, livemode, event_id, event_type, payload, status,
                                                 next_attempt_at, created_at, updated_at)
                SELECT :endpoint, :account, false, 'evt_' || :endpoint || n, 'customer.created', '{}', 'pending', :at, :at, :at
                FROM generate_series(1, :count) AS n
                """).param("endpoint", endpoint).param("account", account).param("count", count)
                .param("at", Timestamp.from(at)).update();
    }

    private void release(List<DeliveryRepository.Claimed> claimed, Instant dueAt) {
        jdbc.sql("UPDATE webhooks_deliveries SET claim = NULL, next_attempt_at = :at WHERE id = ANY(:ids)")
                .param("at", Timestamp.from(dueAt))
                .param("ids", claimed.stream().map(DeliveryRepository.Claimed::id).toArray(Long[]::new)).update();
    }

    private String endpoint(String account) {
        String id = "we_claim" + UUID.randomUUID().toString().replace("-", "");
        jdbc.sql("""
                INSERT INTO webhooks_endpoints (id, account_id, livemode, url, enabled_events, status, secret, created_at)
                VALUES (:id, :account, false, 'http://127.0.0.1:9/none', ARRAY['*'], 'enabled', 'whsec_x', now())
                """).param("id", id).param("account", account).update();
        return id;
    }
}
