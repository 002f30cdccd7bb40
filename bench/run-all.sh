#!/usr/bin/env bash
# Runs every benchmark scenario against the node and the baselines, side by side, on this machine:
# server (node, Nchan or the CometD server) pinned to CPU 0, the load generator pinned to CPU 1, each server
# fresh for each run. Results land in bench/results/ (one JSON per run); then run bin/orbited-bench-report.
#
#   bench/run-all.sh [quick|full] [SECTION ...]     SECTIONS: idle fanout channels orbit churn (default: all)
#
# quick: small sizes (a couple of minutes); full: the sizes docs/benchmarks.md quotes (about 25 minutes).
# Every run is bounded: the generator's --deadline, and each server is stopped by its own PID.
set -uo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
MODE=${1:-full}; shift || true
SECTIONS=${*:-idle fanout channels orbit churn}
SERVER_CPU=${SERVER_CPU:-0}
GEN_CPU=${GEN_CPU:-1}
NODE_JAR="$ROOT/orbited-node/target/orbited-node-0.4.0-SNAPSHOT-all.jar"
NODE_OPTS=${NODE_OPTS:--Xms64m -Xmx512m -XX:+UseG1GC}
COMETD_HEAP=${COMETD_HEAP:-512m}
HTTP=18600; ORBIT=19600; NCHAN=18700; COMETD=18800
NODE_PID=""
log() { echo "run-all: $*" >&2; }

if [ "$MODE" = quick ]; then
  IDLE_N=2000; FAN_N=1000; FAN_RATE=50; CH_N=1000; CH_C=10; CH_RATE=200; DUR=5; ORBIT_EVENTS=100000; CHURN_N=200
else
  IDLE_N=19000; FAN_N=10000; FAN_RATE=60; CH_N=10000; CH_C=100; CH_RATE=1000; DUR=10; ORBIT_EVENTS=2000000; CHURN_N=2000
fi

mvn -B -q -pl orbited-node,bench/loadgen,bench/cometd-server -am package -DskipTests >&2 || exit 1

start_node() {
  taskset -c "$SERVER_CPU" java $NODE_OPTS -jar "$NODE_JAR" --http-port $HTTP --op-port $ORBIT --http-bind 127.0.0.1 \
      --log-level WARN --set io.threads=1 --set session.queue_limit=100000 --set session.queue_bytes=268435456 --set transport.stream_max_bytes=4294967296 \
      > bench/results/node.log 2>&1 &
  NODE_PID=$!
  for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$HTTP/_/status" >/dev/null && return 0; sleep 0.1; done
  log "node did not start"; return 1
}
stop_node() { [ -n "$NODE_PID" ] && kill "$NODE_PID" 2>/dev/null && wait "$NODE_PID" 2>/dev/null; NODE_PID=""; }
start_nchan() { bash bench/baselines/nchan.sh start --port $NCHAN --cpus "$SERVER_CPU" >&2; }
nchan_pid() { bash bench/baselines/nchan.sh status 2>/dev/null | awk '/^worker/{print $2; exit}'; }
stop_nchan() { bash bench/baselines/nchan.sh stop >&2; }
start_cometd() { bash bench/baselines/cometd.sh start --port $COMETD --cpus "$SERVER_CPU" --heap "$COMETD_HEAP" >&2; }
cometd_pid() { bash bench/baselines/cometd.sh status 2>/dev/null | awk '/^java/{print $2; exit}'; }
stop_cometd() { bash bench/baselines/cometd.sh stop >&2; }
trap 'stop_node; stop_nchan >/dev/null 2>&1; stop_cometd >/dev/null 2>&1' EXIT

gen() { taskset -c "$GEN_CPU" bin/orbited-bench "$@" --per-process 10000 2>&1 | grep -E "^  (deliveries_per|lost|latency_ms.p99 |server_rss_kb_per|accepted_per|connects_per|generator_cpu_ns)|result:" >&2; }
node_run() { start_node || return; gen "$@" --port $HTTP --orbit-port $ORBIT; stop_node; }
nchan_run() { start_nchan || return; gen "$@" --server nchan --port $NCHAN; stop_nchan; }
cometd_run() { start_cometd || return; gen "$@" --server cometd --port $COMETD; stop_cometd; }

for section in $SECTIONS; do
  log "== $section ($MODE)"
  case $section in
    idle)
      for t in sse websocket xhr_stream bayeux-websocket bayeux-long-polling; do
        start_node && gen idle --transport $t --connections $IDLE_N --server-pid $NODE_PID --port $HTTP --orbit-port $ORBIT; stop_node
      done
      for t in sse websocket long-poll; do
        start_nchan && gen idle --server nchan --port $NCHAN --transport $t --connections $IDLE_N --server-pid "$(nchan_pid)"; stop_nchan
      done
      start_cometd && gen idle --server cometd --port $COMETD --transport bayeux-long-polling --connections $IDLE_N --server-pid "$(cometd_pid)"; stop_cometd
      ;;
    fanout)
      for t in sse websocket; do
        node_run fanout --transport $t --subscribers $FAN_N --rate $FAN_RATE --duration $DUR
        nchan_run fanout --transport $t --subscribers $FAN_N --rate $FAN_RATE --duration $DUR
      done
      node_run fanout --transport bayeux-long-polling --subscribers $((FAN_N / 5)) --rate $FAN_RATE --duration $DUR
      cometd_run fanout --transport bayeux-long-polling --subscribers $((FAN_N / 5)) --rate $FAN_RATE --duration $DUR
      node_run fanout --transport bayeux-websocket --subscribers $FAN_N --rate $FAN_RATE --duration $DUR
      ;;
    channels)
      node_run channels --transport sse --subscribers $CH_N --channels $CH_C --rate $CH_RATE --duration $DUR
      nchan_run channels --transport sse --subscribers $CH_N --channels $CH_C --rate $CH_RATE --duration $DUR
      node_run channels --transport websocket --subscribers $CH_N --channels $CH_C --rate $CH_RATE --duration $DUR
      nchan_run channels --transport websocket --subscribers $CH_N --channels $CH_C --rate $CH_RATE --duration $DUR
      node_run channels --transport bayeux-websocket --subscribers $CH_N --channels $CH_C --rate $CH_RATE --duration $DUR
      ;;
    orbit)
      # One node for both; a first, unrecorded run warms the JIT up (the figures are of a warm node).
      start_node && {
        taskset -c "$GEN_CPU" bin/orbited-bench orbit --connections 1 --keys 1 --events $((ORBIT_EVENTS / 2)) \
            --window 50000 --port $HTTP --orbit-port $ORBIT --out /tmp/orbited-bench-warmup.json >/dev/null 2>&1
        gen orbit --connections 1 --keys 1 --events $ORBIT_EVENTS --window 50000 --port $HTTP --orbit-port $ORBIT
        gen orbit --connections 8 --keys 8 --events $ORBIT_EVENTS --window 10000 --port $HTTP --orbit-port $ORBIT
      }
      stop_node
      ;;
    churn)
      node_run churn --transport sse --clients $CHURN_N --duration $DUR
      nchan_run churn --transport sse --clients $CHURN_N --duration $DUR
      node_run churn --transport long-poll --clients $CHURN_N --duration $DUR --rate 50
      node_run churn --mass --transport sse --clients $((CHURN_N * 2))
      nchan_run churn --mass --transport sse --clients $((CHURN_N * 2))
      ;;
    *) log "unknown section $section" ;;
  esac
done
log "done; now: bin/orbited-bench-report"
