-- Billing: test clocks, subscriptions and their items, invoices and their lines, pending invoice
-- items, customer credit balances, per-account billing settings and invoice number counters.

CREATE TABLE billing_test_clocks (
    id          TEXT        PRIMARY KEY,
    account_id  TEXT        NOT NULL,
    livemode    BOOLEAN     NOT NULL CHECK (NOT livemode),
    name        TEXT,
    frozen_time TIMESTAMPTZ NOT NULL,
    target_time TIMESTAMPTZ NOT NULL,
    status      TEXT        NOT NULL CHECK (status IN ('ready', 'advancing')),
    created_at  TIMESTAMPTZ NOT NULL,
    deleted_at  TIMESTAMPTZ
);

CREATE INDEX billing_test_clocks_list_idx ON billing_test_clocks (account_id, livemode, created_at DESC, id DESC) WHERE deleted_at IS NULL;
CREATE INDEX billing_test_clocks_advancing_idx ON billing_test_clocks (id) WHERE status = 'advancing';

CREATE TABLE billing_subscriptions (
    id                   TEXT        PRIMARY KEY,
    account_id           TEXT        NOT NULL,
    livemode             BOOLEAN     NOT NULL,
    customer_id          TEXT        NOT NULL,
    test_clock_id        TEXT        REFERENCES billing_test_clocks (id),
    status               TEXT        NOT NULL CHECK (status IN ('incomplete', 'incomplete_expired', 'trialing', 'active',
                                         'past_due', 'unpaid', 'canceled', 'paused')),
    currency             TEXT        NOT NULL,
    recur_interval       TEXT        NOT NULL,
    interval_count       INT         NOT NULL,
    billing_cycle_anchor TIMESTAMPTZ NOT NULL,
    -- Periods are counted from the anchor: period n is [anchor + n intervals, anchor + n+1 intervals).
    period_index         BIGINT      NOT NULL,
    current_period_start TIMESTAMPTZ NOT NULL,
    current_period_end   TIMESTAMPTZ NOT NULL,
    trial_start          TIMESTAMPTZ,
    trial_end            TIMESTAMPTZ,
    cancel_at_period_end BOOLEAN     NOT NULL DEFAULT false,
    cancel_at            TIMESTAMPTZ,
    canceled_at          TIMESTAMPTZ,
    ended_at             TIMESTAMPTZ,
    collection_method    TEXT        NOT NULL CHECK (collection_method IN ('charge_automatically', 'send_invoice')),
    days_until_due       INT,
    pause_behavior       TEXT        CHECK (pause_behavior IN ('void', 'keep_as_draft', 'mark_uncollectible')),
    latest_invoice_id    TEXT,
    metadata             JSONB       NOT NULL DEFAULT '{}',
    -- When the renewal pass must next look at it (period end, or cancel_at); NULL once ended.
    next_action_at       TIMESTAMPTZ,
    created_at           TIMESTAMPTZ NOT NULL
);

CREATE INDEX billing_subscriptions_list_idx ON billing_subscriptions (account_id, livemode, created_at DESC, id DESC);
CREATE INDEX billing_subscriptions_customer_idx ON billing_subscriptions (customer_id);
CREATE INDEX billing_subscriptions_due_idx ON billing_subscriptions (next_action_at) WHERE next_action_at IS NOT NULL;
CREATE INDEX billing_subscriptions_clock_idx ON billing_subscriptions (test_clock_id, next_action_at) WHERE test_clock_id IS NOT NULL;

-- customer.subscription.trial_will_end, sent once per subscription (the insert is the claim).
CREATE TABLE billing_trial_notices (
    subscription_id TEXT        PRIMARY KEY REFERENCES billing_subscriptions (id),
    sent_at         TIMESTAMPTZ NOT NULL
);

-- invoice.upcoming, sent once per subscription and period (the insert is the claim).
CREATE TABLE billing_upcoming_notices (
    subscription_id TEXT        NOT NULL REFERENCES billing_subscriptions (id),
    period_start    TIMESTAMPTZ NOT NULL,
    sent_at         TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (subscription_id, period_start)
);

CREATE TABLE billing_subscription_items (
    id              TEXT        PRIMARY KEY,
    subscription_id TEXT        NOT NULL REFERENCES billing_subscriptions (id),
    price_id        TEXT        NOT NULL,
    quantity        BIGINT      NOT NULL CHECK (quantity >= 0),
    position        INT         NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL
);

CREATE INDEX billing_subscription_items_subscription_idx ON billing_subscription_items (subscription_id, position);

