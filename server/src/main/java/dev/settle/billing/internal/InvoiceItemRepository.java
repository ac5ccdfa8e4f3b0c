package dev.settle.billing.internal;

import static dev.settle.billing.internal.SubscriptionRepository.instant;
import static dev.settle.billing.internal.SubscriptionRepository.ts;

import java.sql.ResultSet;
import java.sql.SQLException;
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

/** The {@code billing_invoice_items} table. */
@Repository
class InvoiceItemRepository {

    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final JsonMapper json;

    InvoiceItemRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    void insert(InvoiceItem item) {
        jdbc.sql("""
                INSERT INTO billing_invoice_items (id, account_id, livemode, customer_id, subscription_id, invoice_id, currency, amount,
                    description, price_id, quantity, proration, period_start, period_end, metadata, created_at)
                VALUES (:id, :account, :livemode, :customer, :sub, :invoice, :currency, :amount, :description, :price, :quantity,
                    :proration, :start, :end, CAST(:metadata AS jsonb), :created)
                """).param("id", item.id()).param("account", item.accountId()).param("livemode", item.livemode())
                .param("customer", item.customerId()).param("sub", item.subscriptionId()).param("invoice", item.invoiceId())
                .param("currency", item.currency().code()).param("amount", item.amount()).param("description", item.description())
                .param("price", item.priceId()).param("quantity", item.quantity()).param("proration", item.proration())
                .param("start", ts(item.periodStart())).param("end", ts(item.periodEnd()))
                .param("metadata", json.writeValueAsString(item.metadata())).param("created", ts(item.created())).update();
    }

    private static final String COLUMNS = """
            SELECT id, account_id, livemode, customer_id, subscription_id, invoice_id, currency, amount, description, price_id, quantity,
                   proration, period_start, period_end, metadata, created_at
            FROM billing_invoice_items
            """;

    /**
     * Pending items for the subscriptions' next invoices, locked: each subscription's own, and the
     * customers' items that name no subscription (in the subscription's currency).
     */
    List<InvoiceItem> pendingForUpdate(List<String> subscriptions, List<String> customers) {
        return pending(subscriptions, customers, "FOR UPDATE");
    }

    /** As {@link #pendingForUpdate}, read only (a preview). */
    List<InvoiceItem> pending(List<String> subscriptions, List<String> customers) {
        return pending(subscriptions, customers, "");
    }

    private List<InvoiceItem> pending(List<String> subscriptions, List<String> customers, String lock) {
        return jdbc.sql(COLUMNS + """
                WHERE invoice_id IS NULL
                  AND (subscription_id = ANY (CAST(:subs AS text[]))
                       OR (subscription_id IS NULL AND customer_id = ANY (CAST(:customers AS text[]))))
                ORDER BY created_at, amount, id
                """ + lock).param("subs", subscriptions.toArray(String[]::new)).param("customers", customers.toArray(String[]::new))
                .query(this::map).list();
    }

    void assign(List<String> ids, String invoice) {
        if (!ids.isEmpty()) {
            jdbc.sql("UPDATE billing_invoice_items SET invoice_id = :invoice WHERE id = ANY (CAST(:ids AS text[]))")
                    .param("invoice", invoice).param("ids", ids.toArray(String[]::new)).update();
        }
    }

    Optional<InvoiceItem> find(Tenant tenant, String id) {
        return jdbc.sql(COLUMNS + "WHERE id = :id AND account_id = :account AND livemode = :livemode").param("id", id)
                .param("account", tenant.accountId()).param("livemode", tenant.livemode()).query(this::map).optional();
    }

    private static final String LIST = COLUMNS + """
            WHERE account_id = :account AND livemode = :livemode
              AND (CAST(:customer AS text) IS NULL OR customer_id = CAST(:customer AS text))
              AND (NOT :pending OR invoice_id IS NULL)
            """ + Keyset.PAGE;

    List<InvoiceItem> list(Tenant tenant, ListParams params, @Nullable String customer, boolean pendingOnly) {
        return Keyset.bind(jdbc.sql(LIST).param("account", tenant.accountId()).param("livemode", tenant.livemode())
                .param("customer", customer).param("pending", pendingOnly),
                params, "invoiceitem", id -> find(tenant, id).map(InvoiceItem::created)).query(this::map).list();
    }

    private InvoiceItem map(ResultSet rs, int row) throws SQLException {
        long quantity = rs.getLong("quantity");
        Long q = rs.wasNull() ? null : quantity;
        return new InvoiceItem(rs.getString("id"), rs.getString("account_id"), rs.getBoolean("livemode"), rs.getString("customer_id"),
                rs.getString("subscription_id"), rs.getString("invoice_id"), CurrencyUnit.of(rs.getString("currency")),
                rs.getLong("amount"), rs.getString("description"), rs.getString("price_id"), q, rs.getBoolean("proration"),
                instant(rs, "period_start"), instant(rs, "period_end"), json.readValue(rs.getString("metadata"), STRING_MAP),
                instant(rs, "created_at"));
    }
}
