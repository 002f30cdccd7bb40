#!/usr/bin/env bash
# Runs every benchmark scenario against the node and the baselines, side by side, on this machine:
# server (node, Nchan or the CometD server) pinned to CPU 0, the load generator pinned to CPU 1, each server
# fresh for each run. Results land in bench/results/ (one JSON per run); then run bin/orbited-bench-report.
#
#   bench/run-all.sh [quick|full] [SECTION ...]     SECTIONS: idle fanout channels orbit churn latency (default: all)
#   SERVERS="cometd" bench/run-all.sh full fanout     only the runs against these servers (orbited nchan cometd;
#                                                    default: all), e.g. to re-run one baseline's rows
#
# quick: small sizes (a couple of minutes); full: the sizes docs/benchmarks.md quotes (about 25 minutes).
# Every run is bounded: the generator's --deadline, and each server is stopped by its own PID.
set -uo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
MODE=${1:-full}; shift || true
SECTIONS=${*:-idle fanout channels orbit churn latency}
SERVERS=${SERVERS:-orbited nchan cometd}
IO_TRANSPORTS=${IO_TRANSPORTS:-epoll}   # the latency section runs the node once per io.transport listed here
NODE_SETS=${NODE_SETS:-}                 # more node settings, e.g. "--set io.task_quantum_ms=1" (recorded in the results)
SERVER_CPU=${SERVER_CPU:-0}
GEN_CPU=${GEN_CPU:-1}
NODE_JAR="$ROOT/orbited-node/target/orbited-node-0.4.0-SNAPSHOT-all.jar"
NODE_OPTS=${NODE_OPTS:--Xms64m -Xmx2g -XX:+UseParallelGC}
export COMETD_JAVA_OPTS=${COMETD_JAVA_OPTS:--Xms64m -Xmx2g -XX:+UseParallelGC}
COMETD_HEAP=${COMETD_HEAP:-2g}
HTTP=18600; ORBIT=19600; NCHAN=18700; COMETD=18800
NODE_PID=""
log() { echo "run-all: $*" >&2; }
want() { [[ " $SERVERS " == *" $1 "* ]]; }

if [ "$MODE" = quick ]; then
  IDLE_N=2000; FAN_N=1000; FAN_LOW=10; FAN_HIGH=50; CH_N=1000; CH_C=10; CH_RATE=200; DUR=5; ORBIT_EVENTS=100000; CHURN_N=200; CLOSED_MAX=100
else
  # fan-out: a rate both servers sustain (latency), and one that saturates them (throughput, queues grow)
  IDLE_N=19000; FAN_N=10000; FAN_LOW=10; FAN_HIGH=40; CH_N=10000; CH_C=100; CH_RATE=1000; DUR=10; ORBIT_EVENTS=2000000; CHURN_N=2000; CLOSED_MAX=400
fi

mvn -B -q -pl orbited-node,bench/loadgen,bench/cometd-server -am package -DskipTests >&2 || exit 1

start_node() {
  taskset -c "$SERVER_CPU" java $NODE_OPTS -jar "$NODE_JAR" --http-port $HTTP --op-port $ORBIT --http-bind 127.0.0.1 \
      --log-level WARN --set io.threads=1 --set session.queue_limit=100000 --set session.queue_bytes=268435456 --set transport.stream_max_bytes=4294967296 \
      --set op.max_in_flight=100000 --set io.transport=${IO_TRANSPORT:-auto} --set plugin:helpdesk.active=0 ${NODE_SETS:-} > bench/results/node.log 2>&1 &
  NODE_PID=$!
  for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$HTTP/_/status" >/dev/null && return 0; sleep 0.1; done
  log "node did not start"; return 1
}
stop_node() {
  [ -n "$NODE_PID" ] || return 0
  kill "$NODE_PID" 2>/dev/null
  for _ in $(seq 1 100); do kill -0 "$NODE_PID" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$NODE_PID" 2>/dev/null && { log "node $NODE_PID still busy 10 s after SIGTERM; SIGKILL"; kill -9 "$NODE_PID"; }
  wait "$NODE_PID" 2>/dev/null; NODE_PID=""
}
start_nchan() { bash bench/baselines/nchan.sh start --port $NCHAN --cpus "$SERVER_CPU" >&2; }
nchan_pid() { bash bench/baselines/nchan.sh status 2>/dev/null | awk '/^worker/{print $2; exit}'; }
stop_nchan() { bash bench/baselines/nchan.sh stop >&2; }
start_cometd() { bash bench/baselines/cometd.sh start --port $COMETD --cpus "$SERVER_CPU" --heap "$COMETD_HEAP" >&2; }
cometd_pid() { bash bench/baselines/cometd.sh status 2>/dev/null | awk '/^java/{print $2; exit}'; }
stop_cometd() { bash bench/baselines/cometd.sh stop >&2; }
trap 'stop_node; stop_nchan >/dev/null 2>&1; stop_cometd >/dev/null 2>&1' EXIT

