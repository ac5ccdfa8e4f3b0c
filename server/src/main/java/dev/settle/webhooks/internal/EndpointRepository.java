package dev.settle.webhooks.internal;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.settle.shared.Keyset;
import dev.settle.shared.ListParams;
import dev.settle.tenancy.Tenant;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code webhooks_endpoints} table. API queries are scoped to one tenant; secrets are read
 * and written only by the methods that name them.
 */
@Repository
class EndpointRepository {

    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final SealedSecrets sealed;

    EndpointRepository(JdbcClient jdbc, JsonMapper json, SealedSecrets sealed) {
        this.jdbc = jdbc;
        this.json = json;
        this.sealed = sealed;
    }

    private static final String COLUMNS = """
            SELECT id, account_id, livemode, url, description, enabled_events, status, disabled_reason, retry_schedule,
                   metadata, created_at
            FROM webhooks_endpoints
            """;

    private static final String INSERT = """
            INSERT INTO webhooks_endpoints (id, account_id, livemode, url, description, enabled_events, status, disabled_reason,
                                            retry_schedule, metadata, secret, created_at)
            VALUES (:id, :account, :livemode, :url, :description, string_to_array(:events, ','), :status, :disabledReason,
                    CAST(string_to_array(:retrySchedule, ',') AS int[]), CAST(:metadata AS jsonb), :secret, :createdAt)
            """;

    void insert(WebhookEndpoint endpoint, String secret) {
        jdbc.sql(INSERT)
                .param("id", endpoint.id())
                .param("account", endpoint.accountId())
                .param("livemode", endpoint.livemode())
                .param("url", endpoint.url())
                .param("description", endpoint.description())
                .param("events", String.join(",", endpoint.enabledEvents()))
                .param("status", endpoint.status().code())
                .param("disabledReason", endpoint.disabledReason())
                .param("retrySchedule", joined(endpoint.retrySchedule()))
                .param("metadata", json.writeValueAsString(endpoint.metadata()))
                .param("secret", sealed.seal(secret, endpoint.id(), endpoint.accountId()))
                .param("createdAt", Timestamp.from(endpoint.created()))
                .update();
    }

    private static final String UPDATE = """
            UPDATE webhooks_endpoints
            SET url = :url,
                description = :description,
                enabled_events = string_to_array(:events, ','),
                status = :status,
                disabled_reason = :disabledReason,
                retry_schedule = CAST(string_to_array(:retrySchedule, ',') AS int[]),
                metadata = CAST(:metadata AS jsonb),
                failing_since = CASE WHEN :status = 'enabled' AND status = 'disabled' THEN NULL ELSE failing_since END
            WHERE id = :id
              AND account_id = :account
              AND livemode = :livemode
              AND deleted_at IS NULL
            """;

    /** Saves the API-editable fields. Re-enabling forgets past failures, so the endpoint gets a fresh 5 days. */
    void update(WebhookEndpoint endpoint) {
        jdbc.sql(UPDATE)
                .param("id", endpoint.id())
                .param("account", endpoint.accountId())
                .param("livemode", endpoint.livemode())
                .param("url", endpoint.url())
                .param("description", endpoint.description())
                .param("events", String.join(",", endpoint.enabledEvents()))
                .param("status", endpoint.status().code())
                .param("disabledReason", endpoint.disabledReason())
                .param("retrySchedule", joined(endpoint.retrySchedule()))
                .param("metadata", json.writeValueAsString(endpoint.metadata()))
                .update();
    }

    private static final String FIND = COLUMNS + """
            WHERE id = :id
              AND account_id = :account
              AND livemode = :livemode
              AND deleted_at IS NULL
            """;

    Optional<WebhookEndpoint> find(Tenant tenant, String id) {
        return jdbc.sql(FIND)
                .param("id", id)
                .param("account", tenant.accountId())
                .param("livemode", tenant.livemode())
                .query(this::map)
                .optional();
    }

    private static final String FIND_FOR_UPDATE = FIND + "FOR UPDATE\n";

    Optional<WebhookEndpoint> findForUpdate(Tenant tenant, String id) {
        return jdbc.sql(FIND_FOR_UPDATE)
                .param("id", id)
                .param("account", tenant.accountId())
                .param("livemode", tenant.livemode())
                .query(this::map)
                .optional();
    }

    private static final String FIND_BY_ID_FOR_UPDATE = COLUMNS + """
            WHERE id = :id
              AND deleted_at IS NULL
            FOR UPDATE
            """;

    /** For the dispatcher, which knows the endpoint only from a delivery. */
    Optional<WebhookEndpoint> findForUpdate(String id) {
        return jdbc.sql(FIND_BY_ID_FOR_UPDATE).param("id", id).query(this::map).optional();
    }

    private static final String EXISTED = """
            SELECT count(*)
            FROM webhooks_endpoints
            WHERE id = :id
              AND account_id = :account
              AND livemode = :livemode
            """;

    /** Whether the tenant has, or had (deleted since), this endpoint. */
    boolean existed(Tenant tenant, String id) {
        return jdbc.sql(EXISTED)
                .param("id", id)
                .param("account", tenant.accountId())
                .param("livemode", tenant.livemode())
                .query(Long.class)
                .single() > 0;
    }

