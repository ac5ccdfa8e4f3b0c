#!/usr/bin/env bash
# The cost of the ledger's posting check (the statement-level trigger on ledger_entries), as
# migrated in V21 and as replaced in V22, against no check: one connection posts one charge
# (a ledger transaction and its three entries, Settle's statement) as fast as it can on tables
# that start empty, and pgbench prints the rate and latency every 5 s.
#
#   bench/ledger-check.sh [seconds]     uses psql and pgbench with the usual PG* variables
#                                       (default: 127.0.0.1, user postgres, database postgres)
#
# Writes only to three scratch schemas (bench_ledger_v21, _v22, _none), dropped at the end.
# Commits are not synced (synchronous_commit=off): this measures the statement, not the disk.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH=${1:-30}
export PGHOST=${PGHOST:-127.0.0.1} PGUSER=${PGUSER:-postgres} PGDATABASE=${PGDATABASE:-postgres}
MIGRATIONS=server/src/main/resources/db/migration
V21=$MIGRATIONS/V21__ledger_checked_per_statement.sql
V22=$MIGRATIONS/V22__ledger_check_without_entries_scan.sql
SCRIPT=$(mktemp)
trap 'rm -f "$SCRIPT"; psql -q -c "DROP SCHEMA IF EXISTS bench_ledger_v21, bench_ledger_v22, bench_ledger_none CASCADE" 2>/dev/null' EXIT

tables() {
  cat <<SQL
DROP SCHEMA IF EXISTS $1 CASCADE;
CREATE SCHEMA $1;
SET search_path = $1;
CREATE TABLE ledger_transactions (id TEXT PRIMARY KEY, account_id TEXT NOT NULL, livemode BOOLEAN NOT NULL,
    currency TEXT NOT NULL, type TEXT NOT NULL, source_id TEXT NOT NULL, amount BIGINT NOT NULL, fee BIGINT NOT NULL,
    net BIGINT NOT NULL CHECK (net = amount - fee), available_on TIMESTAMPTZ, description TEXT, created_at TIMESTAMPTZ NOT NULL);
CREATE UNIQUE INDEX ON ledger_transactions (account_id, livemode, type, source_id);
CREATE INDEX ON ledger_transactions (account_id, livemode, created_at DESC, id DESC);
CREATE INDEX ON ledger_transactions (available_on) WHERE type = 'charge' AND net <> 0;
CREATE TABLE ledger_entries (id BIGSERIAL PRIMARY KEY, transaction_id TEXT NOT NULL, account_id TEXT NOT NULL,
    livemode BOOLEAN NOT NULL, currency TEXT NOT NULL, ledger_account TEXT NOT NULL,
    amount BIGINT NOT NULL CHECK (amount <> 0), created_at TIMESTAMPTZ NOT NULL);
CREATE INDEX ON ledger_entries (account_id, livemode, ledger_account, currency) INCLUDE (amount);
CREATE INDEX ON ledger_entries (transaction_id);
SQL
}

# The check exactly as the migrations define it: V21's function and trigger, then V22's function.
{
  tables bench_ledger_none
  tables bench_ledger_v21
  sed -n '/^CREATE FUNCTION/,/^\$\$;/p; /^CREATE TRIGGER/,/;$/p' "$V21"
  tables bench_ledger_v22
  sed -n '/^CREATE FUNCTION/,/^\$\$;/p; /^CREATE TRIGGER/,/;$/p' "$V21"
  sed -n '/^CREATE OR REPLACE FUNCTION/,/^\$\$;/p' "$V22"
} | psql -q -v ON_ERROR_STOP=1 2>&1 | grep -v NOTICE || true

cat > "$SCRIPT" <<'SQL'
\set n random(1, 2000000000)
WITH txn AS (
    INSERT INTO ledger_transactions (id, account_id, livemode, currency, type, source_id, amount, fee, net,
                                     available_on, description, created_at)
    VALUES ('txn_' || :n || '_' || txid_current(), 'acct_bench', false, 'usd', 'charge', 'ch_' || :n || '_' || txid_current(),
            1000, 59, 941, now() + interval '2 days', NULL, now())
    ON CONFLICT (account_id, livemode, type, source_id) DO NOTHING
    RETURNING id
)
INSERT INTO ledger_entries (transaction_id, account_id, livemode, currency, ledger_account, amount, created_at)
SELECT txn.id, 'acct_bench', false, 'usd', entry.ledger_account, entry.amount, now()
FROM txn CROSS JOIN (VALUES ('receivable_pending', 941::bigint), ('processor_fees', 59::bigint),
                            ('gross_volume', -1000::bigint)) AS entry (ledger_account, amount);
SQL

for schema in bench_ledger_none bench_ledger_v21 bench_ledger_v22; do
  echo "== $schema: one connection, ${SECONDS_EACH} s, from empty tables"
  PGOPTIONS="-c search_path=$schema -c synchronous_commit=off" \
    pgbench -n -M prepared -c 1 -T "$SECONDS_EACH" -P 5 -f "$SCRIPT" 2>&1 | grep -E '^progress|^tps|^latency average'
done
