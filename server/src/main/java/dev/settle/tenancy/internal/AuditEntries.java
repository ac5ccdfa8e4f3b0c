package dev.settle.tenancy.internal;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import dev.settle.shared.Ids;
import dev.settle.shared.RequestIds;
import dev.settle.tenancy.ApiKeyId;
import dev.settle.tenancy.AuditLog;
import jakarta.servlet.http.HttpServletRequest;
import tools.jackson.databind.json.JsonMapper;

/** Appends to {@code tenancy_audit_log}; the actor, address and request id come from the current request. */
@Repository
public class AuditEntries {

    /** Request attribute naming the dashboard user a session cookie authenticated. */
    static final String USER_ATTRIBUTE = "settle.user";

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Clock clock;
    private final DashboardRelay relay;

    AuditEntries(JdbcClient jdbc, JsonMapper json, Clock clock, DashboardRelay relay) {
        this.relay = relay;
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
    }

    private record Actor(String type, @Nullable String id) {
    }

    private static final String INSERT = """
            INSERT INTO tenancy_audit_log (id, account_id, livemode, action, actor_type, actor_id, ip, request_id, object_type,
                                           object_id, changes, created_at)
            VALUES (:id, :account, :livemode, :action, :actorType, :actorId, :ip, :requestId, :objectType, :objectId,
                    CAST(:changes AS jsonb), :createdAt)
            """;

    public void append(String accountId, @Nullable Boolean livemode, String action, String objectType, String objectId,
            Map<String, AuditLog.Change> changes) {
        HttpServletRequest request = currentRequest();
        Actor actor = actor(request);
        jdbc.sql(INSERT)
                .param("id", Ids.newId("audit"))
                .param("account", accountId)
                .param("livemode", livemode)
                .param("action", action)
                .param("actorType", actor.type())
                .param("actorId", actor.id())
                .param("ip", request == null ? null : relay.clientIp(request))
                .param("requestId", request == null ? null : RequestIds.of(request))
                .param("objectType", objectType)
                .param("objectId", objectId)
                .param("changes", json.writeValueAsString(changes))
                .param("createdAt", Timestamp.from(clock.instant()))
                .update();
    }

    private static Actor actor(@Nullable HttpServletRequest request) {
        if (request == null) {
            return new Actor("system", null);
        }
        if (request.getAttribute(USER_ATTRIBUTE) instanceof String user) {
            return new Actor("user", user);
        }
        if (request.getAttribute(ApiKeyId.REQUEST_ATTRIBUTE) instanceof ApiKeyId key) {
            return new Actor("api_key", key.value());
        }
        if (Boolean.TRUE.equals(request.getAttribute(AuthenticationFilter.OPERATOR_ATTRIBUTE))) {
            return new Actor("operator", null);
        }
        return new Actor("system", null);
    }

    private static @Nullable HttpServletRequest currentRequest() {
        return RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes
                ? attributes.getRequest() : null;
    }
}
