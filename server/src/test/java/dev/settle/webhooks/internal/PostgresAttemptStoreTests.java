package dev.settle.webhooks.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.settle.support.SettleTest;
import dev.settle.tenancy.Tenant;

/**
 * The attempt log's contract on PostgreSQL, and its plans: on an account of 30,000 attempts an
 * endpoint's or an event's page reads its own index in order, cursor or not.
 */
@SettleTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresAttemptStoreTests extends AttemptStoreContract {

    @Autowired
    AttemptStore store;

    @Autowired
    JdbcClient jdbc;

    private final Tenant big = newTenant();

    @Override
    AttemptStore store() {
        return store;
    }

    /** 30,000 attempts: 10 endpoints, 3 attempts per event. */
    @BeforeAll
    void aBigAccount() {
        jdbc.sql("""
                INSERT INTO webhooks_attempts (id, account_id, livemode, endpoint_id, event_id, created, document)
                SELECT 'wha_plan' || :account || s, :account, false, 'we_' || (s % 10), 'evt_' || (s / 3),
                       now() - (30000 - s) * interval '1 second', '{}'
                FROM generate_series(1, 30000) AS s
                """).param("account", big.accountId()).update();
        jdbc.sql("ANALYZE webhooks_attempts").update();
    }

    @Test
    void anEndpointsPageReadsTheEndpointIndexInOrder() {
        AttemptLog.Attempt cursor = attempt(big, "wha_plan" + big.accountId() + "15000", "we_0", "evt_5000", Instant.now().minusSeconds(15000),
                200, null, null);
        assertThat(plan("we_3", null, null, false)).contains("webhooks_attempts_endpoint_idx").doesNotContain("Sort", "Seq Scan");
        assertThat(plan("we_3", null, cursor, false)).contains("webhooks_attempts_endpoint_idx").doesNotContain("Sort", "Seq Scan");
        assertThat(plan("we_3", null, cursor, true)).contains("webhooks_attempts_endpoint_idx").doesNotContain("Sort", "Seq Scan");
    }

    @Test
    void anEventsPageReadsTheEventIndex() {
        assertThat(plan(null, "evt_4000", null, false)).contains("webhooks_attempts_event_idx").doesNotContain("Seq Scan");
    }

    private String plan(@Nullable String endpoint, @Nullable String event, AttemptLog.@Nullable Attempt cursor, boolean backwards) {
        PostgresAttemptStore.Statement statement = ((PostgresAttemptStore) store).pageStatement(big, endpoint, event, cursor, backwards, 11);
        return String.join("\n", jdbc.sql("EXPLAIN " + statement.sql()).params(statement.params()).query(String.class).list());
    }
}
