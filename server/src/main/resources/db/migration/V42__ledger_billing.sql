-- Billing's postings (docs/ledger.md): an invoice finalized, paid, voided or written off, and the
-- customer credit balance it draws on or adds to.
ALTER TABLE ledger_transactions DROP CONSTRAINT ledger_transactions_type_check;
ALTER TABLE ledger_transactions ADD CONSTRAINT ledger_transactions_type_check
    CHECK (type IN ('charge', 'refund', 'refund_settlement', 'refund_failure', 'availability', 'adjustment',
                    'invoice', 'invoice_payment', 'invoice_void', 'invoice_uncollectible'));
ALTER TABLE ledger_entries DROP CONSTRAINT ledger_entries_ledger_account_check;
ALTER TABLE ledger_entries ADD CONSTRAINT ledger_entries_ledger_account_check
    CHECK (ledger_account IN ('receivable_pending', 'receivable_available', 'processor_fees',
                              'gross_volume', 'refunds', 'refunds_pending',
                              'invoices_receivable', 'billed_revenue', 'customer_credit', 'bad_debt'));
