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

for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/*; do
  if [ -x "$candidate/bin/java" ] && "$candidate/bin/java" -version 2>&1 | grep -qE 'version "(2[1-9]|[3-9][0-9])'; then
    JAVA="$candidate/bin/java"; break
  fi
done
: "${JAVA:?no JDK 21+ found; set JAVA_HOME}"

./mvnw -q -DskipTests package
RUN_DIR=$(mktemp -d /tmp/settle-bench.XXXXXX)
mkdir -p bench/results
RESULT=bench/results/webhooks-$(date +%Y%m%d-%H%M%S).md
"$JAVA" -Xmx2g -jar server/target/settle.jar --server.port="$PORT" --settle.data-dir="$RUN_DIR" \
  --settle.tenancy.operator-token=bench-operator-token > "$RUN_DIR/server.log" 2>&1 &
SERVER=$!
# Stop Settle and wait for it (it stops its embedded PostgreSQL) before deleting its data.
trap 'kill $SERVER 2>/dev/null && wait $SERVER 2>/dev/null; rm -rf "$RUN_DIR"' EXIT
for _ in $(seq 1 120); do
  curl -sf "http://localhost:$PORT/actuator/health/readiness" > /dev/null && break
  sleep 0.5
done
KEY=$(curl -sf "http://localhost:$PORT/v1/accounts" -H "Authorization: Bearer bench-operator-token" \
  -H 'Content-Type: application/json' -d '{"name":"bench"}' | grep -oE 'sk_test_[0-9A-Za-z]{32}')
{
  echo "# Settle webhook benchmark $(date -u +%FT%TZ)"
  echo
  echo "$(nproc) cores; Settle, its databases, the load generator and the receiver on one machine."
  echo "$RATE customer.created events/s for $STEP_SECONDS s, each delivered to $ENDPOINTS endpoints."
  echo
  "$JAVA" -cp "bench/target/settle-bench.jar:bench/target/lib/*" dev.settle.bench.WebhookBench \
    "http://localhost:$PORT" "$KEY" "$RATE" "$STEP_SECONDS" "$ENDPOINTS"
} | tee "$RESULT"
echo "Written to $RESULT"
