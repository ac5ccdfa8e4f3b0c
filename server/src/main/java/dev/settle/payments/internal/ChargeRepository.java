package dev.settle.payments.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.ResultSetExtractor;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.settle.platform.Pipeline;
import dev.settle.platform.WriteBehind;
import dev.settle.shared.CurrencyUnit;
import dev.settle.shared.Keyset;
import dev.settle.shared.ListParams;
import dev.settle.tenancy.Tenant;

/** The {@code payments_charges} table: one row per attempt, written before the processor is called. */
@Repository
class ChargeRepository {

    private final JdbcClient jdbc;
    private final WriteBehind writes;

    ChargeRepository(JdbcClient jdbc, WriteBehind writes) {
        this.jdbc = jdbc;
        this.writes = writes;
    }

    private static final String COLUMNS = """
            SELECT id, payment_intent_id, account_id, livemode, amount, currency, payment_method_id, processor,
                   processor_reference, status, processor_state, captured, amount_captured, amount_refunded, fee,
                   failure_code, decline_code, failure_message, pending_action, pending_capture_amount,
                   next_check_at, check_attempts, needs_review, created_at, version, clock_time
            FROM payments_charges
            """;

    private static final String INSERT = """
            INSERT INTO payments_charges (id, payment_intent_id, account_id, livemode, amount, currency, payment_method_id,
                                          processor, status, processor_state, next_check_at, created_at, updated_at, clock_time)
            VALUES (:id, :intent, :account, :livemode, :amount, :currency, :paymentMethod,
                    :processor, :status, :processorState, :nextCheckAt, :now, :now, :clockTime)
            """;

    void insert(Charge charge) {
        writes.sql(INSERT)
                .param("id", charge.id())
                .param("intent", charge.paymentIntentId())
                .param("account", charge.accountId())
                .param("livemode", charge.livemode())
                .param("amount", charge.amount())
                .param("currency", charge.currency().code())
                .param("paymentMethod", charge.paymentMethodId())
                .param("processor", charge.processor())
                .param("status", charge.status().code())
                .param("processorState", charge.processorState())
                .param("nextCheckAt", timestamp(charge.nextCheckAt()))
                .param("now", Timestamp.from(charge.created()))
                .param("clockTime", timestamp(charge.clockTime()))
                .defer();
    }

    private static final String UPDATE = """
            UPDATE payments_charges
            SET processor_reference = :reference,
                status = :status,
                processor_state = :processorState,
                captured = :captured,
                amount_captured = :amountCaptured,
                amount_refunded = :amountRefunded,
                fee = :fee,
                failure_code = :failureCode,
                decline_code = :declineCode,
                failure_message = :failureMessage,
                pending_action = :pendingAction,
                pending_capture_amount = :pendingCaptureAmount,
                next_check_at = :nextCheckAt,
                check_attempts = :checkAttempts,
                needs_review = :needsReview,
                updated_at = :now,
                version = version + 1
            WHERE id = :id
              AND version = :version
            """;

    /**
     * Writes a change of the charge as read at {@code charge.version()}; the transaction fails if
     * the row changed since (see {@link PaymentIntentRepository#update}).
     */
    void update(Charge charge, Instant now) {
        writes.sql(UPDATE)
                .param("id", charge.id())
                .param("reference", charge.processorReference())
                .param("status", charge.status().code())
                .param("processorState", charge.processorState())
                .param("captured", charge.captured())
                .param("amountCaptured", charge.amountCaptured())
                .param("amountRefunded", charge.amountRefunded())
                .param("fee", charge.fee())
                .param("failureCode", charge.failureCode())
                .param("declineCode", charge.declineCode())
                .param("failureMessage", charge.failureMessage())
                .param("pendingAction", charge.pendingAction().name().toLowerCase(Locale.ROOT))
                .param("pendingCaptureAmount", charge.pendingCaptureAmount())
                .param("nextCheckAt", timestamp(charge.nextCheckAt()))
                .param("checkAttempts", charge.checkAttempts())
                .param("needsReview", charge.needsReview())
                .param("now", Timestamp.from(now))
                .param("version", charge.version())
                .expectRows(1, "charge " + charge.id() + " at version " + charge.version())
                .defer();
    }

    private static final String FIND_FOR_TENANT = COLUMNS + """
            WHERE id = :id
              AND account_id = :account
              AND livemode = :livemode
            """;

    Optional<Charge> find(Tenant tenant, String id) {
        return jdbc.sql(FIND_FOR_TENANT).param("id", id).param("account", tenant.accountId())
                .param("livemode", tenant.livemode()).query(ChargeRepository::map).optional();
    }

    private static final String FIND_BY_ID = COLUMNS + """
            WHERE id = :id
            """;

    /** For system work that has no tenant yet (webhooks, the janitor); the row says whose it is. */
    Optional<Charge> findById(String id) {
        return jdbc.sql(FIND_BY_ID).param("id", id).query(ChargeRepository::map).optional();
    }

    private static final String FIND_BY_REFERENCE = COLUMNS + """
            WHERE processor = :processor
              AND processor_reference = :reference
            """;

    Optional<Charge> findByReference(String processor, String reference) {
        return jdbc.sql(FIND_BY_REFERENCE).param("processor", processor).param("reference", reference)
                .query(ChargeRepository::map).optional();
    }

