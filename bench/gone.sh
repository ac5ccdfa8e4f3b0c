#!/usr/bin/env bash
# The 410 race of issue 25, from outside, on the packaged jar on embedded defaults: an endpoint
# answers 410 to several deliveries in flight at once while other endpoints receive events too.
# Each run checks the endpoint ends disabled, every other delivery arrives, and new events still
# flow right after. Stops at the first failed run.
#
#   bench/gone.sh [runs]     default 20
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-20}
PORT=${BENCH_PORT:-18080}
source bench/lib.sh
start_settle "$PORT"
"$JAVA" -cp "$CLASSPATH" dev.settle.bench.GoneScenario "http://localhost:$PORT" bench-operator-token "$RUNS"