CREATE TABLE billing_invoices (
    id                   TEXT        PRIMARY KEY,
    account_id           TEXT        NOT NULL,
    livemode             BOOLEAN     NOT NULL,
    customer_id          TEXT        NOT NULL,
    subscription_id      TEXT        REFERENCES billing_subscriptions (id),
    test_clock_id        TEXT,
    number               TEXT,
    status               TEXT        NOT NULL CHECK (status IN ('draft', 'open', 'paid', 'void', 'uncollectible')),
    billing_reason       TEXT        NOT NULL CHECK (billing_reason IN ('subscription_create', 'subscription_cycle',
                                         'subscription_update', 'manual')),
    collection_method    TEXT        NOT NULL,
    currency             TEXT        NOT NULL,
    period_start         TIMESTAMPTZ NOT NULL,
    period_end           TIMESTAMPTZ NOT NULL,
    subtotal             BIGINT      NOT NULL,
    total                BIGINT      NOT NULL,
    starting_balance     BIGINT      NOT NULL,
    ending_balance       BIGINT,
    amount_due           BIGINT      NOT NULL CHECK (amount_due >= 0),
    amount_paid          BIGINT      NOT NULL DEFAULT 0 CHECK (amount_paid >= 0),
    amount_remaining     BIGINT      NOT NULL CHECK (amount_remaining >= 0),
    attempt_count        INT         NOT NULL DEFAULT 0,
    auto_finalize_at     TIMESTAMPTZ,
    next_payment_attempt TIMESTAMPTZ,
    due_date             TIMESTAMPTZ,
    first_failure_at     TIMESTAMPTZ,
    payment_intent_id    TEXT,
    finalized_at         TIMESTAMPTZ,
    paid_at              TIMESTAMPTZ,
    voided_at            TIMESTAMPTZ,
    metadata             JSONB       NOT NULL DEFAULT '{}',
    created_at           TIMESTAMPTZ NOT NULL,
    CHECK (amount_remaining = amount_due - amount_paid OR status IN ('void', 'uncollectible'))
);

-- Renewals exactly once: one invoice per subscription and period, however many renewal passes
-- (nodes, scheduler instances, retries) try to make it. The renewal pass relies on this index.
CREATE UNIQUE INDEX billing_invoices_one_per_period_idx ON billing_invoices (subscription_id, period_start)
    WHERE billing_reason IN ('subscription_create', 'subscription_cycle');
CREATE UNIQUE INDEX billing_invoices_number_idx ON billing_invoices (account_id, livemode, number) WHERE number IS NOT NULL;
CREATE INDEX billing_invoices_list_idx ON billing_invoices (account_id, livemode, created_at DESC, id DESC);
CREATE INDEX billing_invoices_subscription_idx ON billing_invoices (subscription_id, created_at DESC);
CREATE INDEX billing_invoices_finalize_idx ON billing_invoices (auto_finalize_at) WHERE status = 'draft' AND auto_finalize_at IS NOT NULL;
CREATE INDEX billing_invoices_collect_idx ON billing_invoices (next_payment_attempt) WHERE status = 'open' AND next_payment_attempt IS NOT NULL;

CREATE TABLE billing_invoice_lines (
    id           TEXT        PRIMARY KEY,
    invoice_id   TEXT        NOT NULL REFERENCES billing_invoices (id),
    position     INT         NOT NULL,
    type         TEXT        NOT NULL CHECK (type IN ('subscription', 'invoiceitem')),
    description  TEXT        NOT NULL,
    amount       BIGINT      NOT NULL,
    price_id     TEXT,
    quantity     BIGINT,
    proration    BOOLEAN     NOT NULL,
    period_start TIMESTAMPTZ NOT NULL,
    period_end   TIMESTAMPTZ NOT NULL
);

CREATE INDEX billing_invoice_lines_invoice_idx ON billing_invoice_lines (invoice_id, position);

-- One-off and proration items waiting for the customer's next invoice (invoice_id NULL until then).
CREATE TABLE billing_invoice_items (
    id              TEXT        PRIMARY KEY,
    account_id      TEXT        NOT NULL,
    livemode        BOOLEAN     NOT NULL,
    customer_id     TEXT        NOT NULL,
    subscription_id TEXT,
    invoice_id      TEXT,
    currency        TEXT        NOT NULL,
    amount          BIGINT      NOT NULL,
    description     TEXT        NOT NULL,
    price_id        TEXT,
    quantity        BIGINT,
    proration       BOOLEAN     NOT NULL,
    period_start    TIMESTAMPTZ NOT NULL,
    period_end      TIMESTAMPTZ NOT NULL,
    metadata        JSONB       NOT NULL DEFAULT '{}',
    created_at      TIMESTAMPTZ NOT NULL
);

CREATE INDEX billing_invoice_items_list_idx ON billing_invoice_items (account_id, livemode, created_at DESC, id DESC);
CREATE INDEX billing_invoice_items_pending_idx ON billing_invoice_items (customer_id, currency) WHERE invoice_id IS NULL;
CREATE INDEX billing_invoice_items_pending_sub_idx ON billing_invoice_items (subscription_id) WHERE invoice_id IS NULL;

-- A customer's credit balance per currency, Stripe's sign: negative is credit the customer holds.
CREATE TABLE billing_customer_balances (
    account_id  TEXT   NOT NULL,
    livemode    BOOLEAN NOT NULL,
    customer_id TEXT   NOT NULL,
    currency    TEXT   NOT NULL,
    balance     BIGINT NOT NULL,
    PRIMARY KEY (customer_id, currency)
);

-- Gap-free invoice numbers: the counter moves in the transaction that finalizes.
CREATE TABLE billing_invoice_numbers (
    account_id  TEXT    NOT NULL,
    livemode    BOOLEAN NOT NULL,
    prefix      TEXT    NOT NULL,
    last_number BIGINT  NOT NULL,
    PRIMARY KEY (account_id, livemode)
);

CREATE TABLE billing_settings (
    account_id         TEXT    NOT NULL,
    livemode           BOOLEAN NOT NULL,
    retry_days         INT[]   NOT NULL,
    after_final_retry  TEXT    NOT NULL CHECK (after_final_retry IN ('cancel', 'unpaid')),
    PRIMARY KEY (account_id, livemode)
);
