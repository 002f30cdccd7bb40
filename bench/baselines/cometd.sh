#!/usr/bin/env bash
# CometD baseline: the real CometD 8.0.9 server in Jetty 12.0.23 (module bench/cometd-server), long-polling
# and JSONP at http://127.0.0.1:PORT/cometd, with the ack and timesync extensions and /service/echo.
#
#   cometd.sh start [--port 8091] [--cpus 0] [--heap 512m] [--dir DIR] [-- more server options]
#   cometd.sh stop [--dir DIR]
#   cometd.sh status [--dir DIR]     # the java PID (the one to measure) and its VmRSS
#
# start builds the module's shaded jar when it is older than its sources, runs it with
#   java -Xms64m -Xmx<heap> -XX:+UseG1GC -jar ...      (COMETD_JAVA_OPTS replaces these flags)
# in the background (under taskset -c CPUS when --cpus is given), waits (bounded) for its "ready:" line and
# writes DIR/cometd.pid. Server options after "--" go to the server (java -jar JAR --help lists them:
# --timeout, --max-interval, --max-queue, --init-param name=value, ...). stop signals only the PID in
# DIR/cometd.pid, after checking that it is a java running this jar.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
MODULE="$ROOT/bench/cometd-server"
JAR="$MODULE/target/orbited-bench-cometd-server-0.4.0-SNAPSHOT-all.jar"
DIR="$ROOT/bench/baselines/target/cometd"
PORT=8091
CPUS=""
HEAP=512m
SERVER_ARGS=()
START_WAIT_SECONDS=60
STOP_WAIT_SECONDS=30

usage() { sed -n '2,15p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 2; }
die() { echo "cometd.sh: $*" >&2; exit 1; }

cmd=${1:-}; [ -n "$cmd" ] || usage; shift
while [ $# -gt 0 ]; do
  case "$1" in
    --port) PORT=$2; shift 2 ;;
    --cpus) CPUS=$2; shift 2 ;;
    --heap) HEAP=$2; shift 2 ;;
    --dir) DIR=$2; shift 2 ;;
    --) shift; SERVER_ARGS=("$@"); break ;;
    -h|--help) usage ;;
    *) die "unknown argument: $1" ;;
  esac
done
[[ "$PORT" =~ ^[0-9]+$ ]] || die "--port must be a number, got '$PORT'"
[[ "$HEAP" =~ ^[0-9]+[kKmMgG]?$ ]] || die "--heap must look like 512m, got '$HEAP'"
mkdir -p "$DIR"
DIR=$(cd "$DIR" && pwd)
PIDFILE="$DIR/cometd.pid"
LOG="$DIR/cometd.log"

# The PID in our pid file, if that process is alive and is a java running our jar.
our_pid() {
  [ -f "$PIDFILE" ] || return 1
  local pid; pid=$(tr -dc '0-9' < "$PIDFILE")
  [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] || return 1
  tr '\0' ' ' < "/proc/$pid/cmdline" | grep -qF -- "$JAR" || return 1
  echo "$pid"
}

# VmRSS and its parts: RssAnon (private), RssShmem (touched shared memory, e.g. Nchan's zone), RssFile.
rss_of() {
  awk '/^(VmRSS|RssAnon|RssFile|RssShmem):/ {sub(":", "", $1); printf "%s%s %s kB", sep, $1, $2; sep=", "}' \
    "/proc/$1/status" 2>/dev/null || echo "?"
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; }

build_if_stale() {
  if [ ! -f "$JAR" ] || [ -n "$(find "$ROOT/pom.xml" "$MODULE/pom.xml" "$MODULE/src/main" -newer "$JAR" -print -quit)" ]; then
    echo "cometd.sh: building bench/cometd-server (mvn package)..." >&2
    mvn -B -q -f "$ROOT/pom.xml" -pl bench/cometd-server -am package -DskipTests >&2
  fi
}

start() {
  if pid=$(our_pid); then die "already running (pid $pid, $DIR); stop it first"; fi
  if port_open; then die "127.0.0.1:$PORT is already in use"; fi
  build_if_stale
  rm -f "$PIDFILE"
  # Same JVM and flags as the node (bin/orbited: -Xms64m -XX:+UseG1GC) plus a fixed heap cap. G1 is named
  # explicitly: pinned to one CPU the JVM would otherwise pick SerialGC by itself.
  local java_opts; read -r -a java_opts <<< "${COMETD_JAVA_OPTS:--Xms64m -Xmx$HEAP -XX:+UseG1GC}"
  local launch=(java "${java_opts[@]}" -jar "$JAR" --port "$PORT" "${SERVER_ARGS[@]}")
  [ -z "$CPUS" ] || launch=(taskset -c "$CPUS" "${launch[@]}")
  # taskset execs java, so $! is the JVM's PID.
  nohup "${launch[@]}" > "$LOG" 2>&1 < /dev/null &
  local launched=$! deadline=$((SECONDS + START_WAIT_SECONDS))
  until grep -q 'ready:' "$LOG" 2>/dev/null; do
    if ! kill -0 "$launched" 2>/dev/null; then tail -n 30 "$LOG" >&2 || true; die "the server exited during start"; fi
    [ "$SECONDS" -lt "$deadline" ] || { kill "$launched" 2>/dev/null || true; die "no ready line after ${START_WAIT_SECONDS}s (log: $LOG)"; }
    sleep 0.1
  done
  echo "$launched" > "$PIDFILE"
  grep 'ready:' "$LOG"
  status
}

stop() {
  local pid
  if ! pid=$(our_pid); then echo "cometd not running ($DIR)"; rm -f "$PIDFILE"; return 0; fi
  kill -TERM "$pid"
  local deadline=$((SECONDS + STOP_WAIT_SECONDS))
  while kill -0 "$pid" 2>/dev/null; do
    [ "$SECONDS" -lt "$deadline" ] || { echo "cometd.sh: pid $pid still alive, SIGKILL" >&2; kill -KILL "$pid" 2>/dev/null || true; break; }
    sleep 0.1
  done
  rm -f "$PIDFILE"
  echo "cometd stopped (pid $pid)"
}

status() {
  local pid
  if ! pid=$(our_pid); then echo "cometd not running ($DIR)"; return 3; fi
  echo "java $pid ($(rss_of "$pid"))"
}

case "$cmd" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) usage ;;
esac
