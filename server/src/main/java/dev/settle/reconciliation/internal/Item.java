package dev.settle.reconciliation.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/** One item of a run, as stored. Amounts in minor units; expected from the books, reported from the report. */
record Item(String id, String runId, String itemClass, String category, String reference, @Nullable String objectId,
        @Nullable Integer reportLine, String currency, @Nullable Long expectedAmount, @Nullable Long expectedFee,
        @Nullable Long reportedAmount, @Nullable Long reportedFee, @Nullable String reportedCurrency, Instant occurred, String status,
        @Nullable String resolution, @Nullable String note, @Nullable String resolvedBy, @Nullable Instant resolvedAt,
        @Nullable String ledgerTransaction, Instant created) {

    static final String COLUMNS = """
            id, run_id, class, category, reference, object_id, report_line, currency, expected_amount, expected_fee, reported_amount,
            reported_fee, reported_currency, occurred_at, status, resolution, note, resolved_by, resolved_at, ledger_transaction,
            created_at""";

    static Item map(ResultSet rs, int row) throws SQLException {
        return new Item(rs.getString("id"), rs.getString("run_id"), rs.getString("class"), rs.getString("category"),
                rs.getString("reference"), rs.getString("object_id"), (Integer) rs.getObject("report_line"), rs.getString("currency"),
                (Long) rs.getObject("expected_amount"), (Long) rs.getObject("expected_fee"), (Long) rs.getObject("reported_amount"),
                (Long) rs.getObject("reported_fee"), rs.getString("reported_currency"), rs.getTimestamp("occurred_at").toInstant(),
                rs.getString("status"), rs.getString("resolution"), rs.getString("note"), rs.getString("resolved_by"),
                instant(rs.getTimestamp("resolved_at")), rs.getString("ledger_transaction"), rs.getTimestamp("created_at").toInstant());
    }

    private static @Nullable Instant instant(@Nullable Timestamp time) {
        return time == null ? null : time.toInstant();
    }

    ItemClass kind() {
        return ItemClass.valueOf(itemClass.toUpperCase(java.util.Locale.ROOT));
    }
}
