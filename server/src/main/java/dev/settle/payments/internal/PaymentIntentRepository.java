package dev.settle.payments.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.settle.platform.Pipeline;
import dev.settle.platform.WriteBehind;
import dev.settle.shared.CurrencyUnit;
import dev.settle.shared.Keyset;
import dev.settle.shared.ListParams;
import dev.settle.shared.ResourceNotFoundException;
import dev.settle.tenancy.Tenant;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The {@code payments_intents} table. Reads by id are always scoped to a tenant. */
@Repository
class PaymentIntentRepository {

    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final WriteBehind writes;
    private final JsonMapper json;

    PaymentIntentRepository(JdbcClient jdbc, WriteBehind writes, JsonMapper json) {
        this.jdbc = jdbc;
        this.writes = writes;
        this.json = json;
    }

    private static final String COLUMNS = """
            SELECT id, account_id, livemode, amount, currency, customer_id, payment_method_id, capture_method, status,
                   amount_capturable, amount_received, description, metadata, last_payment_error,
                   next_action_url, return_url, latest_charge_id, cancellation_reason, canceled_at, created_at, version,
                   clock_time
            FROM payments_intents
            """;

    private static final String INSERT = """
            INSERT INTO payments_intents (id, account_id, livemode, amount, currency, customer_id, payment_method_id,
                                          capture_method, status, description, metadata, return_url, latest_charge_id,
                                          created_at, updated_at, clock_time)
            VALUES (:id, :account, :livemode, :amount, :currency, :customer, :paymentMethod,
                    :captureMethod, :status, :description, CAST(:metadata AS jsonb), :returnUrl, :latestCharge, :now, :now,
                    :clockTime)
            """;

    void insert(PaymentIntent intent) {
        writes.sql(INSERT)
                .param("id", intent.id())
                .param("account", intent.accountId())
                .param("livemode", intent.livemode())
                .param("amount", intent.amount())
                .param("currency", intent.currency().code())
                .param("customer", intent.customerId())
                .param("paymentMethod", intent.paymentMethodId())
                .param("captureMethod", intent.captureMethod().code())
                .param("status", intent.status().code())
                .param("description", intent.description())
                .param("metadata", json.writeValueAsString(intent.metadata()))
                .param("returnUrl", intent.returnUrl())
                .param("latestCharge", intent.latestChargeId())
                .param("now", Timestamp.from(intent.created()))
                .param("clockTime", intent.clockTime() == null ? null : Timestamp.from(intent.clockTime()))
                .defer();
    }

    private static final String UPDATE = """
            UPDATE payments_intents
            SET status = :status,
                payment_method_id = :paymentMethod,
                amount_capturable = :amountCapturable,
                amount_received = :amountReceived,
                last_payment_error = CAST(:lastPaymentError AS jsonb),
                next_action_url = :nextActionUrl,
                latest_charge_id = :latestCharge,
                cancellation_reason = :cancellationReason,
                canceled_at = :canceledAt,
                updated_at = :now,
                version = version + 1
            WHERE id = :id
              AND version = :version
            """;

    /**
     * Writes a transition of the intent as read at {@code intent.version()}, with the COMMIT. If
     * the row has changed since, the write fails, and so does its whole transaction (a
     * {@link org.springframework.dao.ConcurrencyFailureException}): so a caller may apply a change
     * to an intent it knows without locking and reading it first. Callers that read it under the
     * row lock taken by {@link #lock} always find it unchanged.
     */
    void update(PaymentIntent intent, Instant now) {
        writes.sql(UPDATE)
                .param("id", intent.id())
                .param("status", intent.status().code())
                .param("paymentMethod", intent.paymentMethodId())
                .param("amountCapturable", intent.amountCapturable())
                .param("amountReceived", intent.amountReceived())
                .param("lastPaymentError", intent.lastPaymentError() == null ? null : json.writeValueAsString(intent.lastPaymentError()))
                .param("nextActionUrl", intent.nextActionUrl())
                .param("latestCharge", intent.latestChargeId())
                .param("cancellationReason", intent.cancellationReason())
                .param("canceledAt", intent.canceledAt() == null ? null : Timestamp.from(intent.canceledAt()))
                .param("now", Timestamp.from(now))
                .param("version", intent.version())
                .expectRows(1, "payment intent " + intent.id() + " at version " + intent.version())
                .defer();
    }

    private static final String FIND = COLUMNS + """
            WHERE id = :id
              AND account_id = :account
              AND livemode = :livemode
            """;

    Optional<PaymentIntent> find(Tenant tenant, String id) {
        return jdbc.sql(FIND).param("id", id).param("account", tenant.accountId()).param("livemode", tenant.livemode())
                .query(this::map).optional();
    }

