package dev.settle.reconciliation.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.settle.reconciliation.ReconciliationTestAccess;
import dev.settle.support.Api;
import dev.settle.support.Payments;
import dev.settle.support.SettleTest;

/**
 * A run that fails every time it is tried (here: an SLA so large its date arithmetic overflows)
 * neither stops the runs queued behind it, of other accounts, nor is tried in a tight loop: its
 * attempts are counted with their error, it waits behind the others, and it ends 'failed'. Runs
 * once went one at a time, oldest first, and a run refused at its commit blocked every other.
 */
@SettleTest
class RunFailureTests {

    @Autowired
    Api api;

    @Autowired
    JdbcClient jdbc;

    @Test
    void aRunThatAlwaysFailsHoldsUpNoOtherAndEndsFailed() throws IOException {
        Api.Account poisoned = api.newAccount();
        Instant now = Instant.now();
        jdbc.sql("""
                INSERT INTO reconciliation_books (account_id, livemode, reference, processor, kind, object_id, amount, fee, currency, occurred_at)
                VALUES (:a, false, 'sch_poison_' || :a, 'simulator', 'charge', 'ch_poison', 1000, 59, 'usd', :at)
                """).param("a", poisoned.id()).param("at", Timestamp.from(now.minus(1, ChronoUnit.DAYS))).update();
        jdbc.sql("""
                INSERT INTO reconciliation_reports (id, account_id, livemode, sha256, file_key, layout, size, line_count, error_count,
                                                    period_start, period_end, created_at)
                VALUES ('rpt_poison_' || :a, :a, false, 'poison', 'none', 'stripe_itemized', 0, 0, 0, :start, :end, :created)
                """).param("a", poisoned.id()).param("start", Timestamp.from(now.minus(2, ChronoUnit.DAYS)))
                .param("end", Timestamp.from(now)).param("created", Timestamp.from(now.minus(1, ChronoUnit.HOURS))).update();
        String poison = "rcr_poison_" + poisoned.id();
        jdbc.sql("""
                INSERT INTO reconciliation_runs (id, account_id, livemode, report_id, status, as_of, sla_seconds, created_at)
                VALUES (:id, :a, false, 'rpt_poison_' || :a, 'pending', :now, 9000000000000000, :created)
                """).param("id", poison).param("a", poisoned.id()).param("now", Timestamp.from(now))
                .param("created", Timestamp.from(now.minus(1, ChronoUnit.HOURS))).update();

        // Another account's report, queued after the poisoned run, is reconciled all the same.
        Api.Account other = api.newAccount();
        byte[] report;
        try (InputStream fixture = getClass().getResourceAsStream("/reconciliation/stripe_itemized_balance_transactions.csv")) {
            report = fixture.readAllBytes();
        }
        Api.Response uploaded = api.upload("/v1/reconciliation/reports", other.testKey(), report, "text/csv");
        assertThat(uploaded.status()).as(uploaded.toString()).isEqualTo(200);
        ReconciliationTestAccess.awaitRun(api, other.testKey(), uploaded.text("run"));

        Map<String, Object> failed = jdbc.sql("SELECT status, attempts, retry_at, last_error FROM reconciliation_runs WHERE id = :id")
                .param("id", poison).query().singleRow();
        assertThat((Integer) failed.get("attempts")).isGreaterThanOrEqualTo(1);
        assertThat((String) failed.get("last_error")).contains("out of range");
        assertThat(((Timestamp) failed.get("retry_at")).toInstant()).as("not tried again at once").isAfter(Instant.now());

        // Tried again each time its wait is over, it ends failed after the last attempt.
        for (int i = 0; i < RunExecutor.MAX_ATTEMPTS && !"failed".equals(status(poison)); i++) {
            jdbc.sql("UPDATE reconciliation_runs SET retry_at = NULL WHERE id = :id").param("id", poison).update();
            for (int wait = 0; wait < 100 && jdbc.sql("SELECT retry_at IS NULL FROM reconciliation_runs WHERE id = :id").param("id", poison)
                    .query(Boolean.class).single(); wait++) {
                Payments.sleep(100);
            }
        }
        assertThat(status(poison)).isEqualTo("failed");
        assertThat(api.get("/v1/reconciliation/runs/" + poison, poisoned.testKey()).text("status")).isEqualTo("failed");
    }

    private String status(String run) {
        return jdbc.sql("SELECT status FROM reconciliation_runs WHERE id = :id").param("id", run).query(String.class).single();
    }
}
