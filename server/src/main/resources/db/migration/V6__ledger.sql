-- Double-entry ledger. Amounts are signed minor units: debits positive, credits negative, so
-- every transaction's entries sum to zero. See docs/ledger.md for the chart of accounts.

CREATE TABLE ledger_transactions (
    id           TEXT        PRIMARY KEY,
    account_id   TEXT        NOT NULL,
    livemode     BOOLEAN     NOT NULL,
    currency     TEXT        NOT NULL,
    type         TEXT        NOT NULL CHECK (type IN ('charge', 'refund', 'refund_failure', 'availability', 'adjustment')),
    source_id    TEXT        NOT NULL,
    amount       BIGINT      NOT NULL,
    fee          BIGINT      NOT NULL,
    net          BIGINT      NOT NULL CHECK (net = amount - fee),
    available_on TIMESTAMPTZ,
    description  TEXT,
    created_at   TIMESTAMPTZ NOT NULL
);

-- One posting per cause: a charge's capture, a refund, a release of funds can each be
-- posted once only, however many times (or from however many nodes) it is attempted.
CREATE UNIQUE INDEX ledger_transactions_source_idx ON ledger_transactions (account_id, livemode, type, source_id);
CREATE INDEX ledger_transactions_list_idx ON ledger_transactions (account_id, livemode, created_at DESC, id DESC);
CREATE INDEX ledger_transactions_maturing_idx ON ledger_transactions (available_on) WHERE type = 'charge' AND net <> 0;

CREATE TABLE ledger_entries (
    id             BIGSERIAL   PRIMARY KEY,
    transaction_id TEXT        NOT NULL REFERENCES ledger_transactions (id),
    account_id     TEXT        NOT NULL,
    livemode       BOOLEAN     NOT NULL,
    currency       TEXT        NOT NULL,
    ledger_account TEXT        NOT NULL CHECK (ledger_account IN (
                       'receivable_pending', 'receivable_available', 'processor_fees',
                       'gross_volume', 'refunds', 'refunds_pending')),
    amount         BIGINT      NOT NULL CHECK (amount <> 0),
    created_at     TIMESTAMPTZ NOT NULL
);

CREATE INDEX ledger_entries_balance_idx ON ledger_entries (account_id, livemode, ledger_account, currency) INCLUDE (amount);
CREATE INDEX ledger_entries_transaction_idx ON ledger_entries (transaction_id);

-- Immutable: corrections are new transactions, never edits.
CREATE FUNCTION ledger_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'ledger rows are immutable (% on %)', TG_OP, TG_TABLE_NAME;
END;
$$;

CREATE TRIGGER ledger_transactions_immutable BEFORE UPDATE OR DELETE ON ledger_transactions
    FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER ledger_entries_immutable BEFORE UPDATE OR DELETE ON ledger_entries
    FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();

-- Balanced at commit: a database transaction that leaves any ledger transaction with entries
-- not summing to zero, in one currency, with fewer than two entries, fails to commit.
CREATE FUNCTION ledger_check_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    total BIGINT;
    entries INT;
    currencies INT;
BEGIN
    SELECT coalesce(sum(amount), 0), count(*), count(DISTINCT currency)
    INTO total, entries, currencies
    FROM ledger_entries
    WHERE transaction_id = NEW.transaction_id;
    IF total <> 0 OR entries < 2 OR currencies <> 1 THEN
        RAISE EXCEPTION 'ledger transaction % is unbalanced (sum %, % entries, % currencies)',
            NEW.transaction_id, total, entries, currencies;
    END IF;
    RETURN NULL;
END;
$$;

CREATE CONSTRAINT TRIGGER ledger_entries_balanced AFTER INSERT ON ledger_entries
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION ledger_check_balanced();
