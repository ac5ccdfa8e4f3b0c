-- Payout statements (one line per payout): how many balance transactions each says it settles,
-- and a payout's line found by its id among the account's itemized reports.
ALTER TABLE reconciliation_report_lines ADD COLUMN transaction_count INT;
CREATE INDEX reconciliation_report_lines_payout_idx ON reconciliation_report_lines (reference) WHERE category = 'payout';