gen() { taskset -c "$GEN_CPU" bin/orbited-bench "$@" --per-process 10000 2>&1 | grep -E "^  (deliveries_per|lost|latency_ms.p99 |publish_reply_ms.p99 |server_cpu_ns|server_rss_kb_per|accepted_per|connects_per|generator_cpu_ns)|result:" >&2; }
# Before a measured fan-out run every server gets the same short, unrecorded warm-up on the same transport
# (2,000 subscribers, 5 s at 50 msg/s): the JVMs compile their hot paths (Nchan is unaffected).
warm() { taskset -c "$GEN_CPU" bin/orbited-bench fanout --transport "$1" --subscribers 2000 --rate 50 --duration 5 \
           --drain 20 "${@:2}" --out /tmp/orbited-bench-warmup.json >/dev/null 2>&1; }
transport_of() { while [ $# -gt 0 ]; do [ "$1" = --transport ] && { echo "$2"; return; }; shift; done; }
# Records the node's JVM flags and io.transport in its newest result file; a node on another transport than epoll
# is reported as server "orbited-<transport>" (e.g. orbited-io_uring).
tag_node_result() {
  local f; f=$(ls -t bench/results/*-orbited-*.json 2>/dev/null | head -1); [ -n "$f" ] || return 0
  python3 -c 'import json,sys; p,jvm,iot=sys.argv[1:4]; d=json.load(open(p)); d["params"]["jvm"]=jvm; d["params"]["io_transport"]=iot; d["params"]["node_sets"]=sys.argv[4]
if iot not in ("auto","epoll"): d["server"]="orbited-"+iot
json.dump(d,open(p,"w"),indent=2)' "$f" "$NODE_OPTS" "${IO_TRANSPORT:-auto}" "${NODE_SETS:-}"
}
node_run() { want orbited || return 0; start_node || return; warm "$(transport_of "$@")" --port $HTTP --orbit-port $ORBIT; gen "$@" --port $HTTP --orbit-port $ORBIT --cpu-pid $NODE_PID; stop_node; tag_node_result; }
nchan_run() { want nchan || return 0; start_nchan || return; warm "$(transport_of "$@")" --server nchan --port $NCHAN; gen "$@" --server nchan --port $NCHAN --cpu-pid "$(nchan_pid)"; stop_nchan; }
cometd_run() { want cometd || return 0; start_cometd || return; warm "$(transport_of "$@")" --server cometd --port $COMETD; gen "$@" --server cometd --port $COMETD --cpu-pid "$(cometd_pid)"; stop_cometd; }

for section in $SECTIONS; do
  log "== $section ($MODE)"
  case $section in
    idle)
      want orbited && for t in sse websocket xhr_stream bayeux-websocket bayeux-long-polling; do
        start_node && gen idle --transport $t --connections $IDLE_N --server-pid $NODE_PID --port $HTTP --orbit-port $ORBIT; stop_node
      done
      # the node again with bin/orbited's default JVM flags (G1), recorded as server "orbited-g1"
      want orbited && for t in sse websocket; do
        NODE_OPTS_SAVED=$NODE_OPTS; NODE_OPTS="-Xms64m -Xmx512m -XX:+UseG1GC"
        start_node && gen idle --transport $t --connections $IDLE_N --server-pid $NODE_PID --port $HTTP --orbit-port $ORBIT \
            --out bench/results/idle-orbited-g1-$t-$(date -u +%Y%m%d-%H%M%S).json
        stop_node; NODE_OPTS=$NODE_OPTS_SAVED
        f=$(ls -t bench/results/idle-orbited-g1-$t-*.json 2>/dev/null | head -1)
        [ -n "$f" ] && python3 -c 'import json,sys; p=sys.argv[1]; d=json.load(open(p)); d["server"]="orbited-g1"; d["params"]["jvm"]=sys.argv[2]; json.dump(d,open(p,"w"),indent=2)' "$f" "-Xms64m -Xmx512m -XX:+UseG1GC"
      done
      want nchan && for t in sse websocket long-poll; do
        start_nchan && gen idle --server nchan --port $NCHAN --transport $t --connections $IDLE_N --server-pid "$(nchan_pid)"; stop_nchan
      done
      # Jetty on one core accepts Bayeux clients slowly: a quarter of the connections, ramped at 300/s
      want cometd && start_cometd && gen idle --server cometd --port $COMETD --transport bayeux-long-polling --connections $((IDLE_N / 4)) --ramp-rate 300 --server-pid "$(cometd_pid)"; stop_cometd
      ;;
    fanout)
      for t in sse websocket; do
        for r in $FAN_LOW $FAN_HIGH; do
          node_run fanout --transport $t --subscribers $FAN_N --rate $r --duration $DUR --drain 60
          nchan_run fanout --transport $t --subscribers $FAN_N --rate $r --duration $DUR --drain 60
        done
      done
      for r in $FAN_LOW $FAN_HIGH $((FAN_HIGH * 3)); do
        node_run fanout --transport bayeux-long-polling --subscribers $((FAN_N / 5)) --rate $r --duration $DUR --drain 60
        cometd_run fanout --transport bayeux-long-polling --subscribers $((FAN_N / 5)) --rate $r --duration $DUR --drain 60
      done
      node_run fanout --transport bayeux-websocket --subscribers $FAN_N --rate $FAN_LOW --duration $DUR --drain 60
      ;;
    channels)
      node_run channels --transport sse --subscribers $CH_N --channels $CH_C --rate $CH_RATE --duration $DUR
      nchan_run channels --transport sse --subscribers $CH_N --channels $CH_C --rate $CH_RATE --duration $DUR
      node_run channels --transport sse --subscribers $CH_N --channels $CH_C --rate $((CH_RATE / 2)) --duration $DUR
      nchan_run channels --transport sse --subscribers $CH_N --channels $CH_C --rate $((CH_RATE / 2)) --duration $DUR
      # Bayeux long-polling against the CometD server, at a size CometD sustains on one core
      node_run channels --transport bayeux-long-polling --subscribers $((CH_N / 5)) --channels $((CH_C / 5)) --rate $((CH_RATE / 5)) --duration $DUR
      cometd_run channels --transport bayeux-long-polling --subscribers $((CH_N / 5)) --channels $((CH_C / 5)) --rate $((CH_RATE / 5)) --duration $DUR
      ;;
    orbit)
      # One node for both; a first, unrecorded run warms the JIT up (the figures are of a warm node).
      want orbited && start_node && {
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
    latency)
      # issue 16: tail latency and pacing, each server fresh, the node once per io.transport in IO_TRANSPORTS
      for r in $CH_RATE $((CH_RATE / 2)); do
        for iot in $IO_TRANSPORTS; do IO_TRANSPORT=$iot node_run channels --transport sse --subscribers $CH_N --channels $CH_C --rate $r --duration $DUR --child-subscribers; done
        nchan_run channels --transport sse --subscribers $CH_N --channels $CH_C --rate $r --duration $DUR --child-subscribers
      done
      # one channel: a publisher that waits for each reply (closed loop), and one at a fixed rate (open loop)
      for iot in $IO_TRANSPORTS; do IO_TRANSPORT=$iot node_run fanout --transport sse --subscribers $FAN_N --rate 0 --window 1 --max-messages $CLOSED_MAX --duration $DUR --drain 60 --child-subscribers; done
      nchan_run fanout --transport sse --subscribers $FAN_N --rate 0 --window 1 --max-messages $CLOSED_MAX --duration $DUR --drain 60 --child-subscribers
      for iot in $IO_TRANSPORTS; do IO_TRANSPORT=$iot node_run fanout --transport sse --subscribers $FAN_N --rate $FAN_HIGH --duration $DUR --drain 60 --child-subscribers; done
      nchan_run fanout --transport sse --subscribers $FAN_N --rate $FAN_HIGH --duration $DUR --drain 60 --child-subscribers
      # Bayeux long-polling, an ordered publisher (one publish in flight), against the CometD server
      node_run fanout --transport bayeux-long-polling --subscribers $((FAN_N / 5)) --rate 0 --window 1 --max-messages $((CLOSED_MAX * 20)) --duration $DUR --drain 60 --child-subscribers
      cometd_run fanout --transport bayeux-long-polling --subscribers $((FAN_N / 5)) --rate 0 --window 1 --max-messages $((CLOSED_MAX * 20)) --duration $DUR --drain 60 --child-subscribers
      ;;
    *) log "unknown section $section" ;;
  esac
done
log "done; now: bin/orbited-bench-report"
