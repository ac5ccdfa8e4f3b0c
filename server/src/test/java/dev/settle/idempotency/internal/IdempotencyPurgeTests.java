package dev.settle.idempotency.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.settle.support.SettleTest;

/** The hourly purge forgets every expired key, a bounded batch per statement, and nothing younger. */
@SettleTest
class IdempotencyPurgeTests {

    @Autowired
    IdempotencyStore store;

    @Autowired
    JdbcClient jdbc;

    @Test
    void purgesMoreThanOneBatchOfExpiredKeysAndKeepsTheRest() {
        String account = "acct_purge_" + System.nanoTime();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        int expired = IdempotencyStore.PURGE_BATCH * 2 + 17;
        insert(account, "old", expired, now.minus(3, ChronoUnit.DAYS));
        insert(account, "young", 25, now.minus(1, ChronoUnit.HOURS));

        int purged = store.purgeOlderThan(now.minus(2, ChronoUnit.DAYS));

        assertThat(purged).isGreaterThanOrEqualTo(expired);
        assertThat(count(account, "old")).isZero();
        assertThat(count(account, "young")).isEqualTo(25);
    }

    private void insert(String account, String prefix, int count, Instant created) {
        jdbc.sql("""
                INSERT INTO idempotency_keys (account_id, livemode, idempotency_key, request_method, request_path, request_hash,
                                              state, created_at)
                SELECT :account, false, :prefix || n, 'POST', '/v1/customers', '\\x00', 'completed', :created
                FROM generate_series(1, :count) AS n
                """).param("account", account).param("prefix", prefix).param("count", count)
                .param("created", java.sql.Timestamp.from(created)).update();
    }

    private long count(String account, String prefix) {
        return jdbc.sql("SELECT count(*) FROM idempotency_keys WHERE account_id = :account AND idempotency_key LIKE :prefix || '%'")
                .param("account", account).param("prefix", prefix).query(Long.class).single();
    }
}
