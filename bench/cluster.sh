#!/usr/bin/env bash
# The three-node test bed (issue 20): three Settle nodes from the packaged jar on the machine's
# PostgreSQL (5432), RabbitMQ (5672) and Redis (6379), MongoDB- and S3-compatible servers, the
# simulator processor as a process of its own, and HAProxy in front.
#
#   bench/cluster.sh up             start the bed (packages the jars if needed)
#   bench/cluster.sh test [--short] drive it through the balancer (dev.settle.bench.cluster.ClusterCheck); exit 1 on any failed check
#   bench/cluster.sh down           stop everything `up` started, and drop the bed's database
#   bench/cluster.sh status
#
# Everything lives in $SETTLE_BED_DIR (default /tmp/settle-bed): pids, logs, haproxy.cfg, bed.properties.
# Ports: balancer 18180, nodes 18181-18183, simulator 18190, S3 18200, MongoDB wire 27018 (SETTLE_BED_PORT_BASE moves 18180).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
BED=${SETTLE_BED_DIR:-/tmp/settle-bed}
BASE=${SETTLE_BED_PORT_BASE:-18180}
BALANCER_PORT=$BASE
SIM_PORT=$((BASE + 10))
MONGO_PORT=${SETTLE_BED_MONGO_PORT:-27018}
S3_PORT=$((BASE + 20))
DATABASE=${SETTLE_BED_DATABASE:-settle_bed}
NODES=(node-a node-b node-c)
# Each node's heap: three nodes, the balancer's clients and the check share the machine.
NODE_JAVA_OPTS=${SETTLE_BED_JAVA_OPTS:--XX:+UseZGC -Xms512m -Xmx1g}

listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
node_port() { case $1 in node-a) echo $((BASE + 1)) ;; node-b) echo $((BASE + 2)) ;; node-c) echo $((BASE + 3)) ;; esac; }
alive() { [ -f "$BED/$1.pid" ] && kill -0 "$(cat "$BED/$1.pid")" 2>/dev/null; }

# find_java: the benchmarks' own (a JDK 21+ from JAVA_HOME or /usr/lib/jvm); lib.sh only defines functions.
# shellcheck source=bench/lib.sh
source bench/lib.sh

package() {
  if [ ! -f server/target/settle.jar ] || [ ! -f bench/target/settle-bench.jar ] || [ -n "${SETTLE_BED_REBUILD:-}" ]; then
    echo "Packaging server/target/settle.jar and bench/target/settle-bench.jar"
    ./mvnw -q -pl server,bench -am package -DskipTests
  fi
}

# The machine's services, started with the commands of .ci/run when down.
start_services() {
  listening 5432 || pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start
  listening 6379 || start_redis
  if ! listening 5672; then
    rabbitmq-server -detached
    for _ in $(seq 60); do listening 5672 && break; sleep 1; done
  fi
  for port in 5432 6379 5672; do listening $port || { echo "port $port is still down" >&2; exit 1; }; done
}

start_redis() {
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log
}

install_haproxy() {
  command -v haproxy >/dev/null 2>&1 && return
  echo "Installing HAProxy (Debian package)"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq haproxy >/dev/null 2>&1 || {
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq haproxy >/dev/null; }
}

psql_admin() { psql -h 127.0.0.1 -U postgres -d postgres -qAt -c "$1"; }

write_haproxy_config() {
  cat > "$BED/haproxy.cfg" <<EOF
global
  # each connection takes two descriptors (client and server side); 8000 fits a ulimit -n of 20000
  maxconn 8000

defaults
  mode http
  timeout connect 2s
  # a health check may wait this long for a busy node's answer
  timeout check 5s
  timeout client 60s
  timeout server 60s
  # WebSocket streams are long-lived: once upgraded, a connection is a tunnel kept an hour while
  # Settle's heartbeats (every 15 s) flow; a half-closed one is let go after 5 s.
  timeout tunnel 1h
  timeout client-fin 5s
  timeout server-fin 5s
  # A connection refused by a dead node is retried on another one (nothing was sent: safe for a POST).
  retries 2
  option redispatch

frontend settle
  bind 127.0.0.1:$BALANCER_PORT
  default_backend nodes

backend nodes
  balance roundrobin
  option httpchk GET /actuator/health/readiness
  http-check expect status 200
  # A node out of readiness (shutting down) or not answering leaves after 2 checks a second apart.
  default-server inter 1s fall 2 rise 2 on-marked-down shutdown-sessions
$(for node in "${NODES[@]}"; do echo "  server $node 127.0.0.1:$(node_port "$node") check"; done)
EOF
}

