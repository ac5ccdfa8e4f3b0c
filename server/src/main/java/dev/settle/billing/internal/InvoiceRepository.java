package dev.settle.billing.internal;

import static dev.settle.billing.internal.SubscriptionRepository.instant;
import static dev.settle.billing.internal.SubscriptionRepository.ts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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

/** The {@code billing_invoices} and {@code billing_invoice_lines} tables. */
@Repository
class InvoiceRepository {

    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final JsonMapper json;

    InvoiceRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    private static final String INSERT = """
            INSERT INTO billing_invoices (id, account_id, livemode, customer_id, subscription_id, test_clock_id, status, billing_reason,
                collection_method, currency, period_start, period_end, subtotal, total, starting_balance, amount_due, amount_remaining,
                auto_finalize_at, due_date, metadata, created_at)
            VALUES (:id, :account, :livemode, :customer, :sub, :clock, :status, :reason, :collection, :currency, :periodStart, :periodEnd,
                :subtotal, :total, 0, :amountDue, :amountDue, :autoFinalizeAt, :dueDate, CAST(:metadata AS jsonb), :created)
            ON CONFLICT DO NOTHING
            """;

    /**
     * Inserts the draft and its lines, unless an invoice for the same subscription and period
     * exists (the unique index): then nothing is written and false returned.
     */
    boolean insert(Invoice invoice) {
        int inserted = jdbc.sql(INSERT)
                .param("id", invoice.id()).param("account", invoice.accountId()).param("livemode", invoice.livemode())
                .param("customer", invoice.customerId()).param("sub", invoice.subscriptionId()).param("clock", invoice.testClockId())
                .param("status", invoice.status()).param("reason", invoice.billingReason()).param("collection", invoice.collectionMethod())
                .param("currency", invoice.currency().code()).param("periodStart", ts(invoice.periodStart()))
                .param("periodEnd", ts(invoice.periodEnd())).param("subtotal", invoice.subtotal()).param("total", invoice.total())
                .param("amountDue", invoice.amountDue()).param("autoFinalizeAt", ts(invoice.autoFinalizeAt()))
                .param("dueDate", ts(invoice.dueDate()))
                .param("metadata", json.writeValueAsString(invoice.metadata())).param("created", ts(invoice.created()))
                .update();
        if (inserted == 0) {
            return false;
        }
        for (int i = 0; i < invoice.lines().size(); i++) {
            Invoice.Line line = invoice.lines().get(i);
            jdbc.sql("""
                    INSERT INTO billing_invoice_lines (id, invoice_id, position, type, description, amount, price_id, quantity, proration,
                        period_start, period_end)
                    VALUES (:id, :invoice, :position, :type, :description, :amount, :price, :quantity, :proration, :start, :end)
                    """).param("id", line.id()).param("invoice", invoice.id()).param("position", i).param("type", line.type())
                    .param("description", line.description()).param("amount", line.amount()).param("price", line.priceId())
                    .param("quantity", line.quantity()).param("proration", line.proration())
                    .param("start", ts(line.periodStart())).param("end", ts(line.periodEnd())).update();
        }
        return true;
    }

    private static final String UPDATE = """
            UPDATE billing_invoices
            SET number = :number, status = :status, starting_balance = :startingBalance, ending_balance = :endingBalance,
                amount_due = :amountDue, amount_paid = :amountPaid, amount_remaining = :amountRemaining, attempt_count = :attempts,
                auto_finalize_at = :autoFinalizeAt, next_payment_attempt = :nextAttempt, due_date = :dueDate,
                first_failure_at = :firstFailure, payment_intent_id = :paymentIntent, finalized_at = :finalizedAt,
                paid_at = :paidAt, voided_at = :voidedAt
            WHERE id = :id
            """;

    void update(Invoice invoice) {
        jdbc.sql(UPDATE).param("id", invoice.id()).param("number", invoice.number()).param("status", invoice.status())
                .param("startingBalance", invoice.startingBalance()).param("endingBalance", invoice.endingBalance())
                .param("amountDue", invoice.amountDue()).param("amountPaid", invoice.amountPaid())
                .param("amountRemaining", invoice.amountRemaining()).param("attempts", invoice.attemptCount())
                .param("autoFinalizeAt", ts(invoice.autoFinalizeAt())).param("nextAttempt", ts(invoice.nextPaymentAttempt()))
                .param("dueDate", ts(invoice.dueDate())).param("firstFailure", ts(invoice.firstFailureAt()))
                .param("paymentIntent", invoice.paymentIntentId()).param("finalizedAt", ts(invoice.finalizedAt()))
                .param("paidAt", ts(invoice.paidAt())).param("voidedAt", ts(invoice.voidedAt())).update();
    }

