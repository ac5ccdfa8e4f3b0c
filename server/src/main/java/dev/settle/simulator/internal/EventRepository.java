package dev.settle.simulator.internal;

import java.net.URI;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The {@code simulator.events} table: each webhook event, its exact body and its delivery. */
final class EventRepository {

    private final JdbcClient jdbc;

    EventRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** An event still to be delivered: its exact body, signed afresh on each attempt. */
    record PendingEvent(String id, String payload, int attempts) {
    }

    private static final String INSERT = """
            INSERT INTO simulator.events (id, type, object_id, payload, created_at, delivery_status)
            VALUES (:id, :type, :objectId, :payload, :createdAt, 'pending')
            """;

    void insert(String id, String type, String objectId, String payload, Instant created) {
        jdbc.sql(INSERT)
                .param("id", id)
                .param("type", type)
                .param("objectId", objectId)
                .param("payload", payload)
                .param("createdAt", Timestamp.from(created))
                .update();
    }

    private static final String FIND_PENDING = """
            SELECT id, payload, attempts
            FROM simulator.events
            WHERE id = :id
              AND delivery_status = 'pending'
            """;

    Optional<PendingEvent> findPending(String id) {
        return jdbc.sql(FIND_PENDING)
                .param("id", id)
                .query((rs, row) -> new PendingEvent(rs.getString("id"), rs.getString("payload"), rs.getInt("attempts")))
                .optional();
    }

    private static final String RECORD_ATTEMPT = """
            UPDATE simulator.events
            SET attempts = attempts + 1,
                delivery_status = :status,
                target_url = :target,
                last_http_status = :httpStatus,
                last_error = :error,
                last_attempt_at = :now,
                delivered_at = CASE WHEN :status = 'delivered' THEN CAST(:now AS timestamptz) END
            WHERE id = :id
              AND delivery_status = 'pending'
            """;

    /** @param status {@code delivered}, {@code failed} (no retries left) or {@code pending} (another try is due) */
    void recordAttempt(String id, String status, @Nullable URI target, @Nullable Integer httpStatus, @Nullable String error,
            Instant now) {
        jdbc.sql(RECORD_ATTEMPT)
                .param("id", id)
                .param("status", status)
                .param("target", target == null ? null : target.toString())
                .param("httpStatus", httpStatus)
                .param("error", error)
                .param("now", Timestamp.from(now))
                .update();
    }

    private static final String PENDING = """
            SELECT id
            FROM simulator.events
            WHERE delivery_status = 'pending'
            ORDER BY created_at
            """;

    List<String> pending() {
        return jdbc.sql(PENDING).query(String.class).list();
    }
}
