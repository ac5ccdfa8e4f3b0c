package dev.settle.reconciliation.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * A run's matching, set-based: a handful of statements over the report's lines and the books,
 * whatever their size (one hash join, no round trip per line). Item ids derive from the run and
 * the line or reference, and the run's as-of time and SLA were fixed when it was created, so
 * running it again after a crash (its transaction rolled back) decides exactly the same.
 */
@Component
class RunMatcher {

    private final JdbcClient jdbc;

    RunMatcher(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record Run(String id, String accountId, boolean livemode, String reportId, Instant asOf, long slaSeconds, Instant periodEnd) {

        Map<String, Object> params() {
            return Map.of("run", id, "account", accountId, "livemode", livemode, "report", reportId, "asOf", Timestamp.from(asOf),
                    "sla", slaSeconds, "periodEnd", Timestamp.from(periodEnd));
        }
    }

    /** Report lines (payouts aside) against the books. Must run before {@link #LINES_REPORTED}. */
    private static final String CLASSIFY_LINES = """
            INSERT INTO reconciliation_items (id, account_id, livemode, run_id, class, category, reference, object_id, report_line,
                                              currency, expected_amount, expected_fee, reported_amount, reported_fee,
                                              reported_currency, occurred_at, status, created_at)
            SELECT 'rci_' || substr(md5(:run || ':' || l.line), 1, 24), :account, :livemode, :run,
                   CASE
                       WHEN l.nth > 1 OR b.state = 'reported' THEN 'duplicate'
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
            """;

    private static final String LINES_REPORTED = """
            UPDATE reconciliation_books b
            SET state = 'reported'
            FROM (SELECT DISTINCT reference
                  FROM reconciliation_report_lines
                  WHERE report_id = :report
                    AND category <> 'payout') l
            WHERE b.account_id = :account
              AND b.livemode = :livemode
              AND b.reference = l.reference
              AND b.state <> 'reported'
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

    /** Items for book entries no report line had, from a CTE named in the second placeholder. */
    private static final String BOOK_ITEMS = """
            INSERT INTO reconciliation_items (id, account_id, livemode, run_id, class, category, reference, object_id, currency,
                                              expected_amount, expected_fee, occurred_at, status, created_at)
            SELECT 'rci_' || substr(md5(:run || ':' || reference), 1, 24), :account, :livemode, :run, '%s', kind, reference,
                   object_id, currency, amount, fee, occurred_at, 'open', :asOf
            FROM %s
            """;

    /** Book entries whose SLA has passed unreported. */
    private static final String MISSING_IN_REPORT = """
            WITH missing AS (
                UPDATE reconciliation_books
                SET state = 'missing'
                WHERE account_id = :account
                  AND livemode = :livemode
                  AND state = 'open'
                  AND occurred_at < :periodEnd
                  AND occurred_at + make_interval(secs => :sla) <= :asOf
                RETURNING reference, kind, object_id, amount, fee, currency, occurred_at
            )
            """ + BOOK_ITEMS.formatted("missing_in_report", "missing");

    /** Book entries not reported yet and not yet due. */
    private static final String EXPECTED = """
            WITH open AS (
                SELECT reference, kind, object_id, amount, fee, currency, occurred_at
                FROM reconciliation_books
                WHERE account_id = :account
                  AND livemode = :livemode
                  AND state = 'open'
                  AND occurred_at < :periodEnd
            )
            """ + BOOK_ITEMS.formatted("expected", "open");

    /** Classifies the run's report lines and unreported books; payouts are {@link Payouts}' part. */
    void match(Run run) {
        Map<String, Object> params = run.params();
        jdbc.sql(CLASSIFY_LINES).params(params).update();
        jdbc.sql(LINES_REPORTED).params(params).update();
        jdbc.sql(SUPERSEDE_EXPECTED).params(params).update();
        jdbc.sql(MISSING_IN_REPORT).params(params).update();
        jdbc.sql(EXPECTED).params(params).update();
    }
}
