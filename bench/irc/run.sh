#!/usr/bin/env bash
# IRC bridge benchmarks (docs/benchmarks.md, "IRC bridge"): builds the node and bridge-irc, then runs the parts asked
# for (default all) as JUnit classes in bridge-irc's test tree (package org.orbited.bridge.irc.bench; their names end
# in Bench, so the normal test run never picks them up). Each part starts its own ngircd (NgircdServer, free loopback
# port) and node (its own JVM, so its memory is its own), is bounded in count and time, stops every process it started
# and writes bench/results/irc-<part>-<UTC time>.json.
#
#   bench/irc/run.sh [roundtrip|relay|personal ...]
#   BENCH_OPTS="-Dbench.visitors=500 -Dbench.messages=10" bench/irc/run.sh relay      (sizes, see each class's javadoc)
#
# Pinning (as bench/run-all.sh): the node on SERVER_CPU (default 0, with io.threads = 1), everything else (CometD
# clients, ngircd, the IRC helper) on GEN_CPU (default 1). SERVER_CPU= (empty) leaves everything unpinned.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
SERVER_CPU=${SERVER_CPU-0}
GEN_CPU=${GEN_CPU:-1}
PARTS=("$@")
[ ${#PARTS[@]} -eq 0 ] && PARTS=(roundtrip relay personal)
for part in "${PARTS[@]}"; do
  case "$part" in
    roundtrip) CLASSES+="${CLASSES:+,}IrcRoundTripBench" ;;
    relay) CLASSES+="${CLASSES:+,}IrcRelayScaleBench" ;;
    personal) CLASSES+="${CLASSES:+,}IrcPersonalScaleBench" ;;
    *) echo "usage: bench/irc/run.sh [roundtrip|relay|personal ...]" >&2; exit 2 ;;
  esac
done
echo "irc-bench: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2), load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
PIN=()
[ -n "$SERVER_CPU" ] && PIN=(taskset -c "$GEN_CPU")
# one hour at most for all parts; surefire forks one JVM that runs the classes in turn
LOG=$(mktemp -t irc-bench.XXXXXX.log)
status=0
MAVEN_OPTS="${MAVEN_OPTS:-} -Djansi.noreset=true" timeout 3600 "${PIN[@]}" mvn -B -o -q -pl bridge-irc -am verify \
  -Dtest="$CLASSES" -Dsurefire.failIfNoSpecifiedTests=false -Dbench.serverCpu="$SERVER_CPU" ${BENCH_OPTS:-} \
  > "$LOG" 2>&1 || status=$?
grep -E '^(irc-bench|\[ERROR\])' "$LOG" >&2 || true
echo "irc-bench: exit $status, full output in $LOG" >&2
exit $status
