package dev.settle.reconciliation.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * A run's matching, set-based: a handful of statements over the report's lines and the books,
 * whatever their size (one hash join, no round trip per line). Item ids derive from the run and
 * the line (in line order, so the inserts append to the primary key's index) or reference, and the run's as-of time and SLA were fixed when it was created, so
 * running it again after a crash (its transaction rolled back) decides exactly the same.
 */
@Component
class RunMatcher {

    private final JdbcClient jdbc;

    RunMatcher(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record Run(String id, String accountId, boolean livemode, String reportId, Instant asOf, long slaSeconds, Instant periodEnd,
            String layout) {

        /** A payout statement's run checks its payouts against the itemized reports, not the books. */
        boolean payoutStatement() {
            return layout.equals(ReportLayout.PAYOUTS.code);
        }


        Map<String, Object> params() {
            return Map.of("run", id, "account", accountId, "livemode", livemode, "report", reportId, "asOf", Timestamp.from(asOf),
                    "sla", slaSeconds, "periodEnd", Timestamp.from(periodEnd));
        }
    }

    /**
     * Report lines (payouts aside) against the books, and the book entries they reported (by their
     * first line: not a duplicate, not unknown) marked so in the same statement.
     */
    private static final String CLASSIFY_LINES = """
            WITH classified AS (
            INSERT INTO reconciliation_items (id, account_id, livemode, run_id, class, category, reference, object_id, report_line,
                                              currency, expected_amount, expected_fee, reported_amount, reported_fee,
                                              reported_currency, occurred_at, status, created_at)
            SELECT 'rci_' || substr(:run, 5) || lpad(to_hex(l.line), 8, '0'), :account, :livemode, :run,
                   CASE
                       WHEN l.nth > 1 OR s.state = 'reported' THEN 'duplicate'
                       WHEN b.reference IS NULL THEN 'missing_internally'
                       WHEN b.currency <> l.currency THEN 'currency_mismatch'
                       WHEN b.amount <> l.gross THEN 'amount_mismatch'
                       WHEN b.fee <> l.fee THEN 'fee_mismatch'
                       ELSE 'matched'
                   END,
                   l.category, l.reference, b.object_id, l.line, coalesce(b.currency, l.currency),
                   b.amount, b.fee, l.gross, l.fee, l.currency, coalesce(b.occurred_at, l.created), 'open', :asOf
            FROM (SELECT line, category, reference, gross, fee, currency, created,
                         row_number() OVER (PARTITION BY reference ORDER BY line) AS nth
                  FROM reconciliation_report_lines
                  WHERE report_id = :report
                    AND category <> 'payout') l
            LEFT JOIN reconciliation_books b
                   ON b.account_id = :account
                  AND b.livemode = :livemode
                  AND b.reference = l.reference
            LEFT JOIN reconciliation_book_states s
                   ON s.account_id = :account
                  AND s.livemode = :livemode
                  AND s.reference = l.reference
            RETURNING reference, class
            )
            INSERT INTO reconciliation_book_states (account_id, livemode, reference, state)
            SELECT :account, :livemode, reference, 'reported'
            FROM classified
            WHERE class NOT IN ('duplicate', 'missing_internally')
            ON CONFLICT (account_id, livemode, reference) DO UPDATE
            SET state = 'reported'
            """;

    /** Earlier runs' expected items are replaced by what this run finds (matched, missing or expected again). */
    private static final String SUPERSEDE_EXPECTED = """
            UPDATE reconciliation_items
            SET status = 'superseded',
                resolved_at = :asOf
            WHERE account_id = :account
              AND livemode = :livemode
              AND class = 'expected'
              AND status = 'open'
              AND run_id <> :run
            """;

    /**
     * Book entries up to the report's period that no report has had and no run found missing, in
     * one pass: those whose SLA has passed are missing from now on (marked so), the rest expected.
     */
    private static final String UNREPORTED = """
            WITH undecided AS (
                SELECT b.reference, b.kind, b.object_id, b.amount, b.fee, b.currency, b.occurred_at,
                       b.occurred_at + make_interval(secs => :sla) <= :asOf AS due
                FROM reconciliation_books b
                WHERE b.account_id = :account
                  AND b.livemode = :livemode
                  AND b.occurred_at < :periodEnd
                  AND NOT EXISTS (SELECT 1
                                  FROM reconciliation_book_states s
                                  WHERE s.account_id = b.account_id
                                    AND s.livemode = b.livemode
                                    AND s.reference = b.reference)
            ),
            marked AS (
                INSERT INTO reconciliation_book_states (account_id, livemode, reference, state)
                SELECT :account, :livemode, reference, 'missing'
                FROM undecided
                WHERE due
            )
            INSERT INTO reconciliation_items (id, account_id, livemode, run_id, class, category, reference, object_id, currency,
                                              expected_amount, expected_fee, occurred_at, status, created_at)
            SELECT 'rci_' || substr(:run, 5) || 'b' || substr(md5(reference), 1, 16), :account, :livemode, :run,
                   CASE WHEN due THEN 'missing_in_report' ELSE 'expected' END, kind, reference, object_id, currency, amount, fee,
                   occurred_at, 'open', :asOf
            FROM undecided
            """;

    /**
     * Classifies the run's report lines and unreported books; payouts are {@link Payouts}' part.
     * Returns how long each step took, for the run's log line.
     */
    String match(Run run) {
        Map<String, Object> params = run.params();
        StringBuilder steps = new StringBuilder();
        step(steps, "classify", CLASSIFY_LINES, params);
        step(steps, "supersede", SUPERSEDE_EXPECTED, params);
        step(steps, "unreported", UNREPORTED, params);
        return steps.toString();
    }

    private void step(StringBuilder steps, String name, String sql, Map<String, Object> params) {
        long started = System.nanoTime();
        jdbc.sql(sql).params(params).update();
        steps.append(name).append(' ').append((System.nanoTime() - started) / 1_000_000).append(" ms, ");
    }
}
