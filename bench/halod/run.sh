#!/usr/bin/env bash
# HaloD benchmarks (docs/benchmarks.md, "HaloD"): builds the node, the gateway and the load generator, then runs
# the parts asked for (default all) through bench/halod/halod_bench.py. Each part starts its gateway and nodes on
# free loopback ports, is bounded in count and time, stops every process it started, prints a table and writes
# bench/results/halod-<part>-<UTC time>.json.
#
#   bench/halod/run.sh [overhead|idle|failover|capacity ...]
#   bench/halod/run.sh overhead --subscribers 1000 --rate 20 --duration 15 --reps 3    (one part with its options)
#
# Pinning (as bench/run-all.sh): SERVER_CPU (default 0) for the node and gateway of overhead and idle, GEN_CPU
# (default 1) for the load generator; the 3-node parts leave the servers unpinned.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  MAVEN_OPTS="${MAVEN_OPTS:-} -Djansi.noreset=true" mvn -B -q -pl orbited-node,halod,bench/loadgen -am package -DskipTests >&2
fi
echo "halod-bench: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2), load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
PARTS=("$@")
[ ${#PARTS[@]} -eq 0 ] && PARTS=(overhead idle failover capacity)
case "${PARTS[0]}" in
  overhead|idle|failover|capacity)
    if [ ${#PARTS[@]} -gt 1 ] && [[ "${PARTS[1]}" == --* ]]; then
      exec timeout 3600 python3 bench/halod/halod_bench.py "${PARTS[@]}"
    fi ;;
  *) echo "usage: bench/halod/run.sh [overhead|idle|failover|capacity ...]" >&2; exit 2 ;;
esac
for part in "${PARTS[@]}"; do
  timeout 3600 python3 bench/halod/halod_bench.py "$part"
done
