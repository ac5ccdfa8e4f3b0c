package dev.settle.webhooks.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.settle.events.EventRelayed;
import dev.settle.tenancy.AccountId;
import dev.settle.tenancy.Tenant;

/**
 * {@code webhooks_deliveries}: the durable queue of outbound webhooks. Rows are claimed with
 * {@code FOR UPDATE SKIP LOCKED} under a lease; every result is written only by the claim that
 * made the attempt, so a node that lost its lease cannot overwrite a newer attempt's result.
 */
@Repository
class DeliveryRepository {

    private final JdbcClient jdbc;
    private final SealedSecrets sealed;

    DeliveryRepository(JdbcClient jdbc, SealedSecrets sealed) {
        this.sealed = sealed;
        this.jdbc = jdbc;
    }

    private static final String ENQUEUE = """
            INSERT INTO webhooks_deliveries (endpoint_id, account_id, livemode, event_id, event_type, payload, status,
                                             next_attempt_at, created_at, updated_at, traceparent)
            SELECT e.id, e.account_id, e.livemode, ev.id, ev.type, ev.payload, 'pending', :now, :now, :now, ev.traceparent
            FROM unnest(CAST(:ids AS text[]), CAST(:types AS text[]), CAST(:payloads AS text[]), CAST(:accounts AS text[]),
                        CAST(:livemodes AS boolean[]), CAST(:patterns AS text[]), CAST(:traceparents AS text[]))
                     WITH ORDINALITY AS ev (id, type, payload, account_id, livemode, patterns, traceparent, ord)
            JOIN webhooks_endpoints e
              ON e.account_id = ev.account_id
             AND e.livemode = ev.livemode
             AND e.status = 'enabled'
             AND e.deleted_at IS NULL
             AND e.enabled_events && string_to_array(ev.patterns, ',')
            ORDER BY ev.ord, e.id
            ON CONFLICT (endpoint_id, event_id) DO NOTHING
            """;

    /**
     * One pending delivery per enabled endpoint subscribed to each event's type, for a whole relay
     * batch in one statement (created in the events' order); returns how many.
     */
    int enqueue(List<EventRelayed> events, Instant now) {
        return jdbc.sql(ENQUEUE)
                .param("ids", events.stream().map(EventRelayed::id).toArray(String[]::new))
                .param("types", events.stream().map(EventRelayed::type).toArray(String[]::new))
                .param("payloads", events.stream().map(EventRelayed::payload).toArray(String[]::new))
                .param("accounts", events.stream().map(e -> e.tenant().accountId()).toArray(String[]::new))
                .param("livemodes", events.stream().map(e -> e.tenant().livemode()).toArray(Boolean[]::new))
                .param("patterns", events.stream().map(e -> String.join(",", EndpointFields.patternsMatching(e.type())))
                        .toArray(String[]::new))
                .param("traceparents", events.stream().map(EventRelayed::traceparent).toArray(String[]::new))
                .param("now", Timestamp.from(now))
                .update();
    }

    /** A claimed delivery with what its attempt needs from the endpoint. */
    record Claimed(long id, UUID claim, String endpointId, Tenant tenant, String eventId, String eventType, String payload,
            int attempt, int failures, String url, boolean endpointEnabled, @Nullable List<Integer> retrySchedule,
            @Nullable SigningSecrets secrets, boolean endpointFailing, @Nullable String traceparent) {
    }

    /** Marks the chosen rows ({@code chosen}) claimed and returns them with their endpoints. */
    private static final String CLAIM_CHOSEN = """
            UPDATE webhooks_deliveries d
            SET next_attempt_at = :leaseUntil,
                claim = :claim,
                attempts = d.attempts + 1,
                updated_at = :now
            FROM chosen, webhooks_endpoints e
            WHERE d.id = chosen.id
              AND e.id = d.endpoint_id
            RETURNING d.id, d.claim, d.endpoint_id, d.account_id, d.livemode, d.event_id, d.event_type, d.payload, d.traceparent, d.attempts,
                      d.failures, e.url, e.status = 'enabled' AND e.deleted_at IS NULL AS endpoint_enabled, e.retry_schedule,
                      e.secret, e.previous_secret, e.previous_secret_expires_at, e.failing_since IS NOT NULL AS endpoint_failing
            """;

