#!/usr/bin/env bash
# A fault campaign from outside the JVM: Settle from the packaged jar on embedded defaults, in one
# fresh data folder for the whole campaign, under concurrent payments, refunds and webhook
# deliveries; each round kill -9s its JVM (odd rounds) or its embedded PostgreSQL's postmaster
# (even rounds) at a random moment, lets it recover and settle, and checks from the database and a
# webhook receiver that nothing acknowledged was lost and nothing charged or posted twice.
#
#   bench/crash.sh [rounds]           default 20 (40 s to 1.5 min a round on the 2-core VM)
#
# CRASH_OPTS adds options to the campaign (dev.settle.support.crash.CrashCampaign), e.g.
# CRASH_OPTS="--seed=42 --clients=8 --load=3-10 --settle-within=120". Exits 1 on any violation,
# and then keeps the data folder (Settle's logs are in its logs/).
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-20}

source bench/lib.sh
find_java
./mvnw -q -B -DskipTests package
# The campaign runs from the server's test classes: the same driver CrashCampaignTests uses.
./mvnw -q -B -pl server dependency:build-classpath -Dmdep.outputFile="$PWD/server/target/crash-classpath.txt"
CAMPAIGN_CLASSPATH="server/target/test-classes:server/target/classes:$(cat server/target/crash-classpath.txt)"
DATA=$(mktemp -d /tmp/settle-crash.XXXXXX)
mkdir -p bench/results
RESULT=bench/results/crash-$(date +%Y%m%d-%H%M%S).md
set +e
{
  echo "# Settle crash campaign $(date -u +%FT%TZ)"
  echo
  echo "$(nproc) cores; Settle, its PostgreSQL, the load and the receiver on one machine."
  echo
  "$JAVA" -cp "$CAMPAIGN_CLASSPATH" dev.settle.support.crash.CrashCampaign --launch=jar:server/target/settle.jar \
    --data="$DATA" --rounds="$ROUNDS" -XX:+UseZGC -Xmx1g ${CRASH_OPTS:-} 2>&1
} | tee "$RESULT"
status=${PIPESTATUS[0]}
set -e
if [ "$status" -eq 0 ]; then
  rm -rf "$DATA"
else
  echo "Settle's data folder and logs are kept in $DATA"
fi
echo "Written to $RESULT"
exit "$status"
