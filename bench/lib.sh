# Shared by the benchmark scripts (sourced, not run): find a JDK, build, start Settle on embedded
# defaults in a fresh folder and mint a test key. Sets JAVA, RUN_DIR, SERVER, KEY, ACCOUNT, CLASSPATH.
# SETTLE_ARGS adds arguments to Settle's command line.

find_java() {
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/*; do
    if [ -x "$candidate/bin/java" ] && "$candidate/bin/java" -version 2>&1 | grep -qE 'version "(2[1-9]|[3-9][0-9])'; then
      JAVA="$candidate/bin/java"; return
    fi
  done
  echo "no JDK 21+ found; set JAVA_HOME" >&2
  exit 1
}

# Stops Settle and waits for it (it stops its embedded PostgreSQL) before its data is deleted.
stop_settle() {
  if [ -n "${SERVER:-}" ]; then
    kill "$SERVER" 2>/dev/null || true
    wait "$SERVER" 2>/dev/null || true
    SERVER=
  fi
  rm -rf "${RUN_DIR:-/nonexistent}"
  return 0
}

start_settle() {
  local port=$1
  find_java
  ./mvnw -q -DskipTests package
  mkdir -p bench/results
  RUN_DIR=$(mktemp -d /tmp/settle-bench.XXXXXX)
  "$JAVA" -Xms4g -Xmx4g -XX:+AlwaysPreTouch -XX:+UseZGC -jar server/target/settle.jar --server.port="$port" --settle.data-dir="$RUN_DIR" \
    --settle.tenancy.operator-token=bench-operator-token --settle.rate-limits.enabled=false ${SETTLE_ARGS:-} > "$RUN_DIR/server.log" 2>&1 &
  SERVER=$!
  trap stop_settle EXIT
  for _ in $(seq 1 ${BENCH_START_TRIES:-120}); do
    curl -sf "http://localhost:$port/actuator/health/readiness" > /dev/null && break
    sleep 0.5
  done
  local created
  created=$(curl -sf "http://localhost:$port/v1/accounts" -H "Authorization: Bearer bench-operator-token" \
    -H 'Content-Type: application/json' -d '{"name":"bench"}')
  KEY=$(echo "$created" | grep -oE 'sk_test_[0-9A-Za-z]{32}')
  ACCOUNT=$(echo "$created" | grep -oE 'acct_[0-9A-Za-z]+' | head -1)
  CLASSPATH="bench/target/settle-bench.jar:bench/target/lib/*"
}
