-- Refunds post three kinds of transactions: 'refund' when created (funds held), 'refund_settlement'
-- when the processor confirms it, 'refund_failure' when it fails or is canceled (the hold reversed).
ALTER TABLE ledger_transactions DROP CONSTRAINT ledger_transactions_type_check;
ALTER TABLE ledger_transactions ADD CONSTRAINT ledger_transactions_type_check
    CHECK (type IN ('charge', 'refund', 'refund_settlement', 'refund_failure', 'availability', 'adjustment'));