    private static final String ATTEMPTS_SELECT = """
            SELECT c.id, c.payment_intent_id, c.account_id, c.livemode, c.amount, c.currency, c.payment_method_id, c.processor,
                   c.processor_reference, c.status, c.processor_state, c.captured, c.amount_captured, c.amount_refunded, c.fee,
                   c.failure_code, c.decline_code, c.failure_message, c.pending_action, c.pending_capture_amount,
                   c.next_check_at, c.check_attempts, c.needs_review, c.created_at, c.version, c.clock_time,
                   r.refund_id, r.amount AS refund_amount, r.status AS refund_status
            FROM payments_charges c
            LEFT JOIN payments_charge_refunds r ON r.charge_id = c.id
            """;

    private static final String ATTEMPTS_ORDER = """
            ORDER BY c.created_at DESC, c.id DESC, r.created_at, r.refund_id
            """;

    private static final String ATTEMPTS = ATTEMPTS_SELECT + """
            WHERE c.payment_intent_id = :intent
            """ + ATTEMPTS_ORDER;

    /** The intent's charges, newest first, with their refunds, in one query. */
    Attempts attempts(String intentId) {
        return jdbc.sql(ATTEMPTS).param("intent", intentId).query((ResultSetExtractor<Attempts>) ChargeRepository::attempts);
    }

    private static final String ATTEMPTS_BY_CHARGE = ATTEMPTS_SELECT + """
            WHERE c.payment_intent_id = (SELECT payment_intent_id FROM payments_charges WHERE id = :charge)
            """ + ATTEMPTS_ORDER;

    /**
     * Adds to {@code reads} the charges, with their refunds, of the intent {@code chargeId}
     * belongs to: after {@link PaymentIntentRepository#lockByCharge(Pipeline.Queries, String)},
     * they are read under the intent's lock in the same round trip.
     */
    Pipeline.Result<Attempts> attemptsByCharge(Pipeline.Queries reads, String chargeId) {
        return reads.add(ATTEMPTS_BY_CHARGE, Map.of("charge", chargeId), ChargeRepository::attempts);
    }

    private static Attempts attempts(ResultSet rs) throws SQLException {
        List<Charge> charges = new ArrayList<>();
        Map<String, List<PaymentViews.RefundSummary>> refunds = new HashMap<>();
        while (rs.next()) {
            String id = rs.getString("id");
            if (charges.isEmpty() || !charges.getLast().id().equals(id)) {
                charges.add(map(rs, charges.size()));
            }
            String refund = rs.getString("refund_id");
            if (refund != null) {
                refunds.computeIfAbsent(id, key -> new ArrayList<>())
                        .add(new PaymentViews.RefundSummary(refund, rs.getLong("refund_amount"), rs.getString("refund_status")));
            }
        }
        return new Attempts(List.copyOf(charges), refunds);
    }

    private static final String DUE = """
            SELECT id
            FROM payments_charges
            WHERE next_check_at <= :now
              AND NOT needs_review
            ORDER BY next_check_at
            LIMIT :limit
            """;

    /** Attempts the janitor should look at now. */
    List<String> due(Instant now, int limit) {
        return jdbc.sql(DUE).param("now", Timestamp.from(now)).param("limit", limit).query(String.class).list();
    }

    private static final String LIST = COLUMNS + """
            WHERE account_id = :account
              AND livemode = :livemode
              AND (CAST(:intent AS text) IS NULL OR payment_intent_id = CAST(:intent AS text))
            """ + Keyset.PAGE;

    List<Charge> list(Tenant tenant, ListParams params, @Nullable String paymentIntent) {
        return Keyset.bind(jdbc.sql(LIST)
                .param("account", tenant.accountId())
                .param("livemode", tenant.livemode())
                .param("intent", paymentIntent),
                params, "charge", id -> find(tenant, id).map(Charge::created))
                .query(ChargeRepository::map)
                .list();
    }

    private static @Nullable Timestamp timestamp(@Nullable Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static Charge map(ResultSet rs, int row) throws SQLException {
        Timestamp nextCheck = rs.getTimestamp("next_check_at");
        Timestamp clockTime = rs.getTimestamp("clock_time");
        return new Charge(
                rs.getString("id"),
                rs.getString("payment_intent_id"),
                rs.getString("account_id"),
                rs.getBoolean("livemode"),
                rs.getLong("amount"),
                CurrencyUnit.of(rs.getString("currency")),
                rs.getString("payment_method_id"),
                rs.getString("processor"),
                rs.getString("processor_reference"),
                Charge.Status.valueOf(rs.getString("status").toUpperCase(Locale.ROOT)),
                rs.getString("processor_state"),
                rs.getBoolean("captured"),
                rs.getLong("amount_captured"),
                rs.getLong("amount_refunded"),
                rs.getLong("fee"),
                rs.getString("failure_code"),
                rs.getString("decline_code"),
                rs.getString("failure_message"),
                Charge.PendingAction.valueOf(rs.getString("pending_action").toUpperCase(Locale.ROOT)),
                rs.getLong("pending_capture_amount"),
                nextCheck == null ? null : nextCheck.toInstant(),
                rs.getInt("check_attempts"),
                rs.getBoolean("needs_review"),
                rs.getTimestamp("created_at").toInstant(),
                rs.getLong("version"),
                clockTime == null ? null : clockTime.toInstant());
    }
}
