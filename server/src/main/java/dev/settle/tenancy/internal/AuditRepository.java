package dev.settle.tenancy.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.settle.shared.BatchedDelete;
import dev.settle.shared.Keyset;
import dev.settle.shared.ListParams;
import dev.settle.tenancy.Tenant;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads the audit log for the API, and purges it past its retention (the only way entries leave). */
@Repository
class AuditRepository {

    private final JdbcClient jdbc;
    private final JsonMapper json;

    AuditRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    record Entry(String id, @Nullable Boolean livemode, String action, String actorType, @Nullable String actorId,
            @Nullable String ip, @Nullable String requestId, String objectType, String objectId, JsonNode changes,
            Instant created) {
    }

    /** Filters of a list; null = any. {@code actor} is a key or user id, or {@code operator} / {@code system}. */
    record Filter(@Nullable String action, @Nullable String actor, @Nullable String object, @Nullable Instant createdFrom,
            @Nullable Instant createdThrough) {
    }

    private static final String COLUMNS = """
            SELECT id, livemode, action, actor_type, actor_id, ip, request_id, object_type, object_id, changes, created_at
            FROM tenancy_audit_log
            """;

    /** The tenant's entries: those of its mode, and the account-wide ones. */
    private static final String SCOPE = """
            WHERE account_id = :account
              AND (livemode = :livemode OR livemode IS NULL)
            """;

    private static final String LIST = COLUMNS + SCOPE + """
              AND (CAST(:action AS text) IS NULL OR action = :action)
              AND (CAST(:actor AS text) IS NULL OR actor_id = :actor OR (actor_id IS NULL AND actor_type = :actor))
              AND (CAST(:object AS text) IS NULL OR object_id = :object)
              AND (CAST(:createdFrom AS timestamptz) IS NULL OR created_at >= CAST(:createdFrom AS timestamptz))
              AND (CAST(:createdThrough AS timestamptz) IS NULL OR created_at <= CAST(:createdThrough AS timestamptz))
            """ + Keyset.PAGE;

    List<Entry> list(Tenant tenant, Filter filter, ListParams params) {
        return Keyset.bind(jdbc.sql(LIST)
                .param("account", tenant.accountId())
                .param("livemode", tenant.livemode())
                .param("action", filter.action())
                .param("actor", filter.actor())
                .param("object", filter.object())
                .param("createdFrom", timestamp(filter.createdFrom()))
                .param("createdThrough", timestamp(filter.createdThrough())),
                params, "audit_log_entry", id -> find(tenant, id).map(Entry::created))
                .query(this::map)
                .list();
    }

    private static final String FIND = COLUMNS + SCOPE + """
              AND id = :id
            """;

    Optional<Entry> find(Tenant tenant, String id) {
        if (id.indexOf('\0') >= 0) {
            return Optional.empty();
        }
        return jdbc.sql(FIND)
                .param("account", tenant.accountId())
                .param("livemode", tenant.livemode())
                .param("id", id)
                .query(this::map)
                .optional();
    }

    private static final String PURGE = """
            SELECT tenancy_audit_purge(:cutoff, :batch)
            """;

    static final int PURGE_BATCH = 5_000;

    /** Deletes entries created before {@code cutoff}, a batch per statement, through the purge function. */
    long purgeOlderThan(Instant cutoff) {
        return BatchedDelete.untilDone(PURGE_BATCH, () -> jdbc.sql(PURGE)
                .param("cutoff", Timestamp.from(cutoff))
                .param("batch", PURGE_BATCH)
                .query(Integer.class)
                .single());
    }

    private Entry map(ResultSet rs, int row) throws SQLException {
        return new Entry(rs.getString("id"), (Boolean) rs.getObject("livemode"), rs.getString("action"),
                rs.getString("actor_type"), rs.getString("actor_id"), rs.getString("ip"), rs.getString("request_id"),
                rs.getString("object_type"), rs.getString("object_id"), json.readTree(rs.getString("changes")),
                rs.getTimestamp("created_at").toInstant());
    }

    private static @Nullable Timestamp timestamp(@Nullable Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }
}