start_node() {
  local node=$1 port
  port=$(node_port "$node")
  find_java
  mkdir -p "$BED/$node"
  # shellcheck disable=SC1091
  source "$BED/secrets.env"
  SETTLE_NODE_NAME=$node \
  SETTLE_DATA_DIR="$BED/$node" \
  SETTLE_DATABASE_URL="jdbc:postgresql://127.0.0.1:5432/$DATABASE?user=postgres" \
  SETTLE_MONGODB_URI="mongodb://127.0.0.1:$MONGO_PORT" \
  SETTLE_AMQP_URI="amqp://guest:guest@127.0.0.1:5672" \
  SETTLE_REDIS_URI="redis://127.0.0.1:6379" \
  SETTLE_S3_BUCKET=settle SETTLE_S3_ENDPOINT="http://127.0.0.1:$S3_PORT" SETTLE_S3_PATH_STYLE=true \
  AWS_ACCESS_KEY_ID=settle AWS_SECRET_ACCESS_KEY=settle-secret AWS_REGION=us-east-1 \
  SETTLE_SIMULATOR_URL="http://127.0.0.1:$SIM_PORT" \
  SETTLE_SIMULATOR_API_KEY="$SIM_API_KEY" \
  SETTLE_SIMULATOR_WEBHOOK_SECRET="$SIM_WEBHOOK_SECRET" \
  SETTLE_OPERATOR_TOKEN="$OPERATOR_TOKEN" \
  SETTLE_KEY_PEPPER="$KEY_PEPPER" \
  SETTLE_SECRETS_KEY="$SECRETS_KEY" \
  SETTLE_PUBLIC_URL="http://127.0.0.1:$BALANCER_PORT" \
  PORT=$port \
  nohup "$JAVA" $NODE_JAVA_OPTS -jar "$ROOT/server/target/settle.jar" \
    --settle.amqp.exchange=settle.bed --settle.database.pool-size=10 --settle.database.background-pool-size=6 \
    >> "$BED/$node.log" 2>&1 &
  echo $! > "$BED/$node.pid"
}

wait_ready() {
  local port=$1 what=$2 tries=${3:-360}
  for _ in $(seq "$tries"); do
    curl -sf "http://127.0.0.1:$port/actuator/health/readiness" > /dev/null && return 0
    if [ -f "$BED/$what.pid" ] && ! alive "$what"; then
      echo "$what exited; the end of $BED/$what.log:" >&2
      tail -n 30 "$BED/$what.log" >&2
      return 1
    fi
    sleep 0.5
  done
  echo "$what did not become ready; see $BED" >&2
  return 1
}

# A node refuses to start when a shared part does not answer in time (on a machine loaded to a load
# average of 20, a Redis handshake once took over 2 s): one more try, said so.
start_again() {
  echo "$1 did not start; starting it once more" >&2
  start_node "$1"
  wait_ready "$(node_port "$1")" "$1"
}

