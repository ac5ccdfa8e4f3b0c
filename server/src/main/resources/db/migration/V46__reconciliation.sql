-- Reconciliation: Settle's own books as this module keeps them (from payments' and refunds'
-- events, never read from their tables), settlement reports and their lines, runs and items.

-- One row per processor balance transaction Settle expects: a captured charge (amount and fee
-- positive) or a succeeded refund (amount negative, fee negative where the processor returns it).
-- Written once, never updated.
CREATE TABLE reconciliation_books (
    account_id  TEXT        NOT NULL,
    livemode    BOOLEAN     NOT NULL,
    reference   TEXT        NOT NULL,
    processor   TEXT        NOT NULL,
    kind        TEXT        NOT NULL CHECK (kind IN ('charge', 'refund')),
    object_id   TEXT        NOT NULL,
    amount      BIGINT      NOT NULL,
    fee         BIGINT      NOT NULL,
    currency    TEXT        NOT NULL,
    occurred_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (account_id, livemode, reference)
);

CREATE INDEX reconciliation_books_period_idx ON reconciliation_books (account_id, livemode, occurred_at);

-- What runs have decided about a book entry: reported (a report had it) or missing (its SLA passed
-- unreported). No row: not reported yet. Kept apart from the books so that a run inserts one narrow
-- row per reported entry instead of updating the entry (and its indexes).
CREATE TABLE reconciliation_book_states (
    account_id TEXT    NOT NULL,
    livemode   BOOLEAN NOT NULL,
    reference  TEXT    NOT NULL,
    state      TEXT    NOT NULL CHECK (state IN ('reported', 'missing')),
    PRIMARY KEY (account_id, livemode, reference)
);

-- A report, once per file: the same bytes (SHA-256) for the same account and mode are one report.
CREATE TABLE reconciliation_reports (
    id           TEXT        PRIMARY KEY,
    account_id   TEXT        NOT NULL,
    livemode     BOOLEAN     NOT NULL,
    sha256       TEXT        NOT NULL,
    file_key     TEXT        NOT NULL,
    layout       TEXT        NOT NULL,
    size         BIGINT      NOT NULL,
    line_count   INT         NOT NULL,
    error_count  INT         NOT NULL,
    period_start TIMESTAMPTZ,
    period_end   TIMESTAMPTZ,
    created_at   TIMESTAMPTZ NOT NULL,
    UNIQUE (account_id, livemode, sha256)
);

-- A report's good lines, amounts in minor units. category: charge, refund, payout, fee, ...
CREATE TABLE reconciliation_report_lines (
    report_id  TEXT        NOT NULL,
    line       INT         NOT NULL,
    row_id     TEXT,
    category   TEXT        NOT NULL,
    reference  TEXT        NOT NULL,
    charge_ref TEXT,
    gross      BIGINT      NOT NULL,
    fee        BIGINT      NOT NULL,
    net        BIGINT      NOT NULL,
    currency   TEXT        NOT NULL,
    payout_id  TEXT,
    created    TIMESTAMPTZ NOT NULL
);

-- Lines are only ever read by report, all of them: one key per report, which the B-tree's
-- deduplication keeps small and cheap to insert into (a unique (report_id, line) key cost a
-- full index entry per line). Line numbers are unique within a report by construction.
CREATE INDEX reconciliation_report_lines_report_idx ON reconciliation_report_lines (report_id);

-- A report's bad lines: why each was refused, by line number.
CREATE TABLE reconciliation_report_errors (
    report_id TEXT NOT NULL,
    line      INT  NOT NULL,
    code      TEXT NOT NULL,
    param     TEXT,
    message   TEXT NOT NULL,
    PRIMARY KEY (report_id, line)
);

-- One run per report. as_of and sla fix what the run decides, so a run repeated after a crash
-- decides the same.
CREATE TABLE reconciliation_runs (
    id           TEXT        PRIMARY KEY,
    account_id   TEXT        NOT NULL,
    livemode     BOOLEAN     NOT NULL,
    report_id    TEXT        NOT NULL UNIQUE,
    status       TEXT        NOT NULL CHECK (status IN ('pending', 'completed')),
    as_of        TIMESTAMPTZ NOT NULL,
    sla_seconds  BIGINT      NOT NULL,
    counts       JSONB,
    created_at   TIMESTAMPTZ NOT NULL,
    completed_at TIMESTAMPTZ
);

CREATE INDEX reconciliation_runs_list_idx ON reconciliation_runs (account_id, livemode, created_at DESC, id DESC);

-- What a run found, one row per report line or unreported book entry. status: open, resolved
-- (by a person), superseded (an expected item a later run settled).
CREATE TABLE reconciliation_items (
    id                 TEXT        PRIMARY KEY,
    account_id         TEXT        NOT NULL,
    livemode           BOOLEAN     NOT NULL,
    run_id             TEXT        NOT NULL,
    class              TEXT        NOT NULL CHECK (class IN ('matched', 'amount_mismatch', 'fee_mismatch', 'currency_mismatch',
                                       'missing_in_report', 'missing_internally', 'duplicate', 'expected')),
    category           TEXT        NOT NULL,
    reference          TEXT        NOT NULL,
    object_id          TEXT,
    report_line        INT,
    currency           TEXT        NOT NULL,
    expected_amount    BIGINT,
    expected_fee       BIGINT,
    reported_amount    BIGINT,
    reported_fee       BIGINT,
    reported_currency  TEXT,
    occurred_at        TIMESTAMPTZ NOT NULL,
    status             TEXT        NOT NULL CHECK (status IN ('open', 'resolved', 'superseded')),
    resolution         TEXT,
    note               TEXT,
    resolved_by        TEXT,
    resolved_at        TIMESTAMPTZ,
    ledger_transaction TEXT,
    created_at         TIMESTAMPTZ NOT NULL
);

CREATE INDEX reconciliation_items_list_idx ON reconciliation_items (account_id, livemode, created_at DESC, id DESC);
CREATE INDEX reconciliation_items_run_idx ON reconciliation_items (run_id, class);
CREATE INDEX reconciliation_items_expected_idx ON reconciliation_items (account_id, livemode, reference) WHERE status = 'open' AND class = 'expected';

-- The daily pull: which account's report of which day has been fetched from which processor.
CREATE TABLE reconciliation_pulls (
    account_id TEXT        NOT NULL,
    livemode   BOOLEAN     NOT NULL,
    processor  TEXT        NOT NULL,
    day        DATE        NOT NULL,
    report_id  TEXT        NOT NULL,
    pulled_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (account_id, livemode, processor, day)
);

CREATE INDEX reconciliation_books_day_idx ON reconciliation_books (occurred_at);

-- An account's own SLA (POST /v1/reconciliation/settings), over settle.reconciliation.sla.
CREATE TABLE reconciliation_settings (
    account_id  TEXT    NOT NULL,
    livemode    BOOLEAN NOT NULL,
    sla_seconds BIGINT  NOT NULL CHECK (sla_seconds >= 0),
    PRIMARY KEY (account_id, livemode)
);
