#!/usr/bin/env bash
# End-to-end tests of orbited-node in headless Debian Chromium (test-servers.md section 6).
#
#   bash browser-tests/run.sh [node --test options, e.g. --test-name-pattern=websocket]
#
# Installs Debian chromium (and ngircd and prosody, for the IRC and XMPP walk-throughs) if missing, runs `npm ci` when node_modules is
# missing or older than package-lock.json, builds the node jar (and the shaded IRC and XMPP bridge jars) only if missing, starts the node on free
# loopback ports, runs every browser-tests/*.test.mjs with node's built-in test runner, one file at a
# time, and stops the node it started. A third free port, ORBITED_PAGE_PORT, is for a test's own page
# server (cometd-order.test.mjs); the node lets that origin use /cometd cross-origin (bayeux.allowed_origins).
# Logs are kept under browser-tests/target/ when something fails. The last line of output is
# `browser: N passed, M failed`; the exit status is the test runner's.
set -uo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
JAR="$ROOT/orbited-node/target/orbited-node-0.4.0-SNAPSHOT-all.jar"
RUN_DIR="$HERE/target"
NODE_LOG="$RUN_DIR/node.log"
TAP="$RUN_DIR/results.tap"
CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
NODE_PID=""
STATUS=1

log() { echo "run.sh: $*" >&2; }

stop_node() {
  [ -n "$NODE_PID" ] || return 0
  if kill -0 "$NODE_PID" 2>/dev/null; then
    kill -TERM "$NODE_PID" 2>/dev/null
    for _ in $(seq 1 50); do kill -0 "$NODE_PID" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$NODE_PID" 2>/dev/null; then
      log "node $NODE_PID ignored SIGTERM for 5 s; sending SIGKILL"
      kill -KILL "$NODE_PID" 2>/dev/null
    fi
  fi
  wait "$NODE_PID" 2>/dev/null
  NODE_PID=""
}

finish() {
  stop_node
  local pass=0 fail=0
  if [ -f "$TAP" ]; then
    pass=$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$TAP" | tail -n 1)
    fail=$(sed -n 's/^# fail \([0-9]*\)$/\1/p' "$TAP" | tail -n 1)
    pass=${pass:-0}; fail=${fail:-0}
  fi
  # A run that failed before or around the tests must not look green.
  if [ "$STATUS" -ne 0 ] && [ "$fail" -eq 0 ]; then fail=1; fi
  if [ "$STATUS" -eq 0 ] && [ -z "${KEEP_LOGS:-}" ]; then
    rm -rf "$RUN_DIR"
  else
    log "logs kept in $RUN_DIR"
    if [ -s "$NODE_LOG" ]; then log "last lines of $NODE_LOG:"; tail -n 30 "$NODE_LOG" >&2; fi
  fi
  echo "browser: $pass passed, $fail failed"
  exit "$STATUS"
}
trap finish EXIT
trap 'exit 130' INT TERM

free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close();});'
}

rm -rf "$RUN_DIR"
mkdir -p "$RUN_DIR" "$HERE/screenshots"

# 1. Chromium: the Debian package, never a downloaded browser.
if [ ! -x "$CHROMIUM" ]; then
  log "installing Debian chromium"
  timeout 900 apt-get update -qq || { log "apt-get update failed"; exit 1; }
  DEBIAN_FRONTEND=noninteractive timeout 900 apt-get install -y -qq -o DPkg::Lock::Timeout=600 chromium \
    >"$RUN_DIR/apt.log" 2>&1 || { log "apt-get install chromium failed; see $RUN_DIR/apt.log"; exit 1; }
fi

