#!/usr/bin/env bash
# Benchmark: webhook deliveries per second to a local receiver, and the lag from event commit to
# receipt, at a steady offered rate. Settle runs on embedded defaults in a fresh data folder.
#
#   bench/webhooks.sh [events-per-second] [seconds] [endpoints]     default: 250 30 4 (= 1,000 deliveries/s)
set -euo pipefail
cd "$(dirname "$0")/.."
RATE=${1:-250}
STEP_SECONDS=${2:-30}
ENDPOINTS=${3:-4}
PORT=${BENCH_PORT:-18080}

source bench/lib.sh
start_settle "$PORT"
RESULT=bench/results/webhooks-$(date +%Y%m%d-%H%M%S).md
{
  echo "# Settle webhook benchmark $(date -u +%FT%TZ)"
  echo
  echo "$(nproc) cores; Settle, its databases, the load generator and the receiver on one machine."
  echo "$RATE customer.created events/s for $STEP_SECONDS s, each delivered to $ENDPOINTS endpoints."
  echo
  "$JAVA" -cp "$CLASSPATH" dev.settle.bench.WebhookBench \
    "http://localhost:$PORT" "$KEY" "$RATE" "$STEP_SECONDS" "$ENDPOINTS"
} | tee "$RESULT"
echo "Written to $RESULT"
