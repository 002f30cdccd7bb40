#!/usr/bin/env bash
# Runs the JMH benchmarks: bench/jmh/run.sh [JMH args]   (e.g. -l, -prof gc, -f 1 -wi 3 -i 5, FramingBenchmark)
# Rebuilds target/benchmarks.jar (with orbited-node and orbited-client, tests skipped) when a source or pom is newer than it,
# then runs it with JSON results written to bench/results/jmh-<UTC timestamp>.json. Defaults per benchmark:
# fork 1, warmup 3 x 1 s, measurement 5 x 1 s; any JMH option given here overrides them.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
JAR="$HERE/target/benchmarks.jar"

stale() {
  [ ! -f "$JAR" ] && return 0
  [ -n "$(find "$ROOT/pom.xml" "$HERE/pom.xml" "$HERE/src/main" "$ROOT/orbited-node/pom.xml" \
      "$ROOT/orbited-node/src/main" "$ROOT/clients/java/pom.xml" "$ROOT/clients/java/src/main" \
      -newer "$JAR" -print -quit)" ]
}

if stale; then
  echo "== building $JAR" >&2
  (cd "$ROOT" && mvn -B -q -pl bench/jmh -am -DskipTests package)
fi

mkdir -p "$ROOT/bench/results"
OUT="$ROOT/bench/results/jmh-$(date -u +%Y%m%dT%H%M%SZ).json"
echo "== results: $OUT" >&2
exec java -jar "$JAR" -rf json -rff "$OUT" "$@"
