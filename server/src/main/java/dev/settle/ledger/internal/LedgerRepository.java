package dev.settle.ledger.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.settle.ledger.LedgerAccount;
import dev.settle.platform.WriteBehind;
import dev.settle.shared.CurrencyUnit;
import dev.settle.shared.Ids;
import dev.settle.shared.Keyset;
import dev.settle.shared.ListParams;
import dev.settle.shared.Money;
import dev.settle.tenancy.Tenant;

@Repository
class LedgerRepository {

    private final JdbcClient jdbc;
    private final WriteBehind writes;

    LedgerRepository(JdbcClient jdbc, WriteBehind writes) {
        this.jdbc = jdbc;
        this.writes = writes;
    }

    /**
     * The transaction and its entries in one statement: the entries are inserted only if the
     * transaction row was (a second posting for the same cause inserts nothing).
     */
    private static final String INSERT_POSTING = """
            WITH txn AS (
                INSERT INTO ledger_transactions (id, account_id, livemode, currency, type, source_id, amount, fee, net,
                                                 available_on, description, created_at)
                VALUES (:id, :account, :livemode, :currency, :type, :source, :amount, :fee, :net,
                        :availableOn, :description, :createdAt)
                ON CONFLICT (account_id, livemode, type, source_id) DO NOTHING
                RETURNING id
            )
            INSERT INTO ledger_entries (transaction_id, account_id, livemode, currency, ledger_account, amount, created_at)
            SELECT txn.id, :account, :livemode, :currency, entry.ledger_account, entry.amount, :createdAt
            FROM txn CROSS JOIN (VALUES %s) AS entry (ledger_account, amount)
            """;

    /**
     * Posts the transaction and its entries, once: a second posting for the same cause
     * (type and source) is ignored, and the existing transaction's id returned.
     */
    String post(Posting posting, Instant now) {
        String id = Ids.newId("txn");
        return jdbc.sql(postingSql(posting)).params(postingParams(id, posting, now)).update() == 0 ? existingId(posting) : id;
    }

    /**
     * As {@link #post}, sent with the transaction's commit ({@link WriteBehind}): for a caller
     * that needs no id back. A second posting for the same cause is still ignored.
     */
    void postWithCommit(Posting posting, Instant now) {
        writes.sql(postingSql(posting)).params(postingParams(Ids.newId("txn"), posting, now)).defer();
    }

    private static String postingSql(Posting posting) {
        StringBuilder values = new StringBuilder();
        for (int i = 0; i < posting.entries().size(); i++) {
            values.append(i == 0 ? "" : ", ").append("(CAST(:account").append(i).append(" AS text), CAST(:amount").append(i)
                    .append(" AS bigint))");
        }
        return INSERT_POSTING.formatted(values);
    }

    private static Map<String, @Nullable Object> postingParams(String id, Posting posting, Instant now) {
        Map<String, @Nullable Object> params = new HashMap<>();
        params.put("id", id);
        params.put("account", posting.tenant().accountId());
        params.put("livemode", posting.tenant().livemode());
        params.put("currency", posting.currency().code());
        params.put("type", posting.type());
        params.put("source", posting.sourceId());
        params.put("amount", posting.amount());
        params.put("fee", posting.fee());
        params.put("net", posting.net());
        params.put("availableOn", posting.availableOn() == null ? null : Timestamp.from(posting.availableOn()));
        params.put("description", posting.description());
        params.put("createdAt", Timestamp.from(now));
        List<Posting.Entry> entries = posting.entries();
        for (int i = 0; i < entries.size(); i++) {
            params.put("account" + i, entries.get(i).account().code());
            params.put("amount" + i, entries.get(i).amount());
        }
        return params;
    }

    private static final String EXISTING = """
            SELECT id
            FROM ledger_transactions
            WHERE account_id = :account
              AND livemode = :livemode
              AND type = :type
              AND source_id = :source
            """;

    private String existingId(Posting posting) {
        return jdbc.sql(EXISTING)
                .param("account", posting.tenant().accountId())
                .param("livemode", posting.tenant().livemode())
                .param("type", posting.type())
                .param("source", posting.sourceId())
                .query(String.class)
                .single();
    }

    private static final String BALANCES = """
            SELECT currency, sum(amount) AS total
            FROM ledger_entries
            WHERE account_id = :account
              AND livemode = :livemode
              AND ledger_account = :ledgerAccount
            GROUP BY currency
            ORDER BY currency
            """;

