package dev.settle.webhooks.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.settle.shared.BatchedDelete;

import dev.settle.tenancy.AccountId;
import dev.settle.tenancy.Tenant;

/**
 * The attempt log in PostgreSQL: table {@code webhooks_attempts} (V30.1), the keys as columns and
 * the rest of each attempt as a JSON document. An endpoint's attempts are read from index
 * {@code (account_id, livemode, endpoint_id, created, id)}, an event's from
 * {@code (account_id, livemode, event_id, created, id)}, in that order.
 */
class PostgresAttemptStore implements AttemptStore {

    static final int PURGE_BATCH = 1_000;

    private final JdbcClient jdbc;

    PostgresAttemptStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    private static final String INSERT = """
            INSERT INTO webhooks_attempts (id, account_id, livemode, endpoint_id, event_id, created, document)
            SELECT a.id, a.account_id, a.livemode, a.endpoint_id, a.event_id, a.created,
                   jsonb_build_object('event_type', a.event_type, 'attempt', a.attempt, 'succeeded', a.succeeded,
                                      'http_status', a.http_status, 'latency_ms', a.latency_ms,
                                      'response_body', a.response_body, 'error', a.error)
            FROM unnest(CAST(:ids AS text[]), CAST(:accounts AS text[]), CAST(:livemodes AS boolean[]),
                        CAST(:endpoints AS text[]), CAST(:events AS text[]), CAST(:created AS timestamptz[]),
                        CAST(:eventTypes AS text[]), CAST(:attempts AS integer[]), CAST(:succeeded AS boolean[]),
                        CAST(:httpStatuses AS integer[]), CAST(:latencies AS integer[]), CAST(:bodies AS text[]),
                        CAST(:errors AS text[]))
                 AS a (id, account_id, livemode, endpoint_id, event_id, created, event_type, attempt, succeeded,
                       http_status, latency_ms, response_body, error)
            ON CONFLICT (id) DO NOTHING
            """;

    @Override
    public void insert(List<AttemptLog.Attempt> attempts) {
        if (attempts.isEmpty()) {
            return;
        }
        jdbc.sql(INSERT)
                .param("ids", attempts.stream().map(AttemptLog.Attempt::id).toArray(String[]::new))
                .param("accounts", attempts.stream().map(a -> a.tenant().accountId()).toArray(String[]::new))
                .param("livemodes", attempts.stream().map(a -> a.tenant().livemode()).toArray(Boolean[]::new))
                .param("endpoints", attempts.stream().map(AttemptLog.Attempt::endpointId).toArray(String[]::new))
                .param("events", attempts.stream().map(AttemptLog.Attempt::eventId).toArray(String[]::new))
                .param("created", attempts.stream().map(a -> a.created().toString()).toArray(String[]::new))
                .param("eventTypes", attempts.stream().map(AttemptLog.Attempt::eventType).toArray(String[]::new))
                .param("attempts", attempts.stream().map(AttemptLog.Attempt::attempt).toArray(Integer[]::new))
                .param("succeeded", attempts.stream().map(AttemptLog.Attempt::succeeded).toArray(Boolean[]::new))
                .param("httpStatuses", attempts.stream().map(AttemptLog.Attempt::httpStatus).toArray(Integer[]::new))
                .param("latencies", attempts.stream().map(AttemptLog.Attempt::latencyMs).toArray(Integer[]::new))
                .param("bodies", attempts.stream().map(AttemptLog.Attempt::responseBody).toArray(String[]::new))
                .param("errors", attempts.stream().map(AttemptLog.Attempt::error).toArray(String[]::new))
                .update();
    }

    private static final String COLUMNS = """
            SELECT id, account_id, livemode, endpoint_id, event_id, created,
                   document ->> 'event_type' AS event_type,
                   (document ->> 'attempt')::integer AS attempt,
                   (document ->> 'succeeded')::boolean AS succeeded,
                   (document ->> 'http_status')::integer AS http_status,
                   (document ->> 'latency_ms')::integer AS latency_ms,
                   document ->> 'response_body' AS response_body,
                   document ->> 'error' AS error
            FROM webhooks_attempts
            """;

