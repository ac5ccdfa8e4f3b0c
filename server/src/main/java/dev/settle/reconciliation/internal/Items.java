package dev.settle.reconciliation.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.settle.shared.Keyset;
import dev.settle.shared.ListParams;
import dev.settle.tenancy.Tenant;

/** Items: reads for the API and the export, and a resolution's update. */
@Repository
class Items {

    private static final int FETCH_SIZE = 1000;

    private final JdbcClient jdbc;

    Items(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The list's and the export's filters; each null means any. {@code from}/{@code to} bound the item's occurrence. */
    record Filter(@Nullable String itemClass, @Nullable String run, @Nullable String currency, @Nullable Instant from,
            @Nullable Instant to) {
    }

    private static final String FIND = "SELECT " + Item.COLUMNS + """

            FROM reconciliation_items
            WHERE account_id = :account
              AND livemode = :livemode
              AND id = :id
            """;

    Optional<Item> find(Tenant tenant, String id) {
        return jdbc.sql(FIND).params(tenant(tenant)).param("id", id).query(Item::map).optional();
    }

    Optional<Item> lock(Tenant tenant, String id) {
        return jdbc.sql(FIND + "FOR UPDATE\n").params(tenant(tenant)).param("id", id).query(Item::map).optional();
    }

    private static final String FILTERED = "SELECT " + Item.COLUMNS + """

            FROM reconciliation_items
            WHERE account_id = :account
              AND livemode = :livemode
              AND (CAST(:class AS text) IS NULL OR class = CAST(:class AS text))
              AND (CAST(:run AS text) IS NULL OR run_id = CAST(:run AS text))
              AND (CAST(:currency AS text) IS NULL OR currency = CAST(:currency AS text))
              AND (CAST(:from AS timestamptz) IS NULL OR occurred_at >= CAST(:from AS timestamptz))
              AND (CAST(:to AS timestamptz) IS NULL OR occurred_at < CAST(:to AS timestamptz))
            """;

    List<Item> list(Tenant tenant, ListParams params, Filter filter) {
        return Keyset.bind(jdbc.sql(FILTERED + Keyset.PAGE).params(filtered(tenant, filter)), params, "reconciliation_item",
                id -> find(tenant, id).map(Item::created))
                .query(Item::map)
                .list();
    }

    /** Every matching item, oldest first, read with a cursor (the caller holds a transaction). */
    void export(Tenant tenant, Filter filter, Consumer<Item> each) {
        jdbc.sql(FILTERED + "ORDER BY created_at, id\n")
                .params(filtered(tenant, filter))
                .withFetchSize(FETCH_SIZE)
                .query(rs -> {
                    each.accept(Item.map(rs, 0));
                });
    }

    private static final String DISCREPANCIES = "SELECT " + Item.COLUMNS + """

            FROM reconciliation_items
            WHERE run_id = :run
              AND class NOT IN ('matched', 'expected')
            ORDER BY id
            LIMIT :limit
            """;

    /** The run's first {@code limit} discrepancies, in id (line) order. */
    void discrepancies(String runId, int limit, Consumer<Item> each) {
        jdbc.sql(DISCREPANCIES).param("run", runId).param("limit", limit).withFetchSize(FETCH_SIZE).query(rs -> {
            each.accept(Item.map(rs, 0));
        });
    }

    private static final String RESOLVE = """
            UPDATE reconciliation_items
            SET status = 'resolved',
                resolution = :resolution,
                note = :note,
                resolved_by = :by,
                resolved_at = :at,
                ledger_transaction = :txn
            WHERE id = :id
              AND status = 'open'
            """;

    void resolve(String id, String resolution, @Nullable String note, String by, Instant at, @Nullable String ledgerTransaction) {
        Map<String, @Nullable Object> params = new HashMap<>();
        params.put("id", id);
        params.put("resolution", resolution);
        params.put("note", note);
        params.put("by", by);
        params.put("at", Timestamp.from(at));
        params.put("txn", ledgerTransaction);
        if (jdbc.sql(RESOLVE).params(params).update() != 1) {
            throw new IllegalStateException("Item " + id + " was not open");
        }
    }

    private static Map<String, Object> tenant(Tenant tenant) {
        return Map.of("account", tenant.accountId(), "livemode", tenant.livemode());
    }

    private static Map<String, @Nullable Object> filtered(Tenant tenant, Filter filter) {
        Map<String, @Nullable Object> params = new HashMap<>(tenant(tenant));
        params.put("class", filter.itemClass());
        params.put("run", filter.run());
        params.put("currency", filter.currency());
        params.put("from", filter.from() == null ? null : Timestamp.from(filter.from()));
        params.put("to", filter.to() == null ? null : Timestamp.from(filter.to()));
        return params;
    }
}
