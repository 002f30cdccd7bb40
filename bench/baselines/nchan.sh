#!/usr/bin/env bash
# Nchan baseline: nginx 1.22 + the Nchan 1.3.6 module (Debian bookworm packages), run from its own
# nginx.conf in a directory of its own, never the system service or /etc/nginx.
#
#   nchan.sh start [--port 8090] [--cpus 0] [--workers 1] [--dir DIR]
#   nchan.sh stop [--dir DIR]
#   nchan.sh status [--dir DIR]      # master PID, worker PIDs and their VmRSS
#
# start installs nginx + libnginx-mod-nchan with apt-get when missing, writes DIR/nginx.conf, starts the
# master (daemon off, in the background, under taskset -c CPUS when --cpus is given), waits (bounded) until
# the port answers and prints the PIDs. stop signals only the master whose PID is in DIR/nginx.pid, after
# checking that this PID really is an nginx running DIR/nginx.conf. Benchmarks measure the WORKER's RSS.
# Endpoints: /sub/<id> (EventSource, WebSocket, long-poll), /pub/<id> (POST publishes, GET channel info).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
DIR="$ROOT/bench/baselines/target/nchan"
PORT=8090
CPUS=""
WORKERS=1
START_WAIT_SECONDS=20
STOP_WAIT_SECONDS=20
MODULE_SO=/usr/lib/nginx/modules/ngx_nchan_module.so

usage() { sed -n '2,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 2; }
die() { echo "nchan.sh: $*" >&2; exit 1; }

cmd=${1:-}; [ -n "$cmd" ] || usage; shift
while [ $# -gt 0 ]; do
  case "$1" in
    --port) PORT=$2; shift 2 ;;
    --cpus) CPUS=$2; shift 2 ;;
    --workers) WORKERS=$2; shift 2 ;;
    --dir) DIR=$2; shift 2 ;;
    -h|--help) usage ;;
    *) die "unknown argument: $1" ;;
  esac
done
[[ "$PORT" =~ ^[0-9]+$ ]] || die "--port must be a number, got '$PORT'"
[[ "$WORKERS" =~ ^[1-9][0-9]*$ ]] || die "--workers must be a positive number, got '$WORKERS'"
mkdir -p "$DIR"
DIR=$(cd "$DIR" && pwd)
PIDFILE="$DIR/nginx.pid"
CONF="$DIR/nginx.conf"

# The PID in our pid file, if that process is alive and is an nginx master started with our config.
our_master() {
  [ -f "$PIDFILE" ] || return 1
  local pid; pid=$(tr -dc '0-9' < "$PIDFILE")
  [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] || return 1
  tr '\0' ' ' < "/proc/$pid/cmdline" | grep -qF -- "$CONF" || return 1
  echo "$pid"
}

workers_of() { { ps -o pid= --ppid "$1" || true; } | tr -d " "; }

# VmRSS and its parts: RssAnon (private), RssShmem (touched shared memory, e.g. Nchan's zone), RssFile.
rss_of() {
  awk '/^(VmRSS|RssAnon|RssFile|RssShmem):/ {sub(":", "", $1); printf "%s%s %s kB", sep, $1, $2; sep=", "}' \
    "/proc/$1/status" 2>/dev/null || echo "?"
}

install_if_missing() {
  if command -v nginx >/dev/null 2>&1 && [ -f "$MODULE_SO" ]; then return 0; fi
  [ "$(id -u)" = 0 ] || die "nginx/libnginx-mod-nchan missing and not root: apt-get install -y nginx libnginx-mod-nchan"
  command -v apt-get >/dev/null 2>&1 || die "nginx/libnginx-mod-nchan missing and apt-get is not available"
  echo "nchan.sh: installing nginx libnginx-mod-nchan with apt-get" >&2
  # Keep the package scripts from starting the system nginx service (port 80): deny starts for the
  # duration of the install unless a policy is already in place.
  local policy=/usr/sbin/policy-rc.d own_policy=""
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' > "$policy"; chmod 755 "$policy"; own_policy=1
  fi
  local rc=0
  { DEBIAN_FRONTEND=noninteractive apt-get update -q >&2 \
      && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends nginx libnginx-mod-nchan >&2; } || rc=$?
  [ -z "$own_policy" ] || rm -f "$policy"
  [ "$rc" = 0 ] || die "apt-get install nginx libnginx-mod-nchan failed (exit $rc)"
  [ -f "$MODULE_SO" ] || die "libnginx-mod-nchan installed but $MODULE_SO is missing"
}