    /** Locks the intent for a state change; concurrent changes to one intent queue here. */
    PaymentIntent lock(Tenant tenant, String id) {
        return jdbc.sql(FIND + "FOR UPDATE\n").param("id", id).param("account", tenant.accountId())
                .param("livemode", tenant.livemode())
                .query(this::map).optional()
                .orElseThrow(() -> new ResourceNotFoundException("payment_intent", id, "id"));
    }

    private static final String LOCK_BY_CHARGE = COLUMNS + """
            WHERE id = (SELECT payment_intent_id FROM payments_charges WHERE id = :charge)
            FOR UPDATE
            """;

    /**
     * Adds to {@code reads} the lock of the intent a charge belongs to, for system work that
     * starts from the charge (replies, webhooks, the janitor).
     */
    Pipeline.Result<PaymentIntent> lockByCharge(Pipeline.Queries reads, String chargeId) {
        return reads.add(LOCK_BY_CHARGE, Map.of("charge", chargeId), rs -> {
            if (!rs.next()) {
                throw new IllegalStateException("No payment intent for charge " + chargeId);
            }
            return map(rs, 0);
        });
    }

    /** Filters for listing. Null fields do not filter. */
    record Filter(@Nullable String customer, @Nullable String status, @Nullable Instant createdFrom,
            @Nullable Instant createdUntil, @Nullable Long amountMin, @Nullable Long amountMax, @Nullable String last4) {

        Filter(@Nullable String customer, @Nullable String status, @Nullable Instant createdFrom, @Nullable Instant createdUntil) {
            this(customer, status, createdFrom, createdUntil, null, null, null);
        }
    }

    private static final String LIST = COLUMNS + """
            WHERE account_id = :account
              AND livemode = :livemode
              AND (CAST(:customer AS text) IS NULL OR customer_id = CAST(:customer AS text))
              AND (CAST(:status AS text) IS NULL OR status = CAST(:status AS text))
              AND (CAST(:createdFrom AS timestamptz) IS NULL OR created_at >= CAST(:createdFrom AS timestamptz))
              AND (CAST(:createdUntil AS timestamptz) IS NULL OR created_at < CAST(:createdUntil AS timestamptz))
              AND (CAST(:amountMin AS bigint) IS NULL OR amount >= CAST(:amountMin AS bigint))
              AND (CAST(:amountMax AS bigint) IS NULL OR amount <= CAST(:amountMax AS bigint))
              AND (CAST(:last4 AS text) IS NULL OR payment_method_id IN (SELECT m.id
                                                                         FROM payments_methods m
                                                                         WHERE m.account_id = :account
                                                                           AND m.livemode = :livemode
                                                                           AND m.last4 = CAST(:last4 AS text)))
            """ + Keyset.PAGE;

    List<PaymentIntent> list(Tenant tenant, ListParams params, Filter filter) {
        return Keyset.bind(jdbc.sql(LIST)
                .param("account", tenant.accountId())
                .param("livemode", tenant.livemode())
                .param("customer", filter.customer())
                .param("status", filter.status())
                .param("createdFrom", filter.createdFrom() == null ? null : Timestamp.from(filter.createdFrom()))
                .param("createdUntil", filter.createdUntil() == null ? null : Timestamp.from(filter.createdUntil()))
                .param("amountMin", filter.amountMin())
                .param("amountMax", filter.amountMax())
                .param("last4", filter.last4()),
                params, "payment_intent", id -> find(tenant, id).map(PaymentIntent::created))
                .query(this::map)
                .list();
    }

    private PaymentIntent map(ResultSet rs, int row) throws SQLException {
        String error = rs.getString("last_payment_error");
        Timestamp canceledAt = rs.getTimestamp("canceled_at");
        Timestamp clockTime = rs.getTimestamp("clock_time");
        return new PaymentIntent(
                rs.getString("id"),
                rs.getString("account_id"),
                rs.getBoolean("livemode"),
                rs.getLong("amount"),
                CurrencyUnit.of(rs.getString("currency")),
                rs.getString("customer_id"),
                rs.getString("payment_method_id"),
                PaymentIntent.CaptureMethod.valueOf(rs.getString("capture_method").toUpperCase(java.util.Locale.ROOT)),
                PaymentIntentStatus.of(rs.getString("status")),
                rs.getLong("amount_capturable"),
                rs.getLong("amount_received"),
                rs.getString("description"),
                json.readValue(rs.getString("metadata"), STRING_MAP),
                error == null ? null : json.readValue(error, PaymentError.class),
                rs.getString("next_action_url"),
                rs.getString("return_url"),
                rs.getString("latest_charge_id"),
                rs.getString("cancellation_reason"),
                canceledAt == null ? null : canceledAt.toInstant(),
                rs.getTimestamp("created_at").toInstant(),
                rs.getLong("version"),
                clockTime == null ? null : clockTime.toInstant());
    }
}
