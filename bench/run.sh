#!/usr/bin/env bash
# Benchmark: open-loop "create + confirm" payments over HTTP against Settle on embedded defaults,
# then the same rows in the same transactions straight over JDBC (the raw-PostgreSQL baseline).
#
#   bench/run.sh [seconds-per-step] [settle-rates] [baseline-rates]   e.g. bench/run.sh 20 100,200,300
#
# BENCH_OPTS adds Java options to the load generator (e.g. -Dbench.warmupSeconds=120, or
# -Dbench.operation=read for one authenticated read per operation instead of a payment);
# baseline rates "-" skip the baseline.
set -euo pipefail
cd "$(dirname "$0")/.."
STEP_SECONDS=${1:-20}
RATES=${2:-100,200,300,400,500,600}
BASELINE_RATES=${3:-200,400,600,800,1000,1400,1800,2400}
PORT=${BENCH_PORT:-18080}

source bench/lib.sh
start_settle "$PORT"
RESULT=bench/results/$(date +%Y%m%d-%H%M%S).md
{
  echo "# Settle benchmark $(date -u +%FT%TZ)"
  echo
  echo "$(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; load generator on the same machine; $STEP_SECONDS s per step."
  echo
  if [[ "${BENCH_OPTS:-}" == *bench.operation=read* ]]; then
    echo '## Settle over HTTP (one authenticated read: GET /v1/payment_methods/{id})'
  else
    echo '## Settle over HTTP (create + confirm, automatic capture, success card)'
  fi
  "$JAVA" -cp "$CLASSPATH" ${BENCH_OPTS:-} -Dbench.serverPid="$SERVER" -Dbench.serverDataDir="$RUN_DIR" dev.settle.bench.Bench settle "http://localhost:$PORT" "$KEY" "$STEP_SECONDS" "$RATES"
} | tee "$RESULT"
stop_settle
if [ "$BASELINE_RATES" = "-" ]; then
  echo "Written to $RESULT"
  exit 0
fi
{
  echo
  echo '## Raw PostgreSQL baseline (same rows, same transactions, JDBC)'
  "$JAVA" -cp "$CLASSPATH" ${BENCH_OPTS:-} -Dorg.slf4j.simpleLogger.defaultLogLevel=warn dev.settle.bench.Bench baseline - - "$STEP_SECONDS" "$BASELINE_RATES"
} | tee -a "$RESULT"
settle=$(grep -oE 'RESULT settle: [0-9]+' "$RESULT" | grep -oE '[0-9]+$' || echo 0)
baseline=$(grep -oE 'RESULT baseline: [0-9]+' "$RESULT" | grep -oE '[0-9]+$' || echo 0)
echo | tee -a "$RESULT"
echo "Ratio (Settle / raw PostgreSQL, highest clean rate with p99 <= 50 ms): $settle / $baseline" | tee -a "$RESULT"
# Server CPU per payment at each target's first rate (the first row of its table).
cpu_of() { grep -m1 "^| $1 |" "$RESULT" | awk -F'|' '{gsub(/ /, "", $10); print $10}'; }
echo "Server CPU per payment at the first rate: Settle $(cpu_of settle) ms, raw PostgreSQL $(cpu_of baseline) ms" | tee -a "$RESULT"
echo "Written to $RESULT"