    private static final String BY_ID = COLUMNS + """
            WHERE id = :id
              AND account_id = :account
              AND livemode = :livemode
            """;

    @Override
    public Optional<AttemptLog.Attempt> find(Tenant tenant, String id) {
        return jdbc.sql(BY_ID).param("id", id).param("account", tenant.accountId()).param("livemode", tenant.livemode())
                .query(PostgresAttemptStore::map).optional();
    }

    /**
     * An endpoint's attempts (and, if given, of one event): index
     * (account_id, livemode, endpoint_id, created, id), read backwards for newest first.
     */
    private static final String BY_ENDPOINT = COLUMNS + """
            WHERE account_id = :account
              AND livemode = :livemode
              AND endpoint_id = :endpoint
              %s
            ORDER BY created %2$s, id %2$s
            LIMIT :limit
            """;

    /** An event's attempts across endpoints: index (account_id, livemode, event_id, created, id). */
    private static final String BY_EVENT = COLUMNS + """
            WHERE account_id = :account
              AND livemode = :livemode
              AND event_id = :event
              %s
            ORDER BY created %2$s, id %2$s
            LIMIT :limit
            """;

    @Override
    public List<AttemptLog.Attempt> page(Tenant tenant, @Nullable String endpointId, @Nullable String eventId,
            AttemptLog.@Nullable Attempt cursor, boolean backwards, int limit) {
        Statement statement = pageStatement(tenant, endpointId, eventId, cursor, backwards, limit);
        return jdbc.sql(statement.sql()).params(statement.params()).query(PostgresAttemptStore::map).list();
    }

    /** A statement with its named parameters. */
    record Statement(String sql, Map<String, @Nullable Object> params) {
    }

    /** The statement {@link #page} runs for these arguments (tests EXPLAIN it). */
    Statement pageStatement(Tenant tenant, @Nullable String endpointId, @Nullable String eventId,
            AttemptLog.@Nullable Attempt cursor, boolean backwards, int limit) {
        Map<String, @Nullable Object> params = new HashMap<>();
        String conditions = "";
        if (cursor != null) {
            conditions += backwards ? "AND (created, id) > (:cursorCreated, :cursorId)\n" : "AND (created, id) < (:cursorCreated, :cursorId)\n";
            params.put("cursorCreated", Timestamp.from(cursor.created()));
            params.put("cursorId", cursor.id());
        }
        String order = backwards ? "ASC" : "DESC";
        String sql;
        if (endpointId != null) {
            // With both, either index serves; an endpoint has at most a few attempts per event.
            sql = BY_ENDPOINT.formatted(conditions + (eventId != null ? "AND event_id = :event" : ""), order);
        } else {
            sql = BY_EVENT.formatted(conditions, order);
        }
        params.put("account", tenant.accountId());
        params.put("livemode", tenant.livemode());
        params.put("endpoint", endpointId);
        params.put("event", eventId);
        params.put("limit", limit);
        return new Statement(sql, params);
    }

    private static final String PURGE = """
            DELETE FROM webhooks_attempts
            WHERE ctid = ANY (ARRAY(
                SELECT ctid
                FROM webhooks_attempts
                WHERE created < :cutoff
                ORDER BY created
                LIMIT :batch))
            """;

    /** In batches in order of age, each its own short transaction. */
    @Override
    public long purgeOlderThan(Instant cutoff) {
        // Each batch its own statement; as background work it runs under the background pool's short timeouts.
        return BatchedDelete.untilDone(PURGE_BATCH,
                () -> jdbc.sql(PURGE).param("cutoff", Timestamp.from(cutoff)).param("batch", PURGE_BATCH).update());
    }

    private static AttemptLog.Attempt map(ResultSet rs, int row) throws SQLException {
        return new AttemptLog.Attempt(
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
                rs.getTimestamp("created").toInstant());
    }
}