    private static final String COLUMNS = """
            SELECT id, account_id, livemode, customer_id, subscription_id, test_clock_id, number, status, billing_reason,
                   collection_method, currency, period_start, period_end, subtotal, total, starting_balance, ending_balance, amount_due,
                   amount_paid, amount_remaining, attempt_count, auto_finalize_at, next_payment_attempt, due_date, first_failure_at,
                   payment_intent_id, finalized_at, paid_at, voided_at, metadata, created_at
            FROM billing_invoices
            """;

    Optional<Invoice> find(Tenant tenant, String id) {
        return scoped(COLUMNS + "WHERE id = :id AND account_id = :account AND livemode = :livemode", tenant, id);
    }

    Optional<Invoice> findForUpdate(Tenant tenant, String id) {
        return scoped(COLUMNS + "WHERE id = :id AND account_id = :account AND livemode = :livemode FOR UPDATE", tenant, id);
    }

    private Optional<Invoice> scoped(String sql, Tenant tenant, String id) {
        return withLines(jdbc.sql(sql).param("id", id).param("account", tenant.accountId()).param("livemode", tenant.livemode())
                .query(this::map).list()).stream().findFirst();
    }

    /** Drafts of the scope due to be finalized, locked, skipping any another pass holds. */
    List<Invoice> draftsDue(Scope scope, int limit) {
        return withLines(jdbc.sql(COLUMNS + "WHERE " + scope.condition() + """
                 AND status = 'draft' AND auto_finalize_at IS NOT NULL AND auto_finalize_at <= :now
                ORDER BY auto_finalize_at, id LIMIT :limit FOR UPDATE SKIP LOCKED
                """).param("clock", scope.testClock()).param("now", ts(scope.now())).param("limit", limit).query(this::map).list());
    }

    /** Ids of open invoices of the scope whose next payment attempt (or due date) has come. */
    List<String> collectionDue(Scope scope, int limit) {
        return jdbc.sql("SELECT id FROM billing_invoices WHERE " + scope.condition() + """
                 AND status = 'open' AND next_payment_attempt IS NOT NULL AND next_payment_attempt <= :now
                ORDER BY next_payment_attempt, id LIMIT :limit
                """).param("clock", scope.testClock()).param("now", ts(scope.now())).param("limit", limit).query(String.class).list();
    }

    List<Invoice> unpaidOnTestClock(String clock) {
        return withLines(jdbc.sql(COLUMNS + "WHERE test_clock_id = :clock AND status IN ('draft', 'open') FOR UPDATE")
                .param("clock", clock).query(this::map).list());
    }

    Optional<Invoice> findById(String id) {
        return withLines(jdbc.sql(COLUMNS + "WHERE id = :id").param("id", id).query(this::map).list()).stream().findFirst();
    }

    Optional<Invoice> lockById(String id) {
        return withLines(jdbc.sql(COLUMNS + "WHERE id = :id FOR UPDATE").param("id", id).query(this::map).list()).stream().findFirst();
    }

    /** Open charge_automatically invoices of a customer: retried at once when its default payment method changes. */
    List<String> openAutomatic(Tenant tenant, String customer) {
        return jdbc.sql("""
                SELECT i.id FROM billing_invoices i LEFT JOIN billing_subscriptions s ON s.id = i.subscription_id
                WHERE i.account_id = :account AND i.livemode = :livemode AND i.customer_id = :customer AND i.status = 'open'
                  AND i.collection_method = 'charge_automatically' AND i.amount_remaining > 0
                  AND (s.status IS NULL OR s.status NOT IN ('canceled', 'incomplete_expired'))
                ORDER BY i.created_at
                """).param("account", tenant.accountId()).param("livemode", tenant.livemode()).param("customer", customer)
                .query(String.class).list();
    }

