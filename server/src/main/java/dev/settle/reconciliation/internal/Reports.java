package dev.settle.reconciliation.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.settle.tenancy.Tenant;

/** Reports, their refused lines and their runs' creation: the rows ingestion writes. */
@Repository
class Reports {

    private final JdbcClient jdbc;
    private final JdbcTemplate template;

    Reports(JdbcClient jdbc, JdbcTemplate template) {
        this.jdbc = jdbc;
        this.template = template;
    }

    record Report(String id, String sha256, String fileKey, String layout, long size, int lineCount, int errorCount, String runId,
            Instant created) {
    }

    private static final String SELECT = """
            SELECT r.id, r.sha256, r.file_key, r.layout, r.size, r.line_count, r.error_count, r.created_at, run.id AS run_id
            FROM reconciliation_reports r
            JOIN reconciliation_runs run ON run.report_id = r.id
            """;

    private static final String BY_SHA = SELECT + """
            WHERE r.account_id = :account
              AND r.livemode = :livemode
              AND r.sha256 = :sha256
            """;

    Optional<Report> bySha(Tenant tenant, String sha256) {
        return jdbc.sql(BY_SHA)
                .param("account", tenant.accountId())
                .param("livemode", tenant.livemode())
                .param("sha256", sha256)
                .query(Reports::map)
                .optional();
    }

    private static final String BY_ID = SELECT + """
            WHERE r.account_id = :account
              AND r.livemode = :livemode
              AND r.id = :id
            """;

    Optional<Report> find(Tenant tenant, String id) {
        return jdbc.sql(BY_ID)
                .param("account", tenant.accountId())
                .param("livemode", tenant.livemode())
                .param("id", id)
                .query(Reports::map)
                .optional();
    }

    private static final String INSERT = """
            INSERT INTO reconciliation_reports (id, account_id, livemode, sha256, file_key, layout, size, line_count, error_count,
                                                created_at)
            VALUES (:id, :account, :livemode, :sha256, :fileKey, 'pending', :size, 0, 0, :createdAt)
            ON CONFLICT (account_id, livemode, sha256) DO NOTHING
            """;

    /** False when the same file was ingested meanwhile (this waited for it on the unique index). */
    boolean insert(Tenant tenant, String id, String sha256, String fileKey, long size, Instant now) {
        return jdbc.sql(INSERT)
                .param("id", id)
                .param("account", tenant.accountId())
                .param("livemode", tenant.livemode())
                .param("sha256", sha256)
                .param("fileKey", fileKey)
                .param("size", size)
                .param("createdAt", Timestamp.from(now))
                .update() == 1;
    }

    private static final String COMPLETE = """
            UPDATE reconciliation_reports
            SET layout = :layout,
                line_count = :lines,
                error_count = :errors,
                period_start = :start,
                period_end = :end
            WHERE id = :id
            """;

    void complete(String id, String layout, long lines, long errors, @Nullable Instant start, @Nullable Instant end) {
        jdbc.sql(COMPLETE)
                .param("id", id)
                .param("layout", layout)
                .param("lines", Math.toIntExact(lines))
                .param("errors", Math.toIntExact(errors))
                .param("start", start == null ? null : Timestamp.from(start))
                .param("end", end == null ? null : Timestamp.from(end))
                .update();
    }

    private static final String INSERT_ERROR = """
            INSERT INTO reconciliation_report_errors (report_id, line, code, param, message)
            VALUES (?, ?, ?, ?, ?)
            """;

    void insertErrors(String reportId, List<LineError> errors) {
        template.batchUpdate(INSERT_ERROR, errors, 1000, (ps, error) -> {
            ps.setString(1, reportId);
            ps.setInt(2, error.line());
            ps.setString(3, error.code());
            ps.setString(4, error.param());
            ps.setString(5, error.message());
        });
    }

    private static final String ERRORS = """
            SELECT line, code, param, message
            FROM reconciliation_report_errors
            WHERE report_id = :report
            ORDER BY line
            LIMIT :limit
            """;

    List<LineError> errors(String reportId, int limit) {
        return jdbc.sql(ERRORS)
                .param("report", reportId)
                .param("limit", limit)
                .query((rs, n) -> new LineError(rs.getInt("line"), rs.getString("code"), rs.getString("param"), rs.getString("message")))
                .list();
    }

    private static final String INSERT_RUN = """
            INSERT INTO reconciliation_runs (id, account_id, livemode, report_id, status, as_of, sla_seconds, created_at)
            VALUES (:id, :account, :livemode, :report, 'pending', :asOf, :sla, :asOf)
            """;

    void insertRun(Tenant tenant, String runId, String reportId, Instant asOf, long slaSeconds) {
        jdbc.sql(INSERT_RUN)
                .param("id", runId)
                .param("account", tenant.accountId())
                .param("livemode", tenant.livemode())
                .param("report", reportId)
                .param("asOf", Timestamp.from(asOf))
                .param("sla", slaSeconds)
                .update();
    }

    private static Report map(ResultSet rs, int row) throws SQLException {
        return new Report(rs.getString("id"), rs.getString("sha256"), rs.getString("file_key"), rs.getString("layout"), rs.getLong("size"),
                rs.getInt("line_count"), rs.getInt("error_count"), rs.getString("run_id"), rs.getTimestamp("created_at").toInstant());
    }
}
