package dev.settle.reconciliation.internal;

import java.sql.Timestamp;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.settle.ledger.Ledger;
import dev.settle.shared.CurrencyUnit;
import dev.settle.shared.Money;
import dev.settle.tenancy.AccountId;
import dev.settle.tenancy.Tenant;

/**
 * A report's payouts: each is checked against the lines that name it (their net must add up to
 * what was paid out: {@code matched}, else {@code amount_mismatch}), and posted to the ledger as
 * what reached the bank, in the run's transaction.
 */
@Component
class Payouts {

    private final JdbcClient jdbc;
    private final Ledger ledger;

    Payouts(JdbcClient jdbc, Ledger ledger) {
        this.jdbc = jdbc;
        this.ledger = ledger;
    }

    private record Payout(int line, String reference, long paid, String currency, Timestamp created, long settled, long lines) {
    }

    private static final String PAYOUTS = """
            SELECT p.line, p.reference, -p.net AS paid, p.currency, p.created, coalesce(s.settled, 0) AS settled,
                   coalesce(s.lines, 0) AS lines
            FROM reconciliation_report_lines p
            LEFT JOIN (SELECT payout_id, sum(net) AS settled, count(*) AS lines
                       FROM reconciliation_report_lines
                       WHERE report_id = :report
                         AND category <> 'payout'
                         AND payout_id IS NOT NULL
                       GROUP BY payout_id) s ON s.payout_id = p.reference
            WHERE p.report_id = :report
              AND p.category = 'payout'
            ORDER BY p.line
            """;

    private static final String INSERT_ITEM = """
            INSERT INTO reconciliation_items (id, account_id, livemode, run_id, class, category, reference, report_line, currency,
                                              expected_amount, expected_fee, reported_amount, reported_fee, reported_currency,
                                              occurred_at, status, created_at)
            VALUES ('rci_' || substr(:run, 5) || lpad(to_hex(:line), 8, '0'), :account, :livemode, :run, :class, 'payout', :reference,
                    :line, :currency, :settled, 0, :paid, 0, :currency, :created, 'open', :asOf)
            """;

    /**
     * A payout statement's lines, each against the payout as the earliest itemized report of this
     * account stated it (its payout line, and the balance transactions of that report naming it):
     * {@code duplicate} (the payout again in this statement), {@code missing_internally} (no
     * itemized report has it yet), {@code currency_mismatch}, {@code amount_mismatch} (another
     * amount, or another number of balance transactions), else {@code matched}. Posts nothing:
     * the itemized report's run posted the payout.
     */
    private static final String STATEMENT = """
            INSERT INTO reconciliation_items (id, account_id, livemode, run_id, class, category, reference, report_line, currency,
                                              expected_amount, expected_fee, reported_amount, reported_fee, reported_currency,
                                              occurred_at, status, created_at)
            SELECT 'rci_' || substr(:run, 5) || lpad(to_hex(p.line), 8, '0'), :account, :livemode, :run,
                   CASE
                       WHEN p.nth > 1 THEN 'duplicate'
                       WHEN s.paid IS NULL THEN 'missing_internally'
                       WHEN s.currency <> p.currency THEN 'currency_mismatch'
                       WHEN s.paid <> p.paid OR s.lines <> p.transaction_count THEN 'amount_mismatch'
                       ELSE 'matched'
                   END,
                   'payout_statement', p.reference, p.line, coalesce(s.currency, p.currency), s.paid, 0, p.paid, 0, p.currency,
                   p.created, 'open', :asOf
            FROM (SELECT line, reference, -net AS paid, currency, created, transaction_count,
                         row_number() OVER (PARTITION BY reference ORDER BY line) AS nth
                  FROM reconciliation_report_lines
                  WHERE report_id = :report) p
            LEFT JOIN LATERAL (
                SELECT -l.net AS paid, l.currency,
                       (SELECT count(*)
                        FROM reconciliation_report_lines n
                        WHERE n.report_id = l.report_id
                          AND n.payout_id = l.reference
                          AND n.category <> 'payout') AS lines
                FROM reconciliation_report_lines l
                JOIN reconciliation_reports r ON r.id = l.report_id
                WHERE l.category = 'payout'
                  AND l.reference = p.reference
                  AND r.account_id = :account
                  AND r.livemode = :livemode
                  AND r.layout <> 'payouts'
                ORDER BY r.created_at, r.id
                LIMIT 1) s ON true
            """;

    void verifyStatement(RunMatcher.Run run) {
        jdbc.sql(STATEMENT).params(run.params()).update();
    }

    void settle(RunMatcher.Run run) {
        Tenant tenant = new Tenant(new AccountId(run.accountId()), run.livemode());
        List<Payout> payouts = jdbc.sql(PAYOUTS)
                .param("report", run.reportId())
                .query((rs, n) -> new Payout(rs.getInt("line"), rs.getString("reference"), rs.getLong("paid"), rs.getString("currency"),
                        rs.getTimestamp("created"), rs.getLong("settled"), rs.getLong("lines")))
                .list();
        for (Payout payout : payouts) {
            boolean balanced = payout.lines() > 0 && payout.settled() == payout.paid();
            jdbc.sql(INSERT_ITEM)
                    .params(Map.ofEntries(Map.entry("run", run.id()), Map.entry("account", run.accountId()),
                            Map.entry("livemode", run.livemode()), Map.entry("reference", payout.reference()), Map.entry("line", payout.line()),
                            Map.entry("class", balanced ? "matched" : "amount_mismatch"), Map.entry("settled", payout.settled()),
                            Map.entry("paid", payout.paid()), Map.entry("currency", payout.currency()), Map.entry("created", payout.created()),
                            Map.entry("asOf", Timestamp.from(run.asOf()))))
                    .update();
            if (payout.paid() != 0) {
                ledger.postPayout(tenant, payout.reference(), Money.of(payout.paid(), CurrencyUnit.of(payout.currency())),
                        "Payout " + payout.reference());
            }
        }
    }
}
