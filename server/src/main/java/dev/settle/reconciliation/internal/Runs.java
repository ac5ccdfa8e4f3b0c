package dev.settle.reconciliation.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.settle.shared.Keyset;
import dev.settle.shared.ListParams;
import dev.settle.tenancy.Tenant;
import tools.jackson.databind.json.JsonMapper;

/** Runs: the one pending run to do next, its completion, and the API's reads. */
@Repository
class Runs {

    private final JdbcClient jdbc;
    private final JsonMapper json;

    Runs(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    record RunRow(String id, String reportId, String status, Instant asOf, Map<String, Long> counts, Instant created,
            @Nullable Instant completed) {
    }

    private static final String NEXT = """
            SELECT r.id, r.account_id, r.livemode, r.report_id, r.as_of, r.sla_seconds,
                   coalesce(p.period_end, r.as_of) AS period_end, p.layout
            FROM reconciliation_runs r
            JOIN reconciliation_reports p ON p.id = r.report_id
            WHERE r.status = 'pending'
              AND (r.retry_at IS NULL OR r.retry_at <= :now)
            ORDER BY r.attempts, r.created_at
            LIMIT 1
            FOR UPDATE OF r SKIP LOCKED
            """;

    /** The oldest pending run due (runs that failed before come last), locked for this transaction; another worker skips it. */
    Optional<RunMatcher.Run> lockNext(Instant now) {
        return jdbc.sql(NEXT)
                .param("now", Timestamp.from(now))
                .query((rs, n) -> new RunMatcher.Run(rs.getString("id"), rs.getString("account_id"), rs.getBoolean("livemode"),
                        rs.getString("report_id"), rs.getTimestamp("as_of").toInstant(), rs.getLong("sla_seconds"),
                        rs.getTimestamp("period_end").toInstant(), rs.getString("layout")))
                .optional();
    }

    private static final String COUNTS = """
            SELECT class, count(*) AS n
            FROM reconciliation_items
            WHERE run_id = :run
            GROUP BY class
            """;

    private static final String COMPLETE = """
            UPDATE reconciliation_runs
            SET status = 'completed',
                counts = CAST(:counts AS jsonb),
                completed_at = :now
            WHERE id = :run
              AND status = 'pending'
            """;

    private static final String FAILED = """
            UPDATE reconciliation_runs
            SET attempts = attempts + 1,
                last_error = :error,
                retry_at = CAST(:now AS timestamptz)
                           + LEAST(make_interval(secs => CAST(:backoffSeconds AS double precision) * power(2, LEAST(attempts, 7))), INTERVAL '1 hour'),
                status = CASE WHEN attempts + 1 >= :maxAttempts THEN 'failed' ELSE status END
            WHERE id = :run
              AND status = 'pending'
            RETURNING attempts
            """;

    /**
     * Records a failed attempt of the run: tried again after {@code backoff} doubled per attempt
     * (at most an hour), and left 'failed' after {@code maxAttempts}. Returns the attempts so far.
     */
    int failed(String runId, String error, Instant now, Duration backoff, int maxAttempts) {
        return jdbc.sql(FAILED).param("run", runId).param("error", error.length() > 1000 ? error.substring(0, 1000) : error)
                .param("now", Timestamp.from(now)).param("backoffSeconds", backoff.toSeconds()).param("maxAttempts", maxAttempts)
                .query(Integer.class).optional().orElse(maxAttempts);
    }

    void complete(String runId, Instant now) {
        Map<String, Long> counts = new TreeMap<>();
        ItemClass.codes().forEach(code -> counts.put(code, 0L));
        jdbc.sql(COUNTS).param("run", runId).query(rs -> {
            counts.put(rs.getString("class"), rs.getLong("n"));
        });
        int updated = jdbc.sql(COMPLETE)
                .param("run", runId)
                .param("counts", json.writeValueAsString(counts))
                .param("now", Timestamp.from(now))
                .update();
        if (updated != 1) {
            throw new IllegalStateException("Run " + runId + " was not pending");
        }
    }

    private static final String SELECT = """
            SELECT id, report_id, status, as_of, counts, created_at, completed_at
            FROM reconciliation_runs
            """;

    private static final String FIND = SELECT + """
            WHERE account_id = :account
              AND livemode = :livemode
              AND id = :id
            """;

    Optional<RunRow> find(Tenant tenant, String id) {
        return jdbc.sql(FIND)
                .param("account", tenant.accountId())
                .param("livemode", tenant.livemode())
                .param("id", id)
                .query(this::map)
                .optional();
    }

    private static final String LIST = SELECT + """
            WHERE account_id = :account
              AND livemode = :livemode
            """ + Keyset.PAGE;

    List<RunRow> list(Tenant tenant, ListParams params) {
        return Keyset.bind(jdbc.sql(LIST)
                        .param("account", tenant.accountId())
                        .param("livemode", tenant.livemode()),
                params, "reconciliation_run", id -> find(tenant, id).map(RunRow::created))
                .query(this::map)
                .list();
    }

    @SuppressWarnings("unchecked")
    private RunRow map(ResultSet rs, int row) throws SQLException {
        String counts = rs.getString("counts");
        Map<String, Long> parsed = new TreeMap<>();
        if (counts != null) {
            json.readValue(counts, Map.class).forEach((k, v) -> parsed.put((String) k, ((Number) v).longValue()));
        }
        Timestamp completed = rs.getTimestamp("completed_at");
        return new RunRow(rs.getString("id"), rs.getString("report_id"), rs.getString("status"), rs.getTimestamp("as_of").toInstant(),
                parsed, rs.getTimestamp("created_at").toInstant(), completed == null ? null : completed.toInstant());
    }
}