    List<Money> balances(Tenant tenant, LedgerAccount account) {
        return jdbc.sql(BALANCES)
                .param("account", tenant.accountId())
                .param("livemode", tenant.livemode())
                .param("ledgerAccount", account.code())
                .query((rs, n) -> Money.of(rs.getLong("total"), CurrencyUnit.of(rs.getString("currency"))))
                .list();
    }

    /** A balance transaction as the API shows it. */
    record BalanceTransaction(String id, String type, String sourceId, long amount, long fee, long net, String currency,
            @Nullable Instant availableOn, boolean available, @Nullable String description, Instant created) {
    }

    private static final String SELECT_VISIBLE = """
            SELECT t.id, t.type, t.source_id, t.amount, t.fee, t.net, t.currency, t.available_on, t.description, t.created_at,
                   (t.available_on IS NULL OR EXISTS (SELECT 1
                                                      FROM ledger_transactions r
                                                      WHERE r.account_id = t.account_id
                                                        AND r.livemode = t.livemode
                                                        AND r.type = 'availability'
                                                        AND r.source_id = t.id)) AS available
            FROM ledger_transactions t
            """;

    private static final String FIND = SELECT_VISIBLE + """
            WHERE t.account_id = :account
              AND t.livemode = :livemode
              AND t.id = :id
              AND t.type NOT IN ('availability', 'refund_settlement')
            """;

    java.util.Optional<BalanceTransaction> find(Tenant tenant, String id) {
        return jdbc.sql(FIND)
                .param("account", tenant.accountId())
                .param("livemode", tenant.livemode())
                .param("id", id)
                .query(LedgerRepository::mapBalanceTransaction)
                .optional();
    }

    private static final String LIST = SELECT_VISIBLE + """
            WHERE t.account_id = :account
              AND t.livemode = :livemode
              AND t.type NOT IN ('availability', 'refund_settlement')
              AND (CAST(:source AS text) IS NULL OR t.source_id = CAST(:source AS text))
              AND (CAST(:type AS text) IS NULL OR t.type = CAST(:type AS text))
            """ + Keyset.PAGE;

    List<BalanceTransaction> list(Tenant tenant, ListParams params, @Nullable String source, @Nullable String type) {
        return Keyset.bind(jdbc.sql(LIST)
                .param("account", tenant.accountId())
                .param("livemode", tenant.livemode())
                .param("source", source)
                .param("type", type),
                params, "balance_transaction", id -> find(tenant, id).map(BalanceTransaction::created))
                .query(LedgerRepository::mapBalanceTransaction)
                .list();
    }

    /** A charge whose funds are due to become available. */
    record Maturing(String id, String accountId, boolean livemode, String currency, long net) {
    }

    private static final String MATURED = """
            SELECT t.id, t.account_id, t.livemode, t.currency, t.net
            FROM ledger_transactions t
            WHERE t.type = 'charge'
              AND t.net <> 0
              AND t.available_on <= :now
              AND NOT EXISTS (SELECT 1
                              FROM ledger_transactions r
                              WHERE r.account_id = t.account_id
                                AND r.livemode = t.livemode
                                AND r.type = 'availability'
                                AND r.source_id = t.id)
            ORDER BY t.available_on
            LIMIT :limit
            """;

    List<Maturing> matured(Instant now, int limit) {
        return jdbc.sql(MATURED)
                .param("now", Timestamp.from(now))
                .param("limit", limit)
                .query((rs, n) -> new Maturing(rs.getString("id"), rs.getString("account_id"), rs.getBoolean("livemode"),
                        rs.getString("currency"), rs.getLong("net")))
                .list();
    }

    private static BalanceTransaction mapBalanceTransaction(ResultSet rs, int row) throws SQLException {
        Timestamp availableOn = rs.getTimestamp("available_on");
        return new BalanceTransaction(rs.getString("id"), rs.getString("type"), rs.getString("source_id"), rs.getLong("amount"),
                rs.getLong("fee"), rs.getLong("net"), rs.getString("currency"),
                availableOn == null ? null : availableOn.toInstant(), rs.getBoolean("available"), rs.getString("description"),
                rs.getTimestamp("created_at").toInstant());
    }
}
