#!/usr/bin/env python3
"""Prints a markdown table of bench result files (fanout/channels runs), in the order given, e.g. the files of one
`bench/run-all.sh full latency` session:  python3 bench/latency-table.py bench/results/{channels,fanout}-*-2026*.json

Columns: server (orbited-<io.transport> for a node on another transport than epoll), scenario and its offered load
(publishes/s, or "closed" for a publisher with one publish in flight), deliveries/s, lost, latency percentiles,
publish-to-reply p50/p99, the server's and the generator's CPU per delivery, and the node's settings beyond
run-all's (NODE_SETS)."""
import json
import sys


def fmt(v, digits=1):
    if v is None:
        return "n/a"
    if isinstance(v, float):
        return f"{v:,.{digits}f}"
    return f"{v:,}"


def row(path):
    d = json.load(open(path))
    p, m = d.get("params", {}), d.get("metrics", {})
    lat, rep = m.get("latency_ms", {}), m.get("publish_reply_ms", {})
    load = "closed" if p.get("rate") == 0 and p.get("window") == 1 else f"{p.get('rate', 0):g}/s"
    return [d.get("server"), d.get("scenario"), d.get("transport"), fmt(p.get("subscribers")), fmt(p.get("channels", 1)),
            load, fmt(m.get("publish_rate_achieved")), f"**{fmt(m.get('deliveries_per_second'), 0)}**",
            fmt(m.get("lost")), fmt(lat.get("p50"), 2), f"**{fmt(lat.get('p99'), 2)}**", fmt(lat.get("max"), 2),
            fmt(rep.get("p50"), 2), fmt(rep.get("p99"), 2), fmt(m.get("server_cpu_ns_per_delivery"), 0),
            fmt(m.get("generator_cpu_ns_per_delivery"), 0), p.get("node_sets") or "", path.split("/")[-1]]


HEAD = ["server", "scenario", "transport", "subscribers", "channels", "offered", "publishes/s", "deliveries/s", "lost",
        "p50 ms", "p99 ms", "max ms", "reply p50 ms", "reply p99 ms", "server ns/delivery", "generator ns/delivery",
        "node settings", "file"]
print("| " + " | ".join(HEAD) + " |")
print("|" + "|".join("---" if i < 3 else "---:" for i in range(len(HEAD))) + "|")
for f in sys.argv[1:]:
    try:
        print("| " + " | ".join(str(c) for c in row(f)) + " |")
    except (OSError, ValueError, KeyError) as e:
        print(f"<!-- {f}: {e} -->")
