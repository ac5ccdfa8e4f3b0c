#!/usr/bin/env bash
# Benchmark: dashboard page render times on a large account. Settle on embedded defaults; N payments
# (with their cards and charge attempts, 9 in 10 succeeded, spread over 30 days) written straight
# into its embedded PostgreSQL; then an owner signs in and each page is fetched over HTTP with the
# session cookie, one request at a time after a warm-up, and its p50 / p99 reported.
#
#   bench/dashboard.sh [payments] [requests-per-page]
#   default: 100000 200
set -euo pipefail
cd "$(dirname "$0")/.."
PAYMENTS=${1:-100000}
REQUESTS=${2:-200}
PORT=${BENCH_PORT:-18081}

source bench/lib.sh
start_settle "$PORT"
PG_PORT=$(grep -oE 'Embedded PostgreSQL started on port [0-9]+' "$RUN_DIR/server.log" | grep -oE '[0-9]+$')
BASE="http://localhost:$PORT"
psql_settle() { psql -q -v ON_ERROR_STOP=1 -h localhost -p "$PG_PORT" -U postgres postgres "$@"; }

# --- seed: 1,000 cards (varied last 4), N intents (1 in 100 of one customer), one charge attempt each --
CUSTOMER=$(curl -sf "$BASE/v1/customers" -u "$KEY:" -H 'Content-Type: application/json' -d '{"name":"Bench customer"}' \
  | grep -oE 'cus_[0-9A-Za-z]+' | head -1)
SEED_START=$(date +%s)
psql_settle <<SQL
INSERT INTO payments_methods (id, account_id, livemode, type, brand, last4, exp_month, exp_year, fingerprint, processor,
                              processor_token, created_at)
SELECT 'pm_bench' || lpad(i::text, 16, '0'), '$ACCOUNT', false, 'card', 'visa', lpad((i * 7 % 10000)::text, 4, '0'), 12, 2030,
       md5(i::text), 'simulator', 'tok_bench' || i, now() - interval '31 days'
FROM generate_series(1, 1000) AS i;

INSERT INTO payments_intents (id, account_id, livemode, amount, currency, payment_method_id, capture_method, status,
                              amount_received, last_payment_error, latest_charge_id, customer_id, created_at, updated_at)
SELECT 'pi_bench' || lpad(i::text, 16, '0'), '$ACCOUNT', false, 100 + (i * 37 % 50000), 'usd',
       'pm_bench' || lpad((i % 1000 + 1)::text, 16, '0'), 'automatic',
       CASE WHEN i % 10 = 0 THEN 'requires_payment_method' ELSE 'succeeded' END,
       CASE WHEN i % 10 = 0 THEN 0 ELSE 100 + (i * 37 % 50000) END,
       CASE WHEN i % 10 = 0 THEN '{"type":"card_error","code":"card_declined","decline_code":"generic_decline","message":"Your card was declined."}'::jsonb END,
       'ch_bench' || lpad(i::text, 16, '0'),
       CASE WHEN i % 100 = 0 THEN '$CUSTOMER' END,
       now() - (i::double precision / $PAYMENTS) * interval '30 days', now()
FROM generate_series(1, $PAYMENTS) AS i;

INSERT INTO payments_charges (id, payment_intent_id, account_id, livemode, amount, currency, payment_method_id, processor,
                              processor_reference, status, processor_state, captured, amount_captured, failure_code,
                              failure_message, created_at, updated_at)
SELECT 'ch_bench' || lpad(i::text, 16, '0'), 'pi_bench' || lpad(i::text, 16, '0'), '$ACCOUNT', false, 100 + (i * 37 % 50000),
       'usd', 'pm_bench' || lpad((i % 1000 + 1)::text, 16, '0'), 'simulator', 'sim_bench' || i,
       CASE WHEN i % 10 = 0 THEN 'failed' ELSE 'succeeded' END,
       CASE WHEN i % 10 = 0 THEN 'failed' ELSE 'succeeded' END,
       i % 10 <> 0, CASE WHEN i % 10 = 0 THEN 0 ELSE 100 + (i * 37 % 50000) END,
       CASE WHEN i % 10 = 0 THEN 'card_declined' END, CASE WHEN i % 10 = 0 THEN 'Your card was declined.' END,
       now() - (i::double precision / $PAYMENTS) * interval '30 days', now()
FROM generate_series(1, $PAYMENTS) AS i;
ANALYZE payments_methods; ANALYZE payments_intents; ANALYZE payments_charges;
SQL
SEED_SECONDS=$(( $(date +%s) - SEED_START ))