    private static final String ROOM = """
            room AS (
                SELECT endpoint_id, room
                FROM unnest(CAST(:busy AS text[]), CAST(:room AS int[])) AS r (endpoint_id, room)
            )""";

    /**
     * While no endpoint is full: the oldest due rows, from the due index, no more per endpoint than
     * it has room for (the rest stay due for the next claim).
     */
    private static final String CLAIM = """
            WITH due AS (
                SELECT id, endpoint_id, next_attempt_at
                FROM webhooks_deliveries
                WHERE status = 'pending'
                  AND next_attempt_at <= :now
                ORDER BY next_attempt_at
                LIMIT :limit
                FOR UPDATE SKIP LOCKED
            ), ranked AS (
                SELECT id, endpoint_id, row_number() OVER (PARTITION BY endpoint_id ORDER BY next_attempt_at, id) AS place
                FROM due
            ), """ + ROOM + """
            , chosen AS (
                SELECT ranked.id
                FROM ranked
                LEFT JOIN room ON room.endpoint_id = ranked.endpoint_id
                WHERE ranked.place <= coalesce(room.room, :perEndpoint)
            )
            """ + CLAIM_CHOSEN;

    /**
     * While some endpoint is full: its due rows may be a backlog of any length at the head of the
     * due index, and scanning past them would cost every claim that much. Instead, visit each
     * endpoint that has pending rows (a skip scan of the per-endpoint index, one probe per
     * endpoint) and take the oldest due rows of those with room, up to their room.
     */
    private static final String CLAIM_SKIPPING_FULL = """
            WITH RECURSIVE endpoints AS (
                (SELECT endpoint_id FROM webhooks_deliveries WHERE status = 'pending' ORDER BY endpoint_id LIMIT 1)
                UNION ALL
                SELECT (SELECT d.endpoint_id
                        FROM webhooks_deliveries d
                        WHERE d.status = 'pending'
                          AND d.endpoint_id > e.endpoint_id
                        ORDER BY d.endpoint_id
                        LIMIT 1)
                FROM endpoints e
                WHERE e.endpoint_id IS NOT NULL
            ), """ + ROOM + """
            , chosen AS (
                SELECT x.id
                FROM endpoints e
                LEFT JOIN room ON room.endpoint_id = e.endpoint_id
                CROSS JOIN LATERAL (
                    SELECT d.id, d.next_attempt_at
                    FROM webhooks_deliveries d
                    WHERE d.status = 'pending'
                      -- A range of one value rather than "=": with "=" the planner may walk the due index
                      -- (which is ordered by next_attempt_at too once the endpoint is fixed) past another
                      -- endpoint's whole backlog; this order only the per-endpoint index gives.
                      AND d.endpoint_id >= e.endpoint_id
                      AND d.endpoint_id <= e.endpoint_id
                      AND d.next_attempt_at <= :now
                    ORDER BY d.endpoint_id, d.next_attempt_at
                    LIMIT coalesce(room.room, :perEndpoint)
                    FOR UPDATE SKIP LOCKED
                ) x
                WHERE e.endpoint_id IS NOT NULL
                  AND e.endpoint_id <> ALL (CAST(:full AS text[]))
                ORDER BY x.next_attempt_at
                LIMIT :limit
            )
            """ + CLAIM_CHOSEN;

    /**
     * How many more attempts this node may start per endpoint: {@code perEndpoint} for any endpoint
     * not named in {@code room}, none for those in {@code full}.
     */
    record Room(int perEndpoint, List<String> full, Map<String, Integer> room) {
    }

