package dev.settle.refunds.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.settle.shared.CurrencyUnit;
import dev.settle.shared.Keyset;
import dev.settle.shared.ListParams;
import dev.settle.tenancy.Tenant;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The {@code refunds} table. */
@Repository
class RefundRepository {

    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final JsonMapper json;

    RefundRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    private static final String COLUMNS = """
            SELECT id, account_id, livemode, payment_intent_id, charge_id, amount, currency, reason, status, processor,
                   processor_reference, processor_state, failure_reason, metadata, next_check_at, check_attempts,
                   needs_review, created_at
            FROM refunds
            """;

    private static final String INSERT = """
            INSERT INTO refunds (id, account_id, livemode, payment_intent_id, charge_id, amount, currency, reason, status,
                                 processor, processor_state, metadata, next_check_at, created_at, updated_at)
            VALUES (:id, :account, :livemode, :intent, :charge, :amount, :currency, :reason, :status,
                    :processor, :processorState, CAST(:metadata AS jsonb), :nextCheckAt, :now, :now)
            """;

    void insert(Refund refund) {
        jdbc.sql(INSERT)
                .param("id", refund.id())
                .param("account", refund.accountId())
                .param("livemode", refund.livemode())
                .param("intent", refund.paymentIntentId())
                .param("charge", refund.chargeId())
                .param("amount", refund.amount())
                .param("currency", refund.currency().code())
                .param("reason", refund.reason())
                .param("status", refund.status().code())
                .param("processor", refund.processor())
                .param("processorState", refund.processorState())
                .param("metadata", json.writeValueAsString(refund.metadata()))
                .param("nextCheckAt", timestamp(refund.nextCheckAt()))
                .param("now", Timestamp.from(refund.created()))
                .update();
    }

    private static final String UPDATE = """
            UPDATE refunds
            SET status = :status,
                processor_reference = :reference,
                processor_state = :processorState,
                failure_reason = :failureReason,
                metadata = CAST(:metadata AS jsonb),
                next_check_at = :nextCheckAt,
                check_attempts = :checkAttempts,
                needs_review = :needsReview,
                updated_at = :now
            WHERE id = :id
            """;

    /** Writes a change. Callers hold the row lock taken by {@link #lock}. */
    void update(Refund refund, Instant now) {
        jdbc.sql(UPDATE)
                .param("id", refund.id())
                .param("status", refund.status().code())
                .param("reference", refund.processorReference())
                .param("processorState", refund.processorState())
                .param("failureReason", refund.failureReason())
                .param("metadata", json.writeValueAsString(refund.metadata()))
                .param("nextCheckAt", timestamp(refund.nextCheckAt()))
                .param("checkAttempts", refund.checkAttempts())
                .param("needsReview", refund.needsReview())
                .param("now", Timestamp.from(now))
                .update();
    }

    private static final String FIND = COLUMNS + """
            WHERE id = :id
              AND account_id = :account
              AND livemode = :livemode
            """;

    Optional<Refund> find(Tenant tenant, String id) {
        return jdbc.sql(FIND).param("id", id).param("account", tenant.accountId()).param("livemode", tenant.livemode())
                .query(this::map).optional();
    }

    Optional<Refund> lock(Tenant tenant, String id) {
        return jdbc.sql(FIND + "FOR UPDATE\n").param("id", id).param("account", tenant.accountId())
                .param("livemode", tenant.livemode()).query(this::map).optional();
    }

    private static final String LOCK_BY_ID = COLUMNS + """
            WHERE id = :id
            FOR UPDATE
            """;

    /** For system work with no tenant yet (the janitor, webhooks); the row says whose it is. */
    Optional<Refund> lockById(String id) {
        return jdbc.sql(LOCK_BY_ID).param("id", id).query(this::map).optional();
    }

    private static final String FIND_BY_REFERENCE = COLUMNS + """
            WHERE processor = :processor
              AND processor_reference = :reference
            """;

    Optional<Refund> findByReference(String processor, String reference) {
        return jdbc.sql(FIND_BY_REFERENCE).param("processor", processor).param("reference", reference)
                .query(this::map).optional();
    }

    private static final String DUE = """
            SELECT id
            FROM refunds
            WHERE next_check_at <= :now
              AND NOT needs_review
            ORDER BY next_check_at
            LIMIT :limit
            """;

    List<String> due(Instant now, int limit) {
        return jdbc.sql(DUE).param("now", Timestamp.from(now)).param("limit", limit).query(String.class).list();
    }

    record Filter(@Nullable String paymentIntent, @Nullable String charge, @Nullable String status,
            @Nullable Instant createdFrom, @Nullable Instant createdUntil) {
    }

    private static final String LIST = COLUMNS + """
            WHERE account_id = :account
              AND livemode = :livemode
              AND (CAST(:intent AS text) IS NULL OR payment_intent_id = CAST(:intent AS text))
              AND (CAST(:charge AS text) IS NULL OR charge_id = CAST(:charge AS text))
              AND (CAST(:status AS text) IS NULL OR status = CAST(:status AS text))
              AND (CAST(:createdFrom AS timestamptz) IS NULL OR created_at >= CAST(:createdFrom AS timestamptz))
              AND (CAST(:createdUntil AS timestamptz) IS NULL OR created_at < CAST(:createdUntil AS timestamptz))
            """ + Keyset.PAGE;

    List<Refund> list(Tenant tenant, ListParams params, Filter filter) {
        return Keyset.bind(jdbc.sql(LIST)
                .param("account", tenant.accountId())
                .param("livemode", tenant.livemode())
                .param("intent", filter.paymentIntent())
                .param("charge", filter.charge())
                .param("status", filter.status())
                .param("createdFrom", timestamp(filter.createdFrom()))
                .param("createdUntil", timestamp(filter.createdUntil())),
                params, "refund", id -> find(tenant, id).map(Refund::created))
                .query(this::map)
                .list();
    }

    private static @Nullable Timestamp timestamp(@Nullable Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private Refund map(ResultSet rs, int row) throws SQLException {
        Timestamp nextCheck = rs.getTimestamp("next_check_at");
        return new Refund(
                rs.getString("id"),
                rs.getString("account_id"),
                rs.getBoolean("livemode"),
                rs.getString("payment_intent_id"),
                rs.getString("charge_id"),
                rs.getLong("amount"),
                CurrencyUnit.of(rs.getString("currency")),
                rs.getString("reason"),
                Refund.Status.valueOf(rs.getString("status").toUpperCase(Locale.ROOT)),
                rs.getString("processor"),
                rs.getString("processor_reference"),
                rs.getString("processor_state"),
                rs.getString("failure_reason"),
                json.readValue(rs.getString("metadata"), STRING_MAP),
                nextCheck == null ? null : nextCheck.toInstant(),
                rs.getInt("check_attempts"),
                rs.getBoolean("needs_review"),
                rs.getTimestamp("created_at").toInstant());
    }
}
