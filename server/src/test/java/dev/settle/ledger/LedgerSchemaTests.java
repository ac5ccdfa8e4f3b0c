package dev.settle.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.settle.support.SettleTest;

/**
 * The ledger's tables accept every account and transaction type the code posts. Migrations widen
 * their CHECK lists by restating them whole; two modules' migrations once each restated their own
 * list, and the later one silently took the earlier one's accounts away.
 */
@SettleTest
class LedgerSchemaTests {

    /** Every transaction type a posting is made with (ledger.internal's postings). */
    private static final String[] TYPES = {"charge", "refund", "refund_settlement", "refund_failure", "availability", "adjustment",
            "invoice", "invoice_payment", "invoice_void", "invoice_uncollectible", "payout"};

    @Autowired
    JdbcClient jdbc;

    @Test
    void everyLedgerAccountIsAllowedByTheEntriesTable() {
        String check = constraint("ledger_entries_ledger_account_check");
        assertThat(Arrays.stream(LedgerAccount.values()).map(account -> "'" + account.name().toLowerCase(Locale.ROOT) + "'"))
                .allSatisfy(name -> assertThat(check).contains(name));
    }

    @Test
    void everyTransactionTypeIsAllowedByTheTransactionsTable() {
        String check = constraint("ledger_transactions_type_check");
        assertThat(Arrays.stream(TYPES).map(type -> "'" + type + "'")).allSatisfy(name -> assertThat(check).contains(name));
    }

    private String constraint(String name) {
        return jdbc.sql("SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = :name")
                .param("name", name).query(String.class).single();
    }
}