    /**
     * Claims up to {@code limit} due deliveries for this node, oldest first, and no more per
     * endpoint than {@code room} allows (the rows passed over stay due for the next claim). They
     * are not due again before {@code leaseUntil}, by when their result must have been written, or
     * another node retries them.
     */
    List<Claimed> claim(Instant now, Instant leaseUntil, int limit, Room room) {
        return jdbc.sql(room.full().isEmpty() ? CLAIM : CLAIM_SKIPPING_FULL)
                .param("now", Timestamp.from(now))
                .param("limit", limit)
                .param("full", room.full().toArray(String[]::new))
                .param("busy", room.room().keySet().toArray(String[]::new))
                .param("room", room.room().values().toArray(Integer[]::new))
                .param("perEndpoint", room.perEndpoint())
                .param("leaseUntil", Timestamp.from(leaseUntil))
                .param("claim", UUID.randomUUID())
                .query(this::claimed)
                .list();
    }

    private static final String FAIL_PENDING = """
            UPDATE webhooks_deliveries
            SET status = 'failed',
                claim = NULL,
                last_error = :error,
                updated_at = :now
            WHERE endpoint_id = :endpoint
              AND status = 'pending'
            """;

    /** Stops every pending delivery of an endpoint that is disabled or deleted; {@code recover} restarts them. */
    int failPending(String endpointId, String error, Instant now) {
        return jdbc.sql(FAIL_PENDING)
                .param("endpoint", endpointId)
                .param("error", error)
                .param("now", Timestamp.from(now))
                .update();
    }

    private static final String REPLAY = """
            UPDATE webhooks_deliveries
            SET status = 'pending',
                failures = 0,
                next_attempt_at = :now,
                claim = NULL,
                updated_at = :now
            WHERE endpoint_id = :endpoint
              AND event_id = :eventId
            """;

    /**
     * Starts the delivery of one event over, due now with a fresh retry schedule. A replay while an
     * attempt is in flight drops that attempt's claim, so its result is not written and the event is
     * sent again: at least once, never lost.
     */
    boolean replay(String endpointId, String eventId, Instant now) {
        return jdbc.sql(REPLAY)
                .param("endpoint", endpointId)
                .param("eventId", eventId)
                .param("now", Timestamp.from(now))
                .update() == 1;
    }

    private static final String RECOVER = """
            UPDATE webhooks_deliveries
            SET status = 'pending',
                failures = 0,
                next_attempt_at = :now,
                claim = NULL,
                updated_at = :now
            WHERE endpoint_id = :endpoint
              AND status = 'failed'
              AND created_at >= :since
            """;

    /** Starts over every failed delivery of the endpoint first sent at or after {@code since}; returns how many. */
    int recover(String endpointId, Instant since, Instant now) {
        return jdbc.sql(RECOVER)
                .param("endpoint", endpointId)
                .param("since", Timestamp.from(since))
                .param("now", Timestamp.from(now))
                .update();
    }

    private Claimed claimed(ResultSet rs, int row) throws SQLException {
        java.sql.Array schedule = rs.getArray("retry_schedule");
        return new Claimed(
                rs.getLong("id"),
                rs.getObject("claim", UUID.class),
                rs.getString("endpoint_id"),
                new Tenant(new AccountId(rs.getString("account_id")), rs.getBoolean("livemode")),
                rs.getString("event_id"),
                rs.getString("event_type"),
                rs.getString("payload"),
                rs.getInt("attempts"),
                rs.getInt("failures"),
                rs.getString("url"),
                rs.getBoolean("endpoint_enabled"),
                schedule == null ? null : EndpointRepository.integers(schedule),
                sealed.read(rs, rs.getString("endpoint_id"), rs.getString("account_id")),
                rs.getBoolean("endpoint_failing"),
                rs.getString("traceparent"));
    }
}
