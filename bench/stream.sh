#!/usr/bin/env bash
# Benchmark: the real-time stream's fan-out. One Settle node on embedded defaults, ACCOUNTS x
# PER_ACCOUNT WebSocket streams open on it (the generator on the same machine), RATE events/s
# committed across the accounts, each delivered to every stream of its account.
#
#   bench/stream.sh [accounts] [streams-per-account] [events-per-second] [seconds]   default: 100 100 200 30
#                                                    (10,000 streams, 20,000 messages/s)
set -euo pipefail
cd "$(dirname "$0")/.."
ACCOUNTS=${1:-100}
PER_ACCOUNT=${2:-100}
RATE=${3:-200}
STEP_SECONDS=${4:-30}
PORT=${BENCH_PORT:-18080}

# Each stream is a socket on both sides of loopback: the server and the generator each need more
# descriptors than streams.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
if [ "$(ulimit -n)" -lt $((ACCOUNTS * PER_ACCOUNT + 1000)) ]; then
  echo "open file limit $(ulimit -n) is below $((ACCOUNTS * PER_ACCOUNT + 1000)); raise it (ulimit -n)" >&2
  exit 1
fi

source bench/lib.sh
start_settle "$PORT"
RESULT=bench/results/stream-$(date +%Y%m%d-%H%M%S).md
{
  echo "# Settle stream benchmark $(date -u +%FT%TZ)"
  echo
  echo "$(nproc) cores; Settle, its database and the generator (JDK WebSocket clients) on one machine."
  echo "$ACCOUNTS accounts x $PER_ACCOUNT streams; $RATE customer.created events/s for $STEP_SECONDS s."
  echo
  "$JAVA" -Xmx2g -cp "$CLASSPATH" dev.settle.bench.StreamBench \
    "http://localhost:$PORT" bench-operator-token "$SERVER" "$RUN_DIR" "$ACCOUNTS" "$PER_ACCOUNT" "$RATE" "$STEP_SECONDS"
} | tee "$RESULT"
echo "Written to $RESULT"