write_conf() {
  mkdir -p "$DIR/tmp"
  # As root the master drops workers to `user`; use the invoking user so the temp dirs under DIR are
  # always writable (nginx ignores the directive when not started as root).
  cat > "$CONF" <<CONF
# Written by bench/baselines/nchan.sh; regenerated on every start.
load_module $MODULE_SO;
worker_processes $WORKERS;
worker_rlimit_nofile 20000;
daemon off;
master_process on;
user $(id -un) $(id -gn);
pid $PIDFILE;
error_log $DIR/error.log warn;

events {
  worker_connections 19500;
}

http {
  access_log off;
  client_body_temp_path $DIR/tmp/body;
  proxy_temp_path $DIR/tmp/proxy;
  fastcgi_temp_path $DIR/tmp/fastcgi;
  uwsgi_temp_path $DIR/tmp/uwsgi;
  scgi_temp_path $DIR/tmp/scgi;
  keepalive_requests 1000000;
  keepalive_timeout 60s;   # as the node's http.idle_timeout

  nchan_shared_memory_size 256M;
  nchan_message_buffer_length 100;
  nchan_message_timeout 60s;

  server {
    listen 127.0.0.1:$PORT backlog=4096;

    location ~ ^/sub/(\w+)$ {
      nchan_subscriber eventsource websocket longpoll;
      nchan_channel_id \$1;
      # A new subscriber gets what is published after it arrived (like a Bayeux subscribe), not the buffer.
      nchan_subscriber_first_message newest;
    }

    location ~ ^/pub/(\w+)$ {
      nchan_publisher;
      nchan_channel_id \$1;
    }
  }
}
CONF
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; }

start() {
  if pid=$(our_master); then die "already running (master $pid, $DIR); stop it first"; fi
  if port_open; then die "127.0.0.1:$PORT is already in use"; fi
  install_if_missing
  write_conf
  rm -f "$PIDFILE"
  : > "$DIR/error.log"
  nginx -p "$DIR" -c "$CONF" -e "$DIR/error.log" -t -q || die "nginx -t rejected $CONF (see above)"
  local launch=(nginx -p "$DIR" -c "$CONF" -e "$DIR/error.log")
  [ -z "$CPUS" ] || launch=(taskset -c "$CPUS" "${launch[@]}")
  # taskset execs nginx, so $! is the master's PID; nginx also writes it to DIR/nginx.pid.
  nohup "${launch[@]}" > "$DIR/stdout.log" 2>&1 < /dev/null &
  local launched=$! deadline=$((SECONDS + START_WAIT_SECONDS))
  # Ready when the master has forked its workers (after binding) and the port answers.
  until [ "$(workers_of "$launched" | wc -w)" -ge "$WORKERS" ] && port_open; do
    if ! kill -0 "$launched" 2>/dev/null; then
      tail -n 20 "$DIR/error.log" "$DIR/stdout.log" >&2 || true
      die "nginx exited during start"
    fi
    [ "$SECONDS" -lt "$deadline" ] || { kill "$launched" 2>/dev/null || true; die "port $PORT not open after ${START_WAIT_SECONDS}s"; }
    sleep 0.1
  done
  echo "$launched" > "$PIDFILE"
  echo "nchan started: http://127.0.0.1:$PORT/sub/<id> /pub/<id>, workers $WORKERS${CPUS:+, cpus $CPUS}, dir $DIR"
  status
}

stop() {
  local pid
  if ! pid=$(our_master); then
    echo "nchan not running ($DIR)"; rm -f "$PIDFILE"; return 0
  fi
  local workers; workers=$(workers_of "$pid")
  kill -TERM "$pid"
  local deadline=$((SECONDS + STOP_WAIT_SECONDS))
  while kill -0 "$pid" 2>/dev/null; do
    [ "$SECONDS" -lt "$deadline" ] || { echo "nchan.sh: master $pid still alive, SIGKILL" >&2; kill -KILL "$pid" $workers 2>/dev/null || true; break; }
    sleep 0.1
  done
  rm -f "$PIDFILE"
  echo "nchan stopped (master $pid)"
}

status() {
  local pid
  if ! pid=$(our_master); then echo "nchan not running ($DIR)"; return 3; fi
  echo "master $pid ($(rss_of "$pid"))"
  local w
  for w in $(workers_of "$pid"); do echo "worker $w ($(rss_of "$w"))"; done
}

case "$cmd" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) usage ;;
esac