    @Nullable Instant nextDue(String clock) {
        return jdbc.sql("""
                SELECT least(
                    (SELECT min(auto_finalize_at) FROM billing_invoices WHERE test_clock_id = :clock AND status = 'draft'),
                    (SELECT min(next_payment_attempt) FROM billing_invoices WHERE test_clock_id = :clock AND status = 'open'))
                """).param("clock", clock).query((rs, n) -> java.util.Optional.ofNullable(instant(rs, 1))).single().orElse(null);
    }

    record Filter(@Nullable String customer, @Nullable String subscription, @Nullable String status) {
    }

    private static final String LIST = COLUMNS + """
            WHERE account_id = :account AND livemode = :livemode
              AND (CAST(:customer AS text) IS NULL OR customer_id = CAST(:customer AS text))
              AND (CAST(:sub AS text) IS NULL OR subscription_id = CAST(:sub AS text))
              AND (CAST(:status AS text) IS NULL OR status = CAST(:status AS text))
            """ + Keyset.PAGE;

    List<Invoice> list(Tenant tenant, ListParams params, Filter filter) {
        return withLines(Keyset.bind(jdbc.sql(LIST).param("account", tenant.accountId()).param("livemode", tenant.livemode())
                .param("customer", filter.customer()).param("sub", filter.subscription()).param("status", filter.status()),
                params, "invoice", id -> find(tenant, id).map(Invoice::created)).query(this::map).list());
    }

    private List<Invoice> withLines(List<Invoice> invoices) {
        if (invoices.isEmpty()) {
            return invoices;
        }
        Map<String, List<Invoice.Line>> lines = new LinkedHashMap<>();
        invoices.forEach(invoice -> lines.put(invoice.id(), new ArrayList<>()));
        jdbc.sql("""
                SELECT invoice_id, id, type, description, amount, price_id, quantity, proration, period_start, period_end
                FROM billing_invoice_lines WHERE invoice_id = ANY (CAST(:ids AS text[])) ORDER BY invoice_id, position
                """).param("ids", lines.keySet().toArray(String[]::new))
                .query(rs -> {
                    long quantity = rs.getLong("quantity");
                    Long q = rs.wasNull() ? null : quantity;
                    lines.get(rs.getString("invoice_id")).add(new Invoice.Line(rs.getString("id"), rs.getString("type"),
                            rs.getString("description"), rs.getLong("amount"), rs.getString("price_id"), q, rs.getBoolean("proration"),
                            instant(rs, "period_start"), instant(rs, "period_end")));
                });
        return invoices.stream().map(i -> new Invoice(i.id(), i.accountId(), i.livemode(), i.customerId(), i.subscriptionId(),
                i.testClockId(), i.number(), i.status(), i.billingReason(), i.collectionMethod(), i.currency(), i.periodStart(),
                i.periodEnd(), i.subtotal(), i.total(), i.startingBalance(), i.endingBalance(), i.amountDue(), i.amountPaid(),
                i.amountRemaining(), i.attemptCount(), i.autoFinalizeAt(), i.nextPaymentAttempt(), i.dueDate(), i.firstFailureAt(),
                i.paymentIntentId(), i.finalizedAt(), i.paidAt(), i.voidedAt(), i.metadata(), i.created(),
                List.copyOf(lines.get(i.id())))).toList();
    }

    private Invoice map(ResultSet rs, int row) throws SQLException {
        long ending = rs.getLong("ending_balance");
        Long endingBalance = rs.wasNull() ? null : ending;
        return new Invoice(rs.getString("id"), rs.getString("account_id"), rs.getBoolean("livemode"), rs.getString("customer_id"),
                rs.getString("subscription_id"), rs.getString("test_clock_id"), rs.getString("number"), rs.getString("status"),
                rs.getString("billing_reason"), rs.getString("collection_method"), CurrencyUnit.of(rs.getString("currency")),
                instant(rs, "period_start"), instant(rs, "period_end"), rs.getLong("subtotal"), rs.getLong("total"),
                rs.getLong("starting_balance"), endingBalance, rs.getLong("amount_due"), rs.getLong("amount_paid"),
                rs.getLong("amount_remaining"), rs.getInt("attempt_count"), instant(rs, "auto_finalize_at"),
                instant(rs, "next_payment_attempt"), instant(rs, "due_date"), instant(rs, "first_failure_at"),
                rs.getString("payment_intent_id"), instant(rs, "finalized_at"), instant(rs, "paid_at"), instant(rs, "voided_at"),
                json.readValue(rs.getString("metadata"), STRING_MAP), instant(rs, "created_at"), List.of());
    }
}