# Each page is several API requests on the account's dashboard-session bucket (test mode: 25 a second);
# lift it so the benchmark measures renders, not 429s.
curl -sf "$BASE/v1/accounts/$ACCOUNT/rate_limits" -H "Authorization: Bearer bench-operator-token" \
  -H 'Content-Type: application/json' -d '{"test": 100000}' > /dev/null

# --- an owner, signed in -------------------------------------------------------------------------------
EMAIL="bench-owner@example.com"
INVITE=$(curl -sf "$BASE/v1/users" -u "$KEY:" -H 'Content-Type: application/json' -d "{\"email\":\"$EMAIL\",\"role\":\"owner\"}" \
  | grep -oE 'inv_[0-9A-Za-z]+')
curl -sf "$BASE/v1/users/accept" -H 'Content-Type: application/json' \
  -d "{\"invite_token\":\"$INVITE\",\"password\":\"bench password 123\"}" > /dev/null
HEADERS=$(curl -sf -D - -o /dev/null "$BASE/v1/sessions" -H 'Content-Type: application/json' \
  -d "{\"email\":\"$EMAIL\",\"password\":\"bench password 123\"}")
SESSION=$(echo "$HEADERS" | grep -oE 'settle_session=[^;]+' | head -1)
CSRF=$(echo "$HEADERS" | grep -oE 'settle_csrf=[^;]+' | head -1)
COOKIE="$SESSION; $CSRF"

MIDDLE="pi_bench$(printf '%016d' $((PAYMENTS / 2)))"
PAGES=(
  "/dashboard"
  "/dashboard/payments"
  "/dashboard/payments?starting_after=$MIDDLE"
  "/dashboard/payments?status=succeeded"
  "/dashboard/payments?status=requires_payment_method"
  "/dashboard/payments?amount_min=40000"
  "/dashboard/payments?last4=0007"
  "/dashboard/payments?from=$(date -u -d '-3 days' +%F)&to=$(date -u -d '-2 days' +%F)"
  "/dashboard/payments?customer=$CUSTOMER"
  "/dashboard/payments/$MIDDLE"
  "/dashboard/customers"
  "/dashboard/customers/$CUSTOMER"
  "/dashboard/billing"
  "/dashboard/reconciliation"
  "/dashboard/developers"
  "/dashboard/developers/api_keys"
  "/dashboard/users"
  "/dashboard/audit"
)

RESULT=bench/results/dashboard-$(date +%Y%m%d-%H%M%S).md
{
  echo "# Settle dashboard page renders $(date -u +%FT%TZ)"
  echo
  echo "$(nproc) cores; Settle on embedded defaults; $PAYMENTS payments (with charges) seeded into the account in ${SEED_SECONDS} s;"
  echo "$REQUESTS requests per page, one at a time, after 20 warm-up requests; times are curl's time_total in ms."
  echo "The machine is shared: load is /proc/loadavg's 1-minute figure when the page's requests began and ended."
  echo
  echo "| page | answers | p50 ms | p99 ms | max ms | load (start → end) |"
  echo "|---|---|---|---|---|---|"
  for page in "${PAGES[@]}"; do
    for _ in $(seq 1 20); do curl -s -o /dev/null -H "Cookie: $COOKIE" "$BASE$page"; done
    load_start=$(cut -d' ' -f1 /proc/loadavg)
    raw=$(for _ in $(seq 1 "$REQUESTS"); do
      curl -s -o /dev/null -w '%{http_code} %{time_total}\n' -H "Cookie: $COOKIE" "$BASE$page"
    done)
    status=$(echo "$raw" | awk '{print $1}' | sort | uniq -c | awk '{printf "%s×%s ", $1, $2}')
    times=$(echo "$raw" | awk '{printf "%.1f\n", $2 * 1000}' | sort -n)
    p50=$(echo "$times" | awk -v n="$REQUESTS" 'NR == int(n * 0.50 + 0.5) {print}')
    p99=$(echo "$times" | awk -v n="$REQUESTS" 'NR == int(n * 0.99 + 0.5) {print}')
    max=$(echo "$times" | tail -1)
    load_end=$(cut -d' ' -f1 /proc/loadavg)
    echo "| \`$page\` | $status | $p50 | $p99 | $max | $load_start → $load_end |"
  done
} | tee "$RESULT"
echo "Written to $RESULT"