up() {
  if [ -f "$BED/up" ]; then
    echo "The bed is already up ($BED); bench/cluster.sh down first" >&2
    exit 1
  fi
  package
  find_java
  start_services
  install_haproxy
  mkdir -p "$BED"
  rm -f "$BED"/*.log   # the previous bed's, kept by down until now
  echo "$(date -u +%FT%TZ)" > "$BED/up"
  # A fresh database for the bed (the simulator's tables go in it too, schema simulator).
  psql_admin "DROP DATABASE IF EXISTS $DATABASE WITH (FORCE)"
  psql_admin "CREATE DATABASE $DATABASE"
  cat > "$BED/secrets.env" <<EOF
OPERATOR_TOKEN=bed_op_$(openssl rand -hex 16)
KEY_PEPPER=$(openssl rand -hex 32)
SECRETS_KEY=$(openssl rand -base64 32)
SIM_API_KEY=sim_sk_bed$(openssl rand -hex 12)
SIM_WEBHOOK_SECRET=whsec_sim_bed$(openssl rand -hex 12)
EOF
  chmod 600 "$BED/secrets.env"
  # shellcheck disable=SC1091
  source "$BED/secrets.env"

  nohup "$JAVA" -Xmx512m -cp "bench/target/settle-bench.jar:bench/target/lib/*" dev.settle.bench.cluster.MongoServer "$MONGO_PORT" \
    > "$BED/mongo.log" 2>&1 &
  echo $! > "$BED/mongo.pid"
  # The files every node must see (settlement reports): an S3-compatible server, bucket settle.
  mkdir -p "$BED/s3"
  nohup "$JAVA" -Xmx512m -cp "bench/target/settle-bench.jar:bench/target/lib/*" dev.settle.bench.cluster.S3Server "$S3_PORT" "$BED/s3" \
    > "$BED/s3.log" 2>&1 &
  echo $! > "$BED/s3.pid"
  # The processor is not part of a node: one simulator for the cluster, its webhooks through the balancer.
  nohup "$JAVA" -Xmx512m -cp server/target/settle.jar -Dloader.main=dev.settle.simulator.internal.SimulatorMain \
    org.springframework.boot.loader.launch.PropertiesLauncher \
    --database-url="jdbc:postgresql://127.0.0.1:5432/$DATABASE?user=postgres" --port="$SIM_PORT" \
    --webhook-url="http://127.0.0.1:$BALANCER_PORT/v1/inbound/simulator" \
    --api-key="$SIM_API_KEY" --webhook-secret="$SIM_WEBHOOK_SECRET" > "$BED/simulator.log" 2>&1 &
  echo $! > "$BED/simulator.pid"
  for _ in $(seq 120); do listening "$MONGO_PORT" && listening "$SIM_PORT" && listening "$S3_PORT" && break; sleep 0.5; done

  # The first node migrates the database; the others start once it has.
  start_node node-a
  wait_ready "$(node_port node-a)" node-a || start_again node-a
  start_node node-b
  start_node node-c
  wait_ready "$(node_port node-b)" node-b || start_again node-b
  wait_ready "$(node_port node-c)" node-c || start_again node-c

  write_haproxy_config
  haproxy -c -q -f "$BED/haproxy.cfg"
  haproxy -D -p "$BED/haproxy.pid" -f "$BED/haproxy.cfg" > "$BED/haproxy.log" 2>&1
  wait_ready "$BALANCER_PORT" balancer 40

  cat > "$BED/bed.properties" <<EOF
bed.dir=$BED
balancer=http://127.0.0.1:$BALANCER_PORT
node-a=http://127.0.0.1:$(node_port node-a)
node-b=http://127.0.0.1:$(node_port node-b)
node-c=http://127.0.0.1:$(node_port node-c)
database=jdbc:postgresql://127.0.0.1:5432/$DATABASE?user=postgres
operator.token=$OPERATOR_TOKEN
script=$ROOT/bench/cluster.sh
EOF
  chmod 600 "$BED/bed.properties"
  echo "Bed up in $BED: balancer http://127.0.0.1:$BALANCER_PORT, nodes $(node_port node-a)-$(node_port node-c), simulator $SIM_PORT, MongoDB wire $MONGO_PORT, S3 $S3_PORT, database $DATABASE"
}

stop_pid() {
  local name=$1 pidfile="$BED/$1.pid"
  [ -f "$pidfile" ] || return 0
  local pid
  pid=$(cat "$pidfile")
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$pidfile"
  echo "stopped $name"
}

down() {
  [ -d "$BED" ] || { echo "no bed at $BED"; return 0; }
  stop_pid haproxy
  for node in "${NODES[@]}"; do stop_pid "$node"; done
  stop_pid simulator
  stop_pid mongo
  stop_pid s3
  if listening 5432; then psql_admin "DROP DATABASE IF EXISTS $DATABASE WITH (FORCE)" || true; fi
  rm -f "$BED/up" "$BED/bed.properties"
  echo "Bed down (logs kept in $BED)"
}

status() {
  for name in haproxy "${NODES[@]}" simulator mongo s3; do
    if alive "$name"; then echo "$name: running (pid $(cat "$BED/$name.pid"))"; else echo "$name: not running"; fi
  done
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  status) status ;;
  test)
    shift
    find_java
    [ -f "$BED/bed.properties" ] || { echo "the bed is not up: bench/cluster.sh up" >&2; exit 1; }
    mkdir -p bench/results
    RESULT=bench/results/cluster-$(date +%Y%m%d-%H%M%S).md
    set +e
    "$JAVA" -Xmx1g -cp "bench/target/settle-bench.jar:bench/target/lib/*" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
      dev.settle.bench.cluster.ClusterCheck "$BED/bed.properties" "$@" 2>&1 | tee "$RESULT"
    status=${PIPESTATUS[0]}
    echo "Written to $RESULT"
    exit "$status"
    ;;
  # Used by the check: start one node again (after it killed it), and Redis with .ci/run's command.
  start-node) [ -n "${2:-}" ] || exit 2; start_node "$2"; wait_ready "$(node_port "$2")" "$2" ;;
  start-redis) start_redis ;;
  *) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
