#!/usr/bin/env bash
# Compares node builds on the Bayeux long-polling scenarios of bench/run-all.sh (channels at 200 publishes/s over
# 20 channels, fan-out at 10 publishes/s, 2,000 subscribers), with run-all.sh's node flags, pinning and warm-up:
#
#   bench/ab-bayeux.sh JAR LABEL      e.g. a jar built in a worktree of an older commit, then the current one
#
# Prints deliveries/s and p50/p99 latency; writes /tmp/orbited-ab-LABEL-{channels,fanout10}.json. Bounded by the
# generator's deadline; stops the node it started.
set -uo pipefail
JAR=$1; LABEL=$2
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
HTTP=18650; ORBIT=19650
taskset -c 0 java -Xms64m -Xmx2g -XX:+UseParallelGC -jar "$JAR" --http-port $HTTP --op-port $ORBIT --http-bind 127.0.0.1 \
  --log-level WARN --set io.threads=1 --set session.queue_limit=100000 --set session.queue_bytes=268435456 \
  --set transport.stream_max_bytes=4294967296 > /tmp/orbited-ab-node-$LABEL.log 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null' EXIT
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$HTTP/_/status" >/dev/null && break; sleep 0.1; done
taskset -c 1 bin/orbited-bench fanout --transport bayeux-long-polling --subscribers 2000 --rate 50 --duration 5 --drain 20 --port $HTTP --orbit-port $ORBIT --out /tmp/orbited-ab-warm.json >/dev/null 2>&1
taskset -c 1 bin/orbited-bench channels --transport bayeux-long-polling --subscribers 2000 --channels 20 --rate 200 --duration 10 --port $HTTP --orbit-port $ORBIT --per-process 10000 --out /tmp/orbited-ab-$LABEL-channels.json 2>&1 | grep -E "deliveries_per|latency_ms.p(50|99) " 
taskset -c 1 bin/orbited-bench fanout --transport bayeux-long-polling --subscribers 2000 --rate 10 --duration 10 --drain 60 --port $HTTP --orbit-port $ORBIT --per-process 10000 --out /tmp/orbited-ab-$LABEL-fanout10.json 2>&1 | grep -E "deliveries_per|latency_ms.p(50|99) "
kill $PID; wait $PID 2>/dev/null

