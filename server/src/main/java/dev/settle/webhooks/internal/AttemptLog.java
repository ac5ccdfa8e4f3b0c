package dev.settle.webhooks.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.settle.shared.Keyset;
import dev.settle.shared.ListParams;
import dev.settle.tenancy.AccountId;
import dev.settle.tenancy.Tenant;

/**
 * The log of every delivery attempt ({@code webhooks_delivery_attempts}). Append-only and read
 * only through these three methods, so it can move to a document store without touching the rest.
 */
@Repository
class AttemptLog {

    /**
     * One attempt. {@code httpStatus} is null when no answer came; {@code error} says why
     * ({@code timeout}, {@code connection_failed}, {@code url_not_allowed}, …).
     */
    record Attempt(String id, Tenant tenant, String endpointId, String eventId, String eventType, int attempt,
            boolean succeeded, @Nullable Integer httpStatus, int latencyMs, @Nullable String responseBody,
            @Nullable String error, Instant created) {
    }

    private final JdbcClient jdbc;

    AttemptLog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    private static final String INSERT = """
            INSERT INTO webhooks_delivery_attempts (id, account_id, livemode, endpoint_id, event_id, event_type, attempt,
                                                    succeeded, http_status, latency_ms, response_body, error, created_at)
            VALUES (:id, :account, :livemode, :endpoint, :eventId, :eventType, :attempt,
                    :succeeded, :httpStatus, :latencyMs, :responseBody, :error, :createdAt)
            """;

    void record(Attempt attempt) {
        jdbc.sql(INSERT)
                .param("id", attempt.id())
                .param("account", attempt.tenant().accountId())
                .param("livemode", attempt.tenant().livemode())
                .param("endpoint", attempt.endpointId())
                .param("eventId", attempt.eventId())
                .param("eventType", attempt.eventType())
                .param("attempt", attempt.attempt())
                .param("succeeded", attempt.succeeded())
                .param("httpStatus", attempt.httpStatus())
                .param("latencyMs", attempt.latencyMs())
                .param("responseBody", attempt.responseBody())
                .param("error", attempt.error())
                .param("createdAt", Timestamp.from(attempt.created()))
                .update();
    }

    private static final String COLUMNS = """
            SELECT id, account_id, livemode, endpoint_id, event_id, event_type, attempt, succeeded, http_status, latency_ms,
                   response_body, error, created_at
            FROM webhooks_delivery_attempts
            """;

    private static final String FIND = COLUMNS + """
            WHERE id = :id
              AND account_id = :account
              AND livemode = :livemode
            """;

    Optional<Attempt> find(Tenant tenant, String id) {
        return jdbc.sql(FIND)
                .param("id", id)
                .param("account", tenant.accountId())
                .param("livemode", tenant.livemode())
                .query(this::map)
                .optional();
    }

    private static final String LIST = COLUMNS + """
            WHERE account_id = :account
              AND livemode = :livemode
              AND (CAST(:endpoint AS text) IS NULL OR endpoint_id = :endpoint)
              AND (CAST(:eventId AS text) IS NULL OR event_id = :eventId)
            """ + Keyset.PAGE;

    /** Newest first, of one endpoint or one event (or both), keyset-paged. */
    List<Attempt> list(Tenant tenant, @Nullable String endpointId, @Nullable String eventId, ListParams params) {
        return Keyset.bind(jdbc.sql(LIST)
                .param("account", tenant.accountId())
                .param("livemode", tenant.livemode())
                .param("endpoint", endpointId)
                .param("eventId", eventId),
                params, "webhook_attempt", id -> find(tenant, id).map(Attempt::created))
                .query(this::map)
                .list();
    }

    private Attempt map(ResultSet rs, int row) throws SQLException {
        return new Attempt(
                rs.getString("id"),
                new Tenant(new AccountId(rs.getString("account_id")), rs.getBoolean("livemode")),
                rs.getString("endpoint_id"),
                rs.getString("event_id"),
                rs.getString("event_type"),
                rs.getInt("attempt"),
                rs.getBoolean("succeeded"),
                rs.getObject("http_status", Integer.class),
                rs.getInt("latency_ms"),
                rs.getString("response_body"),
                rs.getString("error"),
                rs.getTimestamp("created_at").toInstant());
    }
}
