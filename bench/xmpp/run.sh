#!/usr/bin/env bash
# XMPP bridge benchmarks (docs/benchmarks.md, "XMPP bridge"): builds the node and bridge-xmpp, then runs the parts
# asked for (default: roundtrip relay anonymous) as JUnit classes in bridge-xmpp's test tree (package org.orbited.bridge.xmpp.bench; their
# names end in Bench, so the normal test run never picks them up). Each part starts its own prosody (ProsodyServer,
# free loopback port, STARTTLS required with its own certificate unless -Dbench.tls=0) and node (its own JVM, so its
# memory is its own), is bounded in count and time, stops every process it started and writes
# bench/results/xmpp-<part>-<UTC time>.json.
#
#   bench/xmpp/run.sh [roundtrip|relay|anonymous|mirror ...]
#   BENCH_OPTS="-Dbench.visitors=500 -Dbench.messages=10" bench/xmpp/run.sh relay      (sizes: each class's javadoc)
#
# Pinning (as bench/irc/run.sh): the node on SERVER_CPU (default 0, with io.threads = 1), everything else (CometD
# clients, prosody, the Smack helper) on GEN_CPU (default 1). SERVER_CPU= (empty) leaves everything unpinned.
# The open-files limit is raised to 20,000 (the cap the issue allows) for everything started here.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
SERVER_CPU=${SERVER_CPU-0}
GEN_CPU=${GEN_CPU:-1}
PARTS=("$@")
[ ${#PARTS[@]} -eq 0 ] && PARTS=(roundtrip relay anonymous)   # mirror: ask for it
CLASSES=""
for part in "${PARTS[@]}"; do
  case "$part" in
    roundtrip) CLASSES+="${CLASSES:+,}XmppRoundTripBench" ;;
    relay) CLASSES+="${CLASSES:+,}XmppRelayScaleBench" ;;
    anonymous) CLASSES+="${CLASSES:+,}XmppAnonymousScaleBench" ;;
    mirror) CLASSES+="${CLASSES:+,}XmppMirrorThroughputBench" ;;
    *) echo "usage: bench/xmpp/run.sh [roundtrip|relay|anonymous|mirror ...]" >&2; exit 2 ;;
  esac
done
ulimit -n 20000 2>/dev/null || echo "xmpp-bench: could not raise ulimit -n to 20000 (now $(ulimit -n))" >&2
echo "xmpp-bench: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2), load $(cut -d' ' -f1-3 /proc/loadavg), ulimit -n $(ulimit -n)" >&2
PIN=()
[ -n "$SERVER_CPU" ] && PIN=(taskset -c "$GEN_CPU")
# one hour at most for all parts; surefire forks one JVM that runs the classes in turn
LOG=$(mktemp -t xmpp-bench.XXXXXX.log)
status=0
MAVEN_OPTS="${MAVEN_OPTS:-} -Djansi.noreset=true" timeout 3600 "${PIN[@]}" mvn -B -o -q -pl bridge-xmpp -am verify \
  -Dtest="$CLASSES" -Dsurefire.failIfNoSpecifiedTests=false -Dbench.serverCpu="$SERVER_CPU" ${BENCH_OPTS:-} \
  > "$LOG" 2>&1 || status=$?
grep -E '^(xmpp-bench|\[ERROR\])' "$LOG" >&2 || true
echo "xmpp-bench: exit $status, full output in $LOG" >&2
exit $status
