#!/usr/bin/env bash
# Benchmark: COUNT active monthly subscriptions (success card) on one test clock, all due at the
# same instant; one clock advance renews, finalizes and charges every one. Reports the time to
# drain, renewals per second and Settle's CPU per renewal, next to bench/run.sh's CPU per API
# payment measured in the same run (one step), and checks exactly one paid invoice and one charge
# per subscription (the script fails otherwise).
#
#   bench/renewals.sh [count] [baseline-seconds] [baseline-rate]    e.g. bench/renewals.sh 100000
set -euo pipefail
cd "$(dirname "$0")/.."
COUNT=${1:-100000}
BASELINE_SECONDS=${2:-20}
BASELINE_RATE=${3:-100}
PORT=${BENCH_PORT:-18080}

source bench/lib.sh
start_settle "$PORT"
PG_PORT=$(grep -oE 'Embedded PostgreSQL started on port [0-9]+' "$RUN_DIR/server.log" | grep -oE '[0-9]+$')
RESULT=bench/results/renewals-$(date +%Y%m%d-%H%M%S).md
{
  echo "# Renewals benchmark $(date -u +%FT%TZ)"
  echo
  echo "$(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; embedded defaults; $COUNT subscriptions due at one test clock advance."
  echo
  "$JAVA" -cp "$CLASSPATH" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn dev.settle.bench.RenewalsBench \
    "http://localhost:$PORT" "$KEY" "$ACCOUNT" "$PG_PORT" "$SERVER" "$RUN_DIR" "$COUNT"
  echo
  echo "Where the time went (Settle's log):"
  grep -oE 'Billing pass at .*' "$RUN_DIR/server.log" | sed 's/^/    /' || true
  echo
  echo "## Baseline in the same run: API payments (bench/run.sh's step, $BASELINE_RATE/s for $BASELINE_SECONDS s)"
  "$JAVA" -cp "$CLASSPATH" -Dbench.warmupSeconds="${BENCH_WARMUP:-30}" -Dbench.serverPid="$SERVER" -Dbench.serverDataDir="$RUN_DIR" dev.settle.bench.Bench settle \
    "http://localhost:$PORT" "$KEY" "$BASELINE_SECONDS" "$BASELINE_RATE"
} | tee "$RESULT"
renewal=$(grep -oE 'server CPU per renewal [0-9.]+' "$RESULT" | grep -oE '[0-9.]+$' || echo '?')
payment=$(grep -m1 "^| settle |" "$RESULT" | awk -F'|' '{gsub(/ /, "", $10); print $10}')
echo | tee -a "$RESULT"
echo "Server CPU per renewal $renewal ms; per API payment (baseline) ${payment:-?} ms" | tee -a "$RESULT"
echo "Written to $RESULT"