    private static final String ROTATE = """
            UPDATE webhooks_endpoints
            SET previous_secret = CASE WHEN :keepPrevious THEN secret END,
                previous_secret_expires_at = CASE WHEN :keepPrevious THEN CAST(:previousExpiresAt AS timestamptz) END,
                secret = :secret
            WHERE id = :id
              AND account_id = :account
              AND livemode = :livemode
              AND deleted_at IS NULL
            """;

    /**
     * The current secret becomes the previous one until {@code previousExpiresAt} (at once if that is
     * now). Both are sealed for this row, so the sealed value moves as it is.
     */
    void rotate(Tenant tenant, String id, String secret, Instant previousExpiresAt, Instant now) {
        jdbc.sql(ROTATE)
                .param("id", id)
                .param("account", tenant.accountId())
                .param("livemode", tenant.livemode())
                .param("secret", sealed.seal(secret, id, tenant.accountId()))
                .param("keepPrevious", previousExpiresAt.isAfter(now))
                .param("previousExpiresAt", Timestamp.from(previousExpiresAt))
                .update();
    }

    private static final String DELETE = """
            UPDATE webhooks_endpoints
            SET deleted_at = :now,
                status = 'disabled',
                secret = NULL,
                previous_secret = NULL,
                previous_secret_expires_at = NULL
            WHERE id = :id
              AND account_id = :account
              AND livemode = :livemode
              AND deleted_at IS NULL
            """;

    /** Soft delete, so its attempt log stays readable to support; its secrets are destroyed. */
    boolean delete(Tenant tenant, String id, Instant now) {
        return jdbc.sql(DELETE)
                .param("id", id)
                .param("account", tenant.accountId())
                .param("livemode", tenant.livemode())
                .param("now", Timestamp.from(now))
                .update() == 1;
    }

    private static final String DISABLE = """
            UPDATE webhooks_endpoints
            SET status = 'disabled',
                disabled_reason = :reason
            WHERE id = :id
              AND status = 'enabled'
              AND deleted_at IS NULL
            """;

    /** Disables an enabled endpoint; false when it was no longer enabled (another node got there first). */
    boolean disable(String id, String reason) {
        return jdbc.sql(DISABLE).param("id", id).param("reason", reason).update() == 1;
    }

    private static final String MARK_FAILING = """
            UPDATE webhooks_endpoints
            SET failing_since = :now
            WHERE id = :id
              AND failing_since IS NULL
            """;

    /** Starts the failing clock at the first failure after a success; later failures leave it. */
    void markFailing(String id, Instant now) {
        jdbc.sql(MARK_FAILING).param("id", id).param("now", Timestamp.from(now)).update();
    }

    private static final String MARK_HEALTHY = """
            UPDATE webhooks_endpoints
            SET failing_since = NULL
            WHERE id = :id
              AND failing_since IS NOT NULL
            """;

    void markHealthy(String id) {
        jdbc.sql(MARK_HEALTHY).param("id", id).update();
    }

    private static final String FAILING_SINCE_BEFORE = """
            SELECT id
            FROM webhooks_endpoints
            WHERE failing_since < :cutoff
              AND status = 'enabled'
              AND deleted_at IS NULL
            ORDER BY failing_since
            LIMIT 100
            """;

    /** Enabled endpoints that have failed without a success since before {@code cutoff}. */
    List<String> failingSince(Instant cutoff) {
        return jdbc.sql(FAILING_SINCE_BEFORE).param("cutoff", Timestamp.from(cutoff)).query(String.class).list();
    }

    private static final String LIST = COLUMNS + """
            WHERE account_id = :account
              AND livemode = :livemode
              AND deleted_at IS NULL
            """ + Keyset.PAGE;

    /** One page (plus one row to tell {@code has_more}), newest first. */
    List<WebhookEndpoint> list(Tenant tenant, ListParams params) {
        return Keyset.bind(jdbc.sql(LIST)
                .param("account", tenant.accountId())
                .param("livemode", tenant.livemode()),
                params, "webhook_endpoint", id -> find(tenant, id).map(WebhookEndpoint::created))
                .query(this::map)
                .list();
    }

    WebhookEndpoint map(ResultSet rs, int row) throws SQLException {
        Array schedule = rs.getArray("retry_schedule");
        return new WebhookEndpoint(
                rs.getString("id"),
                rs.getString("account_id"),
                rs.getBoolean("livemode"),
                rs.getString("url"),
                rs.getString("description"),
                strings(rs.getArray("enabled_events")),
                WebhookEndpoint.Status.of(rs.getString("status")),
                rs.getString("disabled_reason"),
                schedule == null ? null : integers(schedule),
                json.readValue(rs.getString("metadata"), STRING_MAP),
                rs.getTimestamp("created_at").toInstant());
    }

    private static List<String> strings(Array array) throws SQLException {
        return List.of((String[]) array.getArray());
    }

    private static @Nullable String joined(@Nullable List<Integer> values) {
        return values == null ? null : values.stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    static List<Integer> integers(Array array) throws SQLException {
        return List.of((Integer[]) array.getArray());
    }
}
