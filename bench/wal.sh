#!/usr/bin/env bash
# Where Settle's PostgreSQL work goes per payment: starts Settle on embedded defaults with
# pg_stat_statements loaded, sends payments at a fixed rate, and after the warm-up prints, over a
# measured window, the write-ahead log written per payment (from the WAL position) and, per
# statement, calls, statement time and WAL bytes per payment.
#
#   bench/wal.sh [rate] [warm-up seconds] [measured seconds]     default 100 180 20; uses psql
set -euo pipefail
cd "$(dirname "$0")/.."
RATE=${1:-100}
WARMUP=${2:-180}
MEASURE=${3:-20}
PORT=${BENCH_PORT:-18080}
SETTLE_ARGS="--settle.database.embedded-settings[shared_preload_libraries]=pg_stat_statements"
source bench/lib.sh
start_settle "$PORT"
PG_PORT=$(grep -oE 'Embedded PostgreSQL started on port [0-9]+' "$RUN_DIR/server.log" | grep -oE '[0-9]+$')
sql() { psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -qAt -F ' | ' -c "$1"; }
sql "CREATE EXTENSION IF NOT EXISTS pg_stat_statements"
"$JAVA" -cp "$CLASSPATH" -Dbench.warmupSeconds="$WARMUP" -Dbench.serverPid="$SERVER" -Dbench.serverDataDir="$RUN_DIR" dev.settle.bench.Bench settle "http://localhost:$PORT" "$KEY" \
  "$((MEASURE + 20))" "$RATE" > "$RUN_DIR/generator.log" 2>&1 &
GENERATOR=$!
sleep "$((WARMUP + 10))"
# One statement resets the counters and notes the WAL position and the payments so far, so all start together.
read -r START_LSN START_COUNT START_TIME < <(sql "SELECT pg_current_wal_lsn(), (SELECT count(*) FROM payments_intents),
  extract(epoch FROM clock_timestamp()) FROM (SELECT pg_stat_statements_reset()) AS reset" | tr -d '|')
sleep "$MEASURE"
# Payments in the window: the intents committed in it, counted rather than assumed from the rate.
read -r PAYMENTS WAL_PER_PAYMENT ACHIEVED < <(sql "SELECT n, round(pg_wal_lsn_diff(pg_current_wal_lsn(), '$START_LSN') / n),
  round(n / (extract(epoch FROM clock_timestamp()) - $START_TIME)) FROM (SELECT count(*) - $START_COUNT AS n FROM payments_intents) AS c" | tr -d '|')
echo "$PAYMENTS payments committed in the window ($ACHIEVED/s); WAL per payment: $WAL_PER_PAYMENT bytes"
echo
echo "| calls per payment | statement ms per payment | WAL bytes per payment | statement |"
echo "|---|---|---|---|"
sql "SELECT round(calls::numeric / $PAYMENTS, 2), round((total_exec_time / $PAYMENTS)::numeric, 3),
       round(wal_bytes / $PAYMENTS), left(regexp_replace(query, '\s+', ' ', 'g'), 100)
     FROM pg_stat_statements WHERE query NOT LIKE '%pg_stat_statements%' AND query NOT LIKE '%pg_current_wal_lsn%'
     ORDER BY wal_bytes DESC, total_exec_time DESC LIMIT 20" | sed 's/^/| /; s/$/ |/'
wait "$GENERATOR" || true
grep '^| settle' "$RUN_DIR/generator.log" | head -1
