#!/usr/bin/env bash
# This machine's floor for the scenarios of docs/benchmarks.md (bench/floor/README.md): the same SSE event bytes
# written to the same number of loopback sockets by a minimal C program and by a minimal Netty program, writer
# pinned to CPU 0 and the reader (floor.c's, for both) to CPU 1, as bench/run-all.sh pins the server and the
# generator. One JSON per run in bench/results/floor-*.json, then a summary table.
#
#   bench/floor/run.sh [quick|full] [SECTION ...]     SECTIONS: channels fanout idle (default: all)
#   WRITERS="c" bench/floor/run.sh full channels      only these writers (c netty; default both)
#
# quick: 1,000 sockets, 1 s per run (about a minute and a half: JVM starts and connection set-up dominate); full: 10,000 sockets, 10 s per run (about 5 minutes).
# Every run is bounded by --deadline; each writer is a fresh process that ends its reader child itself.
set -uo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
MODE=${1:-full}; shift || true
SECTIONS=${*:-channels fanout idle}
WRITERS=${WRITERS:-c netty}
WRITER_CPU=${WRITER_CPU:-0}
READER_CPU=${READER_CPU:-1}
# the JVM flags of bench/run-all.sh's node runs (NODE_OPTS) and of its G1 idle rows
NETTY_OPTS=${NETTY_OPTS:--Xms64m -Xmx2g -XX:+UseParallelGC}
NETTY_G1_OPTS="-Xms64m -Xmx512m -XX:+UseG1GC"
FLOOR="$ROOT/bench/floor/target/floor"
JAR="$ROOT/bench/floor/netty/target/orbited-bench-floor-netty-0.4.0-SNAPSHOT-all.jar"
OUT="$ROOT/bench/results"
STAMP=$(date -u +%Y%m%d-%H%M%S)
log() { echo "floor: $*" >&2; }
want() { [[ " $WRITERS " == *" $1 "* ]]; }

if [ "$MODE" = quick ]; then
  N=1000; CH_C=10; CH_RATE=200; FAN_LOW=10; FAN_HIGH=50; DUR=1; WARM=1; IDLE_NS="2000"; SETTLE=2
else
  N=10000; CH_C=100; CH_RATE=1000; FAN_LOW=10; FAN_HIGH=40; DUR=10; WARM=3; IDLE_NS="10000 19000"; SETTLE=5
fi
BATCH=${BATCH:-8}
DEADLINE=$((DUR * 4 + 120))

mkdir -p "$ROOT/bench/floor/target" "$OUT"
command -v gcc >/dev/null || { log "gcc is missing: apt-get install -y gcc"; exit 1; }
gcc -O2 -Wall -Wextra -o "$FLOOR" bench/floor/floor.c || exit 1
if want netty; then
  MAVEN_OPTS="${MAVEN_OPTS:-} -Djansi.noreset=true" mvn -B -q -Dstyle.color=never -o -f bench/floor/netty/pom.xml package -DskipTests >&2 \
    || MAVEN_OPTS="${MAVEN_OPTS:-} -Djansi.noreset=true" mvn -B -q -Dstyle.color=never -f bench/floor/netty/pom.xml package -DskipTests >&2 || exit 1
fi

FILES=()
# run WRITER SCENARIO LABEL ARGS...: one delivery run, its JSON in bench/results
run() {
  local writer=$1 scenario=$2 label=$3; shift 3
  local out="$OUT/floor-$writer-$scenario-$label-$STAMP.json"
  log "$writer $scenario $label"
  if [ "$writer" = c ]; then
    "$FLOOR" run --n $N --writer-cpu "$WRITER_CPU" --reader-cpu "$READER_CPU" --duration $DUR --warmup $WARM \
        --deadline $DEADLINE --scenario "$scenario" --label "$label" --out "$out" "$@" >/dev/null
  else
    taskset -c "$WRITER_CPU" java $NETTY_OPTS -jar "$JAR" run --reader "$FLOOR" --n $N --reader-cpu "$READER_CPU" \
        --duration $DUR --warmup $WARM --deadline $DEADLINE --scenario "$scenario" --label "$label" --out "$out" "$@" >/dev/null
  fi && FILES+=("$out") || log "$writer $scenario $label failed"
}
# idle WRITER LABEL N [JVM OPTS]: N idle pairs
idle() {
  local writer=$1 label=$2 n=$3 opts=${4:-}
  local out="$OUT/floor-$writer-idle-$label-$STAMP.json"
  log "$writer idle $label"
  if [ "$writer" = c ]; then
    "$FLOOR" idle --n "$n" --writer-cpu "$WRITER_CPU" --reader-cpu "$READER_CPU" --settle $SETTLE --ramp-rate 2000 \
        --deadline 120 --label "$label" --out "$out" >/dev/null
  else
    taskset -c "$WRITER_CPU" java $opts -jar "$JAR" idle --reader "$FLOOR" --n "$n" --reader-cpu "$READER_CPU" \
        --settle $SETTLE --ramp-rate 2000 --deadline 120 --label "$label" --out "$out" >/dev/null
  fi && FILES+=("$out") || log "$writer idle $label failed"
}

for section in $SECTIONS; do
  log "== $section ($MODE), load average: $(cut -d' ' -f1-3 /proc/loadavg)"
  for w in c netty; do
    want $w || continue
    case $section in
      channels)
        run $w channels "r$CH_RATE-c$CH_C" --channels $CH_C --rate $CH_RATE
        run $w channels "r$((CH_RATE / 2))-c$CH_C" --channels $CH_C --rate $((CH_RATE / 2))
        ;;
      fanout)
        run $w fanout "r$FAN_LOW" --rate $FAN_LOW
        run $w fanout "r$FAN_HIGH" --rate $FAN_HIGH
        run $w fanout closed --rate 0
        run $w fanout "closed-batch$BATCH" --rate 0 --batch $BATCH
        ;;
      idle)
        for n in $IDLE_NS; do
          if [ $w = c ]; then idle c "n$n" "$n"
          else idle netty "n$n-parallel" "$n" "$NETTY_OPTS"; idle netty "n$n-g1" "$n" "$NETTY_G1_OPTS"; fi
        done
        ;;
      *) log "unknown section $section" ;;
    esac
  done
done

[ ${#FILES[@]} -gt 0 ] && python3 "$ROOT/bench/floor/summary.py" "${FILES[@]}" | tee "$OUT/floor-summary-$STAMP.txt"
log "done: ${#FILES[@]} results in bench/results/floor-*-$STAMP.json"
