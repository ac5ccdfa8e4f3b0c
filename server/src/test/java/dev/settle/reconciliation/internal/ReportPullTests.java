package dev.settle.reconciliation.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.settle.support.Api;
import dev.settle.support.SettleTest;

/** The daily pull fetches each finished day with activity once per account and mode, and ingests it. */
@SettleTest
class ReportPullTests {

    @Autowired
    Api api;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ReportPull pull;

    @Test
    void pullsEachFinishedDayOnceAndReconcilesIt() {
        Api.Account account = api.newAccount();
        Instant yesterday = Instant.now().minus(1, ChronoUnit.DAYS);
        // A charge of yesterday in the books that the simulator never made for this merchant.
        jdbc.sql("""
                INSERT INTO reconciliation_books (account_id, livemode, reference, processor, kind, object_id, amount, fee, currency, occurred_at)
                VALUES (:a, false, 'sch_pulled_' || :a, 'simulator', 'charge', 'ch_pulled', 1000, 59, 'usd', :at)
                """).param("a", account.id()).param("at", Timestamp.from(yesterday)).update();

        pull.pull();

        var runs = api.get("/v1/reconciliation/runs", account.testKey()).json().path("data");
        assertThat(runs).hasSize(1);
        String run = runs.path(0).path("id").asString();
        var done = dev.settle.reconciliation.ReconciliationTestAccess.awaitRun(api, account.testKey(), run);
        assertThat(done.json().path("counts").path("expected").asLong()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT count(*) FROM reconciliation_pulls WHERE account_id = :a").param("a", account.id())
                .query(Long.class).single()).isEqualTo(1);

        pull.pull();
        assertThat(api.get("/v1/reconciliation/runs", account.testKey()).json().path("data")).as("a day is pulled once").hasSize(1);
    }
}
