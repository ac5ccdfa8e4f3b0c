-- Payouts (the processor paid funds out to the merchant's bank) and reconciliation's resolutions
-- post to the ledger: 'payout' moves funds from receivable_available to bank; a resolved
-- discrepancy posts an 'adjustment' against reconciliation_adjustments or write_offs.
-- The lists keep what V42 added for billing: each migration that widens them restates them whole.
ALTER TABLE ledger_transactions DROP CONSTRAINT ledger_transactions_type_check;
ALTER TABLE ledger_transactions ADD CONSTRAINT ledger_transactions_type_check
    CHECK (type IN ('charge', 'refund', 'refund_settlement', 'refund_failure', 'availability', 'adjustment',
                    'invoice', 'invoice_payment', 'invoice_void', 'invoice_uncollectible', 'payout'));

ALTER TABLE ledger_entries DROP CONSTRAINT ledger_entries_ledger_account_check;
ALTER TABLE ledger_entries ADD CONSTRAINT ledger_entries_ledger_account_check CHECK (ledger_account IN (
    'receivable_pending', 'receivable_available', 'processor_fees', 'gross_volume', 'refunds', 'refunds_pending',
    'invoices_receivable', 'billed_revenue', 'customer_credit', 'bad_debt',
    'bank', 'reconciliation_adjustments', 'write_offs'));
