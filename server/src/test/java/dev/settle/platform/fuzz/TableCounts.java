package dev.settle.platform.fuzz;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Rows of every table of Settle's schema that belong to the given accounts: by {@code account_id}
 * where a table has one, through its parent where it does not. A table neither way is a failure,
 * so a new table cannot escape the "nothing written" check unseen.
 */
final class TableCounts {

    /** Tables without an account_id: how their rows are tied to accounts, or why they are not counted. */
    private static final Map<String, String> WITHOUT_ACCOUNT = Map.ofEntries(
            Map.entry("tenancy_stream_tokens", "SELECT count(*) FROM tenancy_stream_tokens WHERE key_id IN "
                    + "(SELECT id FROM tenancy_api_keys WHERE account_id = ANY(:accounts))"),
            Map.entry("tenancy_sessions", "SELECT count(*) FROM tenancy_sessions WHERE user_id IN "
                    + "(SELECT id FROM tenancy_users WHERE account_id = ANY(:accounts))"),
            Map.entry("payments_charge_refunds", "SELECT count(*) FROM payments_charge_refunds WHERE charge_id IN "
                    + "(SELECT id FROM payments_charges WHERE account_id = ANY(:accounts))"),
            Map.entry("reconciliation_report_lines", "SELECT count(*) FROM reconciliation_report_lines WHERE report_id IN "
                    + "(SELECT id FROM reconciliation_reports WHERE account_id = ANY(:accounts))"),
            Map.entry("reconciliation_report_errors", "SELECT count(*) FROM reconciliation_report_errors WHERE report_id IN "
                    + "(SELECT id FROM reconciliation_reports WHERE account_id = ANY(:accounts))"),
            Map.entry("billing_trial_notices", "SELECT count(*) FROM billing_trial_notices WHERE subscription_id IN "
                    + "(SELECT id FROM billing_subscriptions WHERE account_id = ANY(:accounts))"),
            Map.entry("billing_upcoming_notices", "SELECT count(*) FROM billing_upcoming_notices WHERE subscription_id IN "
                    + "(SELECT id FROM billing_subscriptions WHERE account_id = ANY(:accounts))"),
            Map.entry("billing_subscription_items", "SELECT count(*) FROM billing_subscription_items WHERE subscription_id IN "
                    + "(SELECT id FROM billing_subscriptions WHERE account_id = ANY(:accounts))"),
            Map.entry("billing_invoice_lines", "SELECT count(*) FROM billing_invoice_lines WHERE invoice_id IN "
                    + "(SELECT id FROM billing_invoices WHERE account_id = ANY(:accounts))"),
            Map.entry("tenancy_accounts", "SELECT count(*) FROM tenancy_accounts"),
            Map.entry("webhooks_inbound_events", "SELECT count(*) FROM webhooks_inbound_events"),
            // Written by background work only (the relay's archive and the scheduler's bookkeeping).
            Map.entry("events_archive_marks", ""),
            Map.entry("events_archive_store", ""),
            Map.entry("scheduled_tasks", ""),
            Map.entry("flyway_schema_history", ""));

    private TableCounts() {
    }

    static Map<String, Long> of(JdbcClient jdbc, List<String> accounts) {
        String[] ids = accounts.toArray(String[]::new);
        Map<String, Long> counts = new TreeMap<>();
        List<Map<String, Object>> tables = jdbc.sql("""
                SELECT t.table_name, bool_or(c.column_name = 'account_id') AS by_account
                FROM information_schema.tables t
                JOIN information_schema.columns c ON c.table_schema = t.table_schema AND c.table_name = t.table_name
                WHERE t.table_schema = current_schema()
                  AND t.table_type = 'BASE TABLE'
                GROUP BY t.table_name
                """).query().listOfRows();
        for (Map<String, Object> table : tables) {
            String name = (String) table.get("table_name");
            String sql = Boolean.TRUE.equals(table.get("by_account"))
                    ? "SELECT count(*) FROM " + name + " WHERE account_id = ANY(:accounts)"
                    : WITHOUT_ACCOUNT.get(name);
            if (sql == null) {
                throw new IllegalStateException("Table " + name + " has no account_id: say in TableCounts how its rows are counted");
            }
            if (!sql.isEmpty()) {
                counts.put(name, jdbc.sql(sql).param("accounts", ids).query(Long.class).single());
            }
        }
        // An event updates its account's sequence rather than adding a row there.
        counts.put("events_sequences.last (sum)", jdbc.sql("SELECT coalesce(sum(last), 0) FROM events_sequences WHERE account_id = ANY(:accounts)")
                .param("accounts", ids).query(Long.class).single());
        return counts;
    }
}
