#!/usr/bin/env python3
"""Summary of floor results (bench/results/floor-*.json), and the ratio to the floor of bench results.

    python3 bench/floor/summary.py FLOOR.json ... [BENCH.json ...]

Floor files (schema "floor/1") make the first two tables. Bench files (schema 1, from bin/orbited-bench run with
--cpu-pid SERVER_PID) that match a floor run by scenario, connections, channels and rate (fanout: 1 channel) get a
row in the third: the server's CPU per delivery divided by each floor's (the "ratio to floor"), and the same for
deliveries/s and p99. Closed-loop floor runs (rate 0) match bench runs given with --rate 0.
"""
import json
import sys


def load(paths):
    floors, bench = [], []
    for p in paths:
        with open(p) as f:
            d = json.load(f)
        d["_file"] = p
        (floors if d.get("schema") == "floor/1" else bench).append(d)
    return floors, bench


def key(scenario, n, channels, rate):
    return (scenario, int(n), int(channels), float(rate))


def main(paths):
    floors, bench = load(paths)
    runs = [f for f in floors if f["kind"] == "delivery"]
    if runs:
        print("\nfloor: deliveries (writer CPU over the publishing window / deliveries; reader = floor.c's reader)")
        print(f"{'writer':7} {'scenario':9} {'label':16} {'conns':>6} {'deliv/s':>10} {'w ns/d':>8} {'user':>6} {'sys':>7} "
              f"{'loop':>7} {'ksirq':>6} {'r ns/d':>7} {'sysc/d':>6} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8} {'lost':>5} {'load':>5}")
        for f in runs:
            m, p, lat = f["metrics"], f["params"], f["metrics"]["reader"]["latency_ms"]
            loop = m.get("event_loop_cpu_ns_per_delivery")
            sysc = m.get("writer_syscalls_per_delivery")
            print(f"{f['writer']:7} {f['scenario']:9} {f['label']:16} {p['connections']:6} {m['deliveries_per_second']:10.0f} "
                  f"{m['writer_cpu_ns_per_delivery']:8.0f} {m['writer_user_ns_per_delivery']:6.0f} "
                  f"{m['writer_sys_ns_per_delivery']:7.0f} {'' if loop is None else f'{loop:.0f}':>7} "
                  f"{m.get('ksoftirqd_cpu_ns_per_delivery', 0):6.0f} "
                  f"{m['reader_cpu_ns_per_delivery']:7.0f} {'' if sysc is None else f'{sysc:.3f}':>6} "
                  f"{lat['p50']:8.2f} {lat['p99']:8.2f} {lat['max']:8.2f} {m['lost']:5.0f} {f['machine']['load_avg'][0]:5.2f}")
    idles = [f for f in floors if f["kind"] == "idle"]
    if idles:
        print("\nfloor: idle connections")
        for f in idles:
            m = f["metrics"]
            if f["writer"] == "c":
                print(f"  c      {f['label']:16} kernel objects {m.get('kernel_object_bytes_per_socket', -1):.0f} B/socket "
                      f"(slab objects measured: {m.get('slab_object_bytes_per_pair', -1):.0f} B/pair), "
                      f"slab {m['kernel_slab_bytes_per_pair']:6.0f} B/pair "
                      f"(unreclaimable {m['kernel_sunreclaim_bytes_per_pair']:.0f}), skmem {m['skmem_bytes_per_pair']:.0f} B/pair, "
                      f"writer RSS {m['writer_rss_bytes_per_connection']:.0f} B/connection  (load {f['machine']['load_avg'][0]:.2f})")
            else:
                print(f"  netty  {f['label']:16} RSS {m['server_rss_kb_per_connection']:5.2f} KB/connection "
                      f"({m['server_rss_kb_before']} -> {m['server_rss_kb_after']} KB; {f['machine']['jvm']})")
    if bench:
        index = {}
        for f in runs:
            p = f["params"]
            index.setdefault(key(f["scenario"], p["connections"], p["channels"], p["rate"]), []).append(f)
        print("\nratio to floor (server figure / floor figure, same scenario)")
        for b in bench:
            p, m = b["params"], b["metrics"]
            k = key(b["scenario"], p.get("subscribers", 0), p.get("channels", 1), p.get("rate", -1))
            cpu = m.get("server_cpu_ns_per_delivery")
            for f in index.get(k, []):
                fm = f["metrics"]
                cpu_ratio = f"{cpu / fm['writer_cpu_ns_per_delivery']:.2f}x CPU/delivery" if cpu else "no server CPU (--cpu-pid)"
                print(f"  {b['server']:8} {b['scenario']:9} rate {p.get('rate')}: vs {f['writer']:5} {f['label']:16} "
                      f"{cpu_ratio}, {m['deliveries_per_second'] / fm['deliveries_per_second']:.2f}x deliveries/s, "
                      f"p99 {m['latency_ms']['p99']:.1f} vs {fm['reader']['latency_ms']['p99']:.1f} ms")


if __name__ == "__main__":
    main(sys.argv[1:])