# 1b. nc and curl: readme-tour.test.mjs runs the README's tour commands as written; openssl: plugin-walkthrough's.
missing=()
command -v nc >/dev/null 2>&1 || missing+=(netcat-openbsd)
command -v curl >/dev/null 2>&1 || missing+=(curl)
command -v openssl >/dev/null 2>&1 || missing+=(openssl)  # plugin-walkthrough.test.mjs: the doc's key and tokens
if [ "${#missing[@]}" -gt 0 ]; then
  log "installing ${missing[*]}"
  timeout 900 apt-get update -qq || { log "apt-get update failed"; exit 1; }
  DEBIAN_FRONTEND=noninteractive timeout 900 apt-get install -y -qq -o DPkg::Lock::Timeout=600 "${missing[@]}" \
    >"$RUN_DIR/apt-tools.log" 2>&1 || { log "apt-get install ${missing[*]} failed; see $RUN_DIR/apt-tools.log"; exit 1; }
fi

# 1c. ngircd: irc-walkthrough.test.mjs starts its own from docs/irc.md's config (test-servers.md sections 1 and 2).
# The package's service does not start on these machines (policy-rc.d); the test never uses a system ngircd (where
# package services do start, e.g. systemd without policy-rc.d, Debian's own ngircd then listens on 6667: stop it with
# systemctl if unwanted; the tests use free ports and their own config either way).
# Debian puts it in /usr/sbin, which a non-root user's PATH may lack: check the package and the file, not PATH,
# and give the tests /usr/sbin on their PATH.
case ":$PATH:" in *:/usr/sbin:*) ;; *) export PATH="$PATH:/usr/sbin" ;; esac
if ! dpkg-query -W -f='${Status}' ngircd 2>/dev/null | grep -q 'ok installed' || [ ! -x /usr/sbin/ngircd ]; then
  log "installing ngircd"
  timeout 900 apt-get update -qq || { log "apt-get update failed"; exit 1; }
  DEBIAN_FRONTEND=noninteractive timeout 900 apt-get install -y -qq -o DPkg::Lock::Timeout=600 ngircd \
    >"$RUN_DIR/apt-ngircd.log" 2>&1 || { log "apt-get install ngircd failed; see $RUN_DIR/apt-ngircd.log"; exit 1; }
fi

# 1d. prosody: xmpp-walkthrough.test.mjs starts its own from docs/xmpp.md's config (test-servers.md section 4), as
# ngircd above; the package's own service does not start on these machines (policy-rc.d) and is never used.
if ! dpkg-query -W -f='${Status}' prosody 2>/dev/null | grep -q 'ok installed' || [ ! -x /usr/bin/prosody ]; then
  log "installing prosody"
  timeout 900 apt-get update -qq || { log "apt-get update failed"; exit 1; }
  DEBIAN_FRONTEND=noninteractive timeout 900 apt-get install -y -qq -o DPkg::Lock::Timeout=600 prosody \
    >"$RUN_DIR/apt-prosody.log" 2>&1 || { log "apt-get install prosody failed; see $RUN_DIR/apt-prosody.log"; exit 1; }
fi

# 2. puppeteer-core from the committed lock file.
cd "$HERE" || exit 1
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "npm ci"
  PUPPETEER_SKIP_DOWNLOAD=1 timeout 600 npm ci --no-audit --no-fund || { log "npm ci failed"; exit 1; }
fi

# 2b. esbuild for webirc-size.test.mjs, which rebuilds the widget in memory and compares it with webirc/dist.
if [ ! -f "$ROOT/webirc/node_modules/.package-lock.json" ] || [ "$ROOT/webirc/package-lock.json" -nt "$ROOT/webirc/node_modules/.package-lock.json" ]; then
  log "npm ci (webirc)"
  (cd "$ROOT/webirc" && timeout 600 npm ci --no-audit --no-fund) || { log "npm ci in webirc failed"; exit 1; }
fi

