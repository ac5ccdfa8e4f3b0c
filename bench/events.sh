#!/usr/bin/env bash
# Benchmark: the events API as the archive grows. Settle on embedded defaults (its documents in
# its embedded PostgreSQL); one account's events made through the API for the first size, then
# straight into the store for the larger ones, and finally a thousand accounts of a thousand events
# each beside it. At each size every query is timed over HTTP and as raw SQL (Settle's own
# statements over JDBC on the same database) in the same run, and its plan is checked for Seq Scans.
#
#   bench/events.sh [requests-per-query] [sizes] [accounts] [events-per-account]
#   default: 2000 1000,100000,1000000 1000 1000
set -euo pipefail
cd "$(dirname "$0")/.."
REQUESTS=${1:-2000}
SIZES=${2:-1000,100000,1000000}
SPREAD_ACCOUNTS=${3:-1000}
SPREAD_EVENTS=${4:-1000}
PORT=${BENCH_PORT:-18080}

source bench/lib.sh
start_settle "$PORT"
PG_PORT=$(grep -oE 'Embedded PostgreSQL started on port [0-9]+' "$RUN_DIR/server.log" | grep -oE '[0-9]+$')
RESULT=bench/results/events-$(date +%Y%m%d-%H%M%S).md
{
  echo "# Settle events API benchmark $(date -u +%FT%TZ)"
  echo
  echo "$(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; Settle on embedded defaults, its PostgreSQL, and the client on one machine."
  echo "$REQUESTS requests per query and size, one at a time, after a warm-up; page size 10."
  echo
  "$JAVA" -cp "$CLASSPATH" ${BENCH_OPTS:-} -Dbench.serverPid="$SERVER" -Dbench.serverDataDir="$RUN_DIR" \
    -Dbench.operatorToken=bench-operator-token -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
    dev.settle.bench.EventsBench "http://localhost:$PORT" "$KEY" "$ACCOUNT" "$PG_PORT" "$REQUESTS" "$SIZES" \
    "$SPREAD_ACCOUNTS" "$SPREAD_EVENTS"
} | tee "$RESULT"
echo "Written to $RESULT"
