#!/usr/bin/env bash
# Benchmark: reconciliation of a COUNT-line settlement report (Stripe's itemized layout) against
# COUNT internal charges seeded straight into Settle's books, 0.5 % breaks of every class, on
# embedded defaults with a bounded heap. Reports the wall time of ingest + match + classify, lines
# per second and Settle's peak heap, beside a raw-SQL baseline (COPY into staging, one hash join,
# the same classes) on the same database in the same run; both must find the same counts.
#
#   bench/reconcile.sh [count] [heap]
#   default: 1000000 512m
set -euo pipefail
cd "$(dirname "$0")/.."
COUNT=${1:-1000000}
HEAP=${2:-512m}
PORT=${BENCH_PORT:-18080}

source bench/lib.sh
find_java
./mvnw -q -DskipTests package
mkdir -p bench/results
RUN_DIR=$(mktemp -d /tmp/settle-bench.XXXXXX)
"$JAVA" -Xms"$HEAP" -Xmx"$HEAP" -XX:+UseZGC -jar server/target/settle.jar --server.port="$PORT" --settle.data-dir="$RUN_DIR" \
  --settle.tenancy.operator-token=bench-operator-token --settle.reconciliation.pull.enabled=false ${SETTLE_ARGS:-} \
  > "$RUN_DIR/server.log" 2>&1 &
SERVER=$!
trap stop_settle EXIT
for _ in $(seq 1 240); do
  curl -sf "http://localhost:$PORT/actuator/health/readiness" > /dev/null && break
  sleep 0.5
done
created=$(curl -sf "http://localhost:$PORT/v1/accounts" -H "Authorization: Bearer bench-operator-token" \
  -H 'Content-Type: application/json' -d '{"name":"bench"}')
KEY=$(echo "$created" | grep -oE 'sk_test_[0-9A-Za-z]{32}')
ACCOUNT=$(echo "$created" | grep -oE 'acct_[0-9A-Za-z]+' | head -1)
CLASSPATH="bench/target/settle-bench.jar:bench/target/lib/*"
PG_PORT=$(grep -oE 'Embedded PostgreSQL started on port [0-9]+' "$RUN_DIR/server.log" | grep -oE '[0-9]+$')
RESULT=bench/results/reconcile-$(date +%Y%m%d-%H%M%S).md
{
  echo "# Settle reconciliation benchmark $(date -u +%FT%TZ)"
  echo
  echo "$(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; Settle on embedded defaults with -Xmx$HEAP, its PostgreSQL, and the client on one machine."
  echo
  "$JAVA" -cp "$CLASSPATH" ${BENCH_OPTS:-} -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
    -Dbench.serverPid="$SERVER" dev.settle.bench.ReconcileBench "http://localhost:$PORT" "$KEY" "$ACCOUNT" "$PG_PORT" "$COUNT"
  echo
  grep -oE 'Report [^ ]+ (stored|ingested).*|Report of .*|Reconciliation run [^ ]+ completed in [0-9]+ ms \([^)]*\)' "$RUN_DIR/server.log" | sed 's/^/Server log: /'
} | tee "$RESULT"
echo "Written to $RESULT"