# 3. The node jar and the chat example's; built only when missing (the normal flow runs Maven first).
# The chat example's jar too: chat.test.mjs's setup needs it even when a name pattern skips its test.
# The IRC bridge's shaded plugin jar too: irc-walkthrough.test.mjs ships it to the node as bin/orbited does.
CHAT_JAR="$ROOT/clients/java/examples/target/orbited-chat-example-0.4.0-SNAPSHOT-all.jar"
IRC_JAR="$ROOT/bridge-irc/target/bridge-irc-0.4.0-SNAPSHOT.jar"
XMPP_JAR="$ROOT/bridge-xmpp/target/bridge-xmpp-0.4.0-SNAPSHOT.jar"   # xmpp-walkthrough.test.mjs, as IRC's
# webirc-xmpp.test.mjs's helper: a Smack client from bridge-xmpp's test classes, on the class path this file lists
XMPP_TEST_CP="$ROOT/bridge-xmpp/target/test-classpath.txt"
if [ ! -f "$JAR" ] || [ ! -f "$CHAT_JAR" ] || [ ! -f "$IRC_JAR" ] || [ ! -f "$XMPP_JAR" ] || [ ! -f "$XMPP_TEST_CP" ]; then
  log "building $JAR, $CHAT_JAR, $IRC_JAR and $XMPP_JAR"
  (cd "$ROOT" && MAVEN_OPTS="${MAVEN_OPTS:-} -Djansi.noreset=true" timeout 1200 mvn -B -q package -DskipTests) \
    || { log "maven build failed"; exit 1; }
fi

if [ -n "$(find "$ROOT/orbited-node/src/main" "$ROOT/clients/js/src" "$ROOT/clients/js/dist" "$ROOT/webirc/dist" "$ROOT/webirc/src/main/java" -newer "$JAR" -type f -print -quit)" ]; then
  log "warning: $JAR is older than orbited-node/src/main, clients/js or webirc; run mvn package to test the current code"
fi

# 4. The node, on free loopback ports, in an empty directory so no stray orbited.cfg is read.
HTTP_PORT=$(free_port) && OP_PORT=$(free_port) && PAGE_PORT=$(free_port) || { log "no free port"; exit 1; }
mkdir -p "$RUN_DIR/node-cwd"
(cd "$RUN_DIR/node-cwd" && exec java -jar "$JAR" --http-port "$HTTP_PORT" --http-bind 127.0.0.1 \
    --op-port "$OP_PORT" --op-bind 127.0.0.1 --set "bayeux.allowed_origins=http://127.0.0.1:$PAGE_PORT") \
    >"$NODE_LOG" 2>&1 &
NODE_PID=$!
log "node $NODE_PID on http 127.0.0.1:$HTTP_PORT, orbit 127.0.0.1:$OP_PORT; page port $PAGE_PORT"

ready=0
for _ in $(seq 1 300); do   # 30 s
  kill -0 "$NODE_PID" 2>/dev/null || { log "node exited during start"; exit 1; }
  if (exec 3<>"/dev/tcp/127.0.0.1/$HTTP_PORT") 2>/dev/null && (exec 3<>"/dev/tcp/127.0.0.1/$OP_PORT") 2>/dev/null; then
    ready=1; break
  fi
  sleep 0.1
done
[ "$ready" -eq 1 ] || { log "node did not open its ports within 30 s"; exit 1; }

# 5. The tests.
TEST_FILES=(*.test.mjs)
log "test files: ${TEST_FILES[*]}"
ORBITED_HTTP_PORT="$HTTP_PORT" ORBITED_OP_PORT="$OP_PORT" ORBITED_PAGE_PORT="$PAGE_PORT" ORBITED_JAR="$JAR" CHROMIUM="$CHROMIUM" \
ORBITED_RUN_DIR="$RUN_DIR" \
  timeout 1500 node --test --test-concurrency=1 --test-timeout=240000 \
    --test-reporter=spec --test-reporter-destination=stdout \
    --test-reporter=tap --test-reporter-destination="$TAP" \
    "$@" "${TEST_FILES[@]}"
STATUS=$?
