#!/usr/bin/env python3
"""HaloD benchmarks (docs/benchmarks.md, "HaloD"): relay overhead, idle memory per relayed connection, failure
detection and reconnection over kill -9, and three nodes behind one gateway at the descriptor cap.

Run through bench/halod/run.sh, which builds the jars. Everything on loopback, on free ports found at start; every
process started here is stopped here by its PID (SIGTERM, then SIGKILL after 10 s), also on an error or Ctrl-C.
Every wait is bounded. Results: one JSON per part in bench/results/halod-<part>-<UTC time>.json and a table on stdout.
"""
import argparse
import http.client
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
NODE_JAR = os.path.join(ROOT, "orbited-node/target/orbited-node-0.4.0-SNAPSHOT-all.jar")
HALOD_JAR = os.path.join(ROOT, "halod/target/halod-0.4.0-SNAPSHOT-all.jar")
BENCH_JAR = os.path.join(ROOT, "bench/loadgen/target/orbited-bench-0.4.0-SNAPSHOT-all.jar")
RESULTS = os.path.join(ROOT, "bench/results")
TOKEN = "bench-token-%d" % random.randrange(10**9)
SERVER_CPU = os.environ.get("SERVER_CPU", "0")
GEN_CPU = os.environ.get("GEN_CPU", "1")
NODE_OPTS = os.environ.get("NODE_OPTS", "-Xms64m -Xmx2g -XX:+UseParallelGC").split()
# Link timing of the overhead, idle and capacity parts: relaxed (as the gateway's own tests), so that a node starved
# of CPU on this shared 2-core machine is not fenced mid-run (600 ms by default); the failover part uses the defaults
# (200 ms x 5, fence 600 ms), which are what it measures.
RELAXED = {"heartbeat_ms": 200, "miss_limit": 25, "fence_ms": 4000}
HALOD_OPTS = os.environ.get("HALOD_OPTS", "-Xms64m -Xmx1g -XX:+UseG1GC -XX:NativeMemoryTracking=summary").split()
PROCS = []
PORT_LOW, PORT_HIGH = 20000, 32000
WORK = tempfile.mkdtemp(prefix="halod-bench-")


def log(*a):
    print("halod-bench:", *a, file=sys.stderr, flush=True)


def loadavg():
    with open("/proc/loadavg") as f:
        return [float(x) for x in f.read().split()[:3]]


def free_block(size):
    """A base port such that base..base+size-1 are all free on 127.0.0.1 (bounded tries)."""
    for _ in range(200):
        base = random.randrange(PORT_LOW, PORT_HIGH - size)  # below the ephemeral range
        socks = []
        try:
            for p in range(base, base + size):
                s = socket.socket()
                s.bind(("127.0.0.1", p))
                socks.append(s)
            return base
        except OSError:
            pass
        finally:
            for s in socks:
                s.close()
    raise RuntimeError("no free block of %d ports" % size)


class Proc:
    def __init__(self, name, cmd, cpu):
        self.name = name
        self.log = os.path.join(WORK, name + ".log")
        full = (["taskset", "-c", cpu] if cpu else []) + cmd
        self.p = subprocess.Popen(full, stdout=open(self.log, "a"), stderr=subprocess.STDOUT,
                                  stdin=subprocess.DEVNULL, start_new_session=True)
        self.pid = self.p.pid  # taskset execs java: same pid
        PROCS.append(self)

    def alive(self):
        return self.p.poll() is None

    def kill9(self):
        os.kill(self.pid, signal.SIGKILL)
        self.p.wait(10)
        PROCS.remove(self)

    def stop(self):
        if self.alive():
            self.p.send_signal(signal.SIGTERM)
            try:
                self.p.wait(10)
            except subprocess.TimeoutExpired:
                log(self.name, "still running 10 s after SIGTERM; SIGKILL")
                self.p.kill()
                self.p.wait(10)
        if self in PROCS:
            PROCS.remove(self)


def stop_all():
    for p in list(reversed(PROCS)):
        p.stop()


def http_json(url, timeout=2.0):
    with urllib.request.urlopen(url, timeout=timeout) as r:
        return json.loads(r.read())


def node_status(port):
    """The node's /_/status, asked from 127.0.0.3: 127.0.0.1 is the gateway's address (proxy_from), whose
    connections must start with a PROXY header."""
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=2.0, source_address=("127.0.0.3", 0))
    try:
        c.request("GET", "/_/status")
        return json.loads(c.getresponse().read())
    finally:
        c.close()


def wait_for(what, fn, timeout, interval=0.05):
    end = time.time() + timeout
    last = None
    while time.time() < end:
        try:
            last = fn()
            if last:
                return last
        except Exception as e:  # not up yet
            last = e
        time.sleep(interval)
    raise RuntimeError("timed out after %ss waiting for %s (last: %s)" % (timeout, what, last))


def cpu_ns(pid):
    with open("/proc/%d/stat" % pid) as f:
        s = f.read()
    fields = s[s.rindex(")") + 2:].split()
    return (int(fields[11]) + int(fields[12])) * 10_000_000


def status_kb(pid, field):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return -1


def fd_count(pid):
    return len(os.listdir("/proc/%d/fd" % pid))


def nmt(pid):
    """Committed KB per NMT category (Java Heap, Thread, Other = Netty's direct memory, ...), and heap used KB."""
    out = subprocess.run(["jcmd", str(pid), "VM.native_memory", "summary"], capture_output=True, text=True,
                         timeout=30).stdout
    cats = {}
    for line in out.splitlines():
        line = line.strip()
        if line.startswith("-") and "(reserved=" in line:
            name = line.lstrip("- ").split("(")[0].strip()
            committed = line.split("committed=")[1].split("KB")[0]
            cats[name] = int(committed)
        elif line.startswith("Total:"):
            cats["Total"] = int(line.split("committed=")[1].split("KB")[0])
    heap = subprocess.run(["jcmd", str(pid), "GC.heap_info"], capture_output=True, text=True, timeout=30).stdout
    used = None
    for line in heap.splitlines():
        if "used" in line and ("garbage-first heap" in line or "total" in line):
            used = int(line.split("used")[1].split("K")[0].strip())
            break
    return {"nmt_committed_kb": cats, "heap_used_kb": used}


def gc(pid):
    subprocess.run(["jcmd", str(pid), "GC.run"], capture_output=True, timeout=30)


class Gateway:
    def __init__(self, routes, splice=False, max_connections=9000, table=None, relay_threads=1, cpu=SERVER_CPU,
                 extra=None):
        self.routes = routes
        self.browser = free_block(routes)
        self.app = free_block(routes)
        ports = free_block(2)
        self.control, self.admin = ports, ports + 1
        self.table = table or os.path.join(WORK, "table-%d.json" % self.browser)
        self.splice = splice
        props = {"routes": routes, "browser.base": self.browser, "app.base": self.app, "control.port": self.control,
                 "admin.port": self.admin, "token": TOKEN, "table.file": self.table,
                 "relay.splice": 1 if splice else 0, "relay.max_connections": max_connections,
                 "relay.threads": relay_threads}
        props.update(extra or {})
        self.props = props
        self.cpu = cpu
        self.start()

    def start(self):
        path = os.path.join(WORK, "halod-%d.properties" % self.control)
        with open(path, "w") as f:
            for k, v in self.props.items():
                f.write("%s = %s\n" % (k, v))
        self.proc = Proc("halod-%d" % self.control, ["java"] + HALOD_OPTS + ["-jar", HALOD_JAR, "--config", path],
                         self.cpu)
        wait_for("the gateway's admin port", lambda: self.status() is not None, 30)

    def status(self):
        return http_json("http://127.0.0.1:%d/status" % self.admin)

    def live_nodes(self):
        return [n for n in self.status()["nodes"] if n.get("live")]


class Node:
    def __init__(self, name, gw, cpu=SERVER_CPU):
        self.name, self.gw, self.cpu = name, gw, cpu
        self.start()

    def start(self):
        p = free_block(2)
        self.http, self.op = p, p + 1
        cmd = ["java"] + NODE_OPTS + ["-jar", NODE_JAR, "--http-port", str(self.http), "--op-port", str(self.op),
                                      "--http-bind", "127.0.0.1", "--log-level", "WARN",
                                      "--set", "io.threads=1", "--set", "session.queue_limit=100000",
                                      "--set", "op.max_in_flight=100000",
                                      "--set", "cluster.halod=127.0.0.1:%d" % self.gw.control,
                                      "--set", "cluster.token=" + TOKEN, "--set", "cluster.node_name=" + self.name]
        self.proc = Proc("node-%s-%d" % (self.name, self.http), cmd, self.cpu)
        wait_for("node %s's HTTP port" % self.name,
                 lambda: node_status(self.http), 60, 0.1)
        wait_for("node %s registered" % self.name, lambda: self.gw_entry() is not None, 30)

    def gw_entry(self):
        for n in self.gw.status()["nodes"]:
            if n["name"] == self.name and n.get("live") and n["role"] == "active":
                return n
        return None


def bench(args, timeout, cpu=GEN_CPU):
    """Runs the load generator, bounded; returns its result JSON."""
    out = os.path.join(WORK, "gen-%d.json" % random.randrange(10**9))
    cmd = ["taskset", "-c", cpu, "java", "-Xms64m", "-Xmx1g", "-XX:+UseParallelGC", "-jar", BENCH_JAR] + args + [
        "--out", out, "--deadline", str(int(timeout))]
    env = dict(os.environ, ORBITED_BENCH_JAR=BENCH_JAR)
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout + 30, env=env)
    if r.returncode != 0 or not os.path.exists(out):
        raise RuntimeError("load generator failed (%d): %s" % (r.returncode, r.stderr[-2000:] + r.stdout[-2000:]))
    with open(out) as f:
        return json.load(f)


def machine():
    model = "unknown"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as f:
        mem = int(f.readline().split()[1])
    return {"nproc": os.cpu_count(), "cpu_model": model, "mem_total_kb": mem, "kernel": os.uname().release,
            "fd_cap": subprocess.run(["bash", "-c", "ulimit -n"], capture_output=True, text=True).stdout.strip()}


def write_result(part, params, results):
    t = time.strftime("%Y%m%d-%H%M%S", time.gmtime())
    path = os.path.join(RESULTS, "halod-%s-%s.json" % (part, t))
    with open(path, "w") as f:
        json.dump({"scenario": "halod-" + part, "started": t, "machine": machine(), "params": params,
                   "results": results}, f, indent=2)
    log("wrote", path)
    return path


def pct(values, p):
    if not values:
        return None
    v = sorted(values)
    k = max(0, min(len(v) - 1, int(round(p / 100.0 * len(v) + 0.5)) - 1))
    return v[k]


# ---------------------------------------------------------------- 1. relay overhead
def overhead(a):
    rows = []
    table = os.path.join(WORK, "overhead-table.json")
    gw = Gateway(1, splice=False, table=table, extra=RELAXED)
    node = Node("orb-a", gw)
    src = "127.0.0.2"  # the publisher must not come from the gateway's address (proxy_from = 127.0.0.1)

    def fanout(mode, port, oport, warm=False):
        la = loadavg()
        args = ["fanout", "--transport", "sse", "--subscribers", str(a.subscribers if not warm else 1000),
                "--rate", str(a.rate if not warm else 50), "--duration", str(a.duration if not warm else 5),
                "--drain", "30", "--sample", "10", "--port", str(port), "--orbit-port", str(oport),
                "--publisher-source", src, "--cpu-pid", "%d,%d" % (node.proc.pid, gw.proc.pid)]
        r = bench(args, a.duration + 120)
        m = r["metrics"]
        if warm:
            return
        cpu = m.get("server_cpu_s", {})
        d = m["deliveries"] or 1
        row = {"mode": mode, "splice": gw.splice, "subscribers": a.subscribers, "rate": a.rate,
               "deliveries": m["deliveries"], "lost": m["lost"], "p50_ms": m["latency_ms"].get("p50"),
               "p99_ms": m["latency_ms"].get("p99"), "p999_ms": m["latency_ms"].get("p999"),
               "max_ms": m["latency_ms"].get("max"), "samples": m["latency_ms"].get("samples"),
               "node_cpu_ns_per_delivery": round(cpu.get(str(node.proc.pid), 0) * 1e9 / d),
               "gateway_cpu_ns_per_delivery": round(cpu.get(str(gw.proc.pid), 0) * 1e9 / d),
               "total_cpu_ns_per_delivery": m.get("server_cpu_ns_per_delivery"),
               "loadavg_before": la, "loadavg_after": loadavg(), "errors": m.get("errors")}
        rows.append(row)
        log("%-6s p50 %s p99 %s ms, cpu node %s gw %s ns/delivery, lost %s, load %s" % (
            mode, row["p50_ms"], row["p99_ms"], row["node_cpu_ns_per_delivery"],
            row["gateway_cpu_ns_per_delivery"], row["lost"], row["loadavg_after"]))

    try:
        for splice in (False, True):
            if splice:  # same node, same table: the gateway restarts in splice mode and the node re-claims its id
                gw.proc.stop()
                gw.props["relay.splice"] = 1
                gw.splice = True
                gw.start()
                wait_for("orb-a re-registered", lambda: node.gw_entry() is not None, 30)
            relay = "splice" if splice else "relay"
            fanout("warmup", gw.browser, gw.app, warm=True)
            for _ in range(a.reps):
                fanout("direct", node.http, node.op)
                fanout(relay, gw.browser, gw.app)
    finally:
        stop_all()
    summary = []
    for mode in ("direct", "relay", "splice"):
        rs = [r for r in rows if r["mode"] == mode]
        if rs:
            summary.append({"mode": mode, "runs": len(rs),
                            "p50_ms": statistics.median(r["p50_ms"] for r in rs),
                            "p99_ms": statistics.median(r["p99_ms"] for r in rs),
                            "node_cpu_ns": statistics.median(r["node_cpu_ns_per_delivery"] for r in rs),
                            "gateway_cpu_ns": statistics.median(r["gateway_cpu_ns_per_delivery"] for r in rs),
                            "total_cpu_ns": statistics.median(r["total_cpu_ns_per_delivery"] for r in rs)})
    d = next((s for s in summary if s["mode"] == "direct"), None)
    print("\nRelay overhead: %d SSE subscribers, %s msg/s, %s s, one node, routes = 1 (medians of %d runs)" % (
        a.subscribers, a.rate, a.duration, a.reps))
    print("| path | runs | p50 ms | p99 ms | p50 / direct | p99 / direct | node ns/delivery | gateway ns/delivery | total ns/delivery |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for s in summary:
        print("| %s | %d | %.2f | %.2f | %.2fx | %.2fx | %d | %d | %d |" % (
            s["mode"], s["runs"], s["p50_ms"], s["p99_ms"], s["p50_ms"] / d["p50_ms"], s["p99_ms"] / d["p99_ms"],
            s["node_cpu_ns"], s["gateway_cpu_ns"], s["total_cpu_ns"]))
    write_result("overhead", vars(a), {"runs": rows, "summary": summary})


# ---------------------------------------------------------------- 2. idle memory per relayed connection
def settle_count(gw, target, timeout):
    """Waits (bounded) until the gateway relays `target` connections or the count stops growing for 5 s (a gateway
    out of descriptors: splice mode); returns the count."""
    prev, stable, end = -1, 0, time.time() + timeout
    while time.time() < end:
        c = gw.status()["relay"]["connections"]
        if c >= target:
            return c
        stable = stable + 1 if c == prev and c > 0 else 0
        if stable >= 10:
            log("relayed count stuck at %d of %d" % (c, target))
            return c
        prev = c
        time.sleep(0.5)
    return prev


def idle(a):
    results = []
    try:
        for splice in (False, True) if a.splice_too else (False,):
            gw = Gateway(1, splice=splice, max_connections=a.connections + 100, extra=RELAXED)
            node = Node("orb-a", gw)
            time.sleep(2)
            gc(gw.proc.pid)
            time.sleep(1)
            before = {"rss_kb": status_kb(gw.proc.pid, "VmRSS"), "fds": fd_count(gw.proc.pid),
                      "node_rss_kb": status_kb(node.proc.pid, "VmRSS")}
            before.update(nmt(gw.proc.pid))
            la = loadavg()
            gen = subprocess.Popen(
                ["taskset", "-c", GEN_CPU, "java", "-Xms64m", "-Xmx1g", "-jar", BENCH_JAR, "idle", "--transport",
                 "sse", "--connections", str(a.connections), "--settle", "25", "--port", str(gw.browser),
                 "--server-pid", str(gw.proc.pid), "--deadline", "200",
                 "--out", os.path.join(WORK, "idle-%d.json" % gw.control)],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=dict(os.environ, ORBITED_BENCH_JAR=BENCH_JAR))
            PROCS.append(type("P", (), {"stop": lambda self, g=gen: (g.kill(), g.wait(10)), "name": "gen"})())
            settle_count(gw, a.connections, 150)
            time.sleep(5)
            gc(gw.proc.pid)
            time.sleep(2)
            after = {"rss_kb": status_kb(gw.proc.pid, "VmRSS"), "fds": fd_count(gw.proc.pid),
                     "node_rss_kb": status_kb(node.proc.pid, "VmRSS")}
            after.update(nmt(gw.proc.pid))
            n = gw.status()["relay"]["connections"]
            per = {"rss_kb": (after["rss_kb"] - before["rss_kb"]) / n, "fds": (after["fds"] - before["fds"]) / n,
                   "node_rss_kb": (after["node_rss_kb"] - before["node_rss_kb"]) / n,
                   "heap_used_kb": (after["heap_used_kb"] - before["heap_used_kb"]) / n
                   if after["heap_used_kb"] is not None and before["heap_used_kb"] is not None else None}
            for cat in ("Java Heap", "Other", "Thread", "Total"):
                b, x = before["nmt_committed_kb"].get(cat), after["nmt_committed_kb"].get(cat)
                if b is not None and x is not None:
                    per["nmt_" + cat.replace(" ", "_").lower() + "_kb"] = (x - b) / n
            errs = 0
            with open(gw.proc.log) as f:
                errs = sum(1 for l in f if "Too many open files" in l)
            results.append({"splice": splice, "connections": n, "requested": a.connections,
                            "emfile_log_lines": errs, "before": before, "after": after, "per_connection": per,
                            "loadavg_before": la, "loadavg_after": loadavg()})
            log("idle splice=%s: %d connections, gateway RSS %.2f KB/conn, fds %.2f/conn" % (
                splice, n, per["rss_kb"], per["fds"]))
            try:
                gen.wait(120)
            except subprocess.TimeoutExpired:
                pass
            stop_all()
    finally:
        stop_all()
    print("\nIdle relayed SSE connections through one gateway (routes = 1), per connection:")
    print("| mode | connections | gateway RSS KB | heap used KB | NMT Other (direct) KB | NMT heap committed KB | gateway fds | node RSS KB |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for r in results:
        p = r["per_connection"]
        print("| %s | %d | %.2f | %s | %s | %s | %.2f | %.2f |" % (
            "splice" if r["splice"] else "relay", r["connections"], p["rss_kb"],
            "%.2f" % p["heap_used_kb"] if p["heap_used_kb"] is not None else "n/a",
            "%.2f" % p.get("nmt_other_kb", float("nan")), "%.2f" % p.get("nmt_java_heap_kb", float("nan")),
            p["fds"], p["node_rss_kb"]))
    write_result("idle", vars(a), results)


# ---------------------------------------------------------------- 3. failure detection and reconnection
def failover(a):
    gw = Gateway(a.routes, relay_threads=0, cpu=None)
    names = ["orb-%s" % c for c in "abc"[:a.nodes]]
    nodes = {}
    events_path = os.path.join(WORK, "failover-events.txt")
    stop_path = os.path.join(WORK, "failover-stop")
    kills = []
    gen = None
    try:
        for name in names:
            nodes[name] = Node(name, gw, cpu=None)
        gen = subprocess.Popen(
            ["taskset", "-c", GEN_CPU, "java", "-Xms64m", "-Xmx512m", "-jar", BENCH_JAR, "failover",
             "--connections", str(a.connections), "--route-ports", str(a.routes), "--port", str(gw.browser),
             "--events", events_path, "--stop-file", stop_path, "--duration", str((a.kills + a.stops) * 60 + 60),
             "--retry-ms", str(a.retry_ms), "--deadline", str((a.kills + a.stops) * 60 + 120),
             "--out", os.path.join(WORK, "failover-gen.json")],
            stdout=subprocess.DEVNULL, stderr=open(os.path.join(WORK, "failover-gen.log"), "w"),
            env=dict(os.environ, ORBITED_BENCH_JAR=BENCH_JAR))

        def steady():
            s = gw.status()
            live = [n for n in s["nodes"] if n.get("live") and n["role"] == "active"]
            return len(live) == a.nodes and s["relay"]["connections"] == a.connections and 0 not in s["owner"]

        def read_events():
            out = []
            if os.path.exists(events_path):
                with open(events_path) as f:
                    for line in f:
                        p = line.split()
                        if len(p) == 5 and p[0] == "RECONNECT":
                            out.append((int(p[1]), int(p[2]) / 1e6, int(p[3]) / 1e6, int(p[4])))
            return out

        for k in range(a.stops + a.kills):
            wait_for("steady cluster (%d nodes, %d relayed)" % (a.nodes, a.connections), steady, 60, 0.1)
            time.sleep(a.settle)
            s = gw.status()
            victim_name = names[k % len(names)]
            entry = next(n for n in s["nodes"] if n["name"] == victim_name)
            affected = entry["relayed"]
            version = s["version"]
            victim = nodes[victim_name]
            la = loadavg()
            sig = signal.SIGSTOP if k < a.stops else signal.SIGKILL
            t_kill = time.time()
            os.kill(victim.proc.pid, sig)
            # detection: the gateway's table no longer names the victim (polled every ~2 ms)
            detect = None
            end = t_kill + 30
            while time.time() < end:
                s2 = gw.status()
                if s2["version"] != version and entry["id"] not in s2["owner"]:
                    detect = time.time() - t_kill
                    break
                time.sleep(0.002)
            if sig == signal.SIGSTOP:
                os.kill(victim.proc.pid, signal.SIGKILL)
            victim.proc.p.wait(10)
            PROCS.remove(victim.proc)
            # reconnection: every browser that was on the victim is up again
            recon = []
            end = time.time() + 30
            while time.time() < end:
                recon = [e for e in read_events() if e[1] >= t_kill - 0.001]
                if len(recon) >= affected:
                    break
                time.sleep(0.05)
            times = [e[2] - t_kill for e in recon]
            row = {"kill": k + 1, "signal": "STOP" if sig == signal.SIGSTOP else "KILL", "victim": victim_name,
                   "affected": affected, "reconnected": len(recon),
                   "detect_ms": round(detect * 1000, 1) if detect is not None else None,
                   "reconnect_p50_ms": round(statistics.median(times) * 1000, 1) if times else None,
                   "reconnect_max_ms": round(max(times) * 1000, 1) if times else None,
                   "attempts_max": max((e[3] for e in recon), default=None), "loadavg": la}
            kills.append(row)
            log("kill %d (%s %s): %d browsers, detection %s ms, reconnected %d, p50 %s ms, max %s ms, load %s" % (
                k + 1, row["signal"], victim_name, affected, row["detect_ms"], len(recon), row["reconnect_p50_ms"],
                row["reconnect_max_ms"], la))
            victim.start()  # same name, fresh ports: joins again (minimal policy: a fresh id, floor(N/3) routes)
        open(stop_path, "w").close()
        gen.wait(30)
    finally:
        if gen is not None and gen.poll() is None:
            gen.kill()
            gen.wait(10)
        stop_all()
    k9 = [r for r in kills if r["signal"] == "KILL"]
    st = [r for r in kills if r["signal"] == "STOP"]

    def agg(rs):
        det = [r["detect_ms"] for r in rs if r["detect_ms"] is not None]
        rec = [r["reconnect_max_ms"] for r in rs if r["reconnect_max_ms"] is not None]
        recp = [r["reconnect_p50_ms"] for r in rs if r["reconnect_p50_ms"] is not None]
        return {"kills": len(rs), "detect_p50_ms": round(statistics.median(det), 1) if det else None,
                "detect_max_ms": max(det) if det else None,
                "reconnect_all_p50_ms": round(statistics.median(rec), 1) if rec else None,
                "reconnect_all_max_ms": max(rec) if rec else None,
                "reconnect_browser_p50_p50_ms": round(statistics.median(recp), 1) if recp else None,
                "browsers_affected_total": sum(r["affected"] for r in rs),
                "browsers_reconnected_total": sum(r["reconnected"] for r in rs)}
    summary = {"kill9": agg(k9), "sigstop": agg(st)}
    print("\nFailure detection and reconnection: %d nodes, routes = %d, %d SSE browsers, retry every %d ms" % (
        a.nodes, a.routes, a.connections, a.retry_ms))
    print("| signal | kills | detection p50 ms | detection max ms | all back p50 ms | all back max ms | per-browser p50 (median) ms | affected | reconnected |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for label, s in (("kill -9", summary["kill9"]), ("SIGSTOP", summary["sigstop"])):
        if s["kills"]:
            print("| %s | %d | %s | %s | %s | %s | %s | %d | %d |" % (
                label, s["kills"], s["detect_p50_ms"], s["detect_max_ms"], s["reconnect_all_p50_ms"],
                s["reconnect_all_max_ms"], s["reconnect_browser_p50_p50_ms"], s["browsers_affected_total"],
                s["browsers_reconnected_total"]))
    write_result("failover", vars(a), {"kills": kills, "summary": summary})


# ---------------------------------------------------------------- 4. three nodes behind one gateway at the cap
def capacity(a):
    results = {}
    try:
        gw = Gateway(a.routes, max_connections=a.max_connections, relay_threads=0, cpu=None, extra=RELAXED)
        nodes = [Node("orb-%s" % c, gw, cpu=None) for c in "abc"]
        time.sleep(2)
        base = {"gateway_rss_kb": status_kb(gw.proc.pid, "VmRSS"), "gateway_fds": fd_count(gw.proc.pid),
                "nodes": {n.name: {"rss_kb": status_kb(n.proc.pid, "VmRSS"), "fds": fd_count(n.proc.pid)}
                          for n in nodes}}
        la = loadavg()
        gen = subprocess.Popen(
            ["taskset", "-c", GEN_CPU, "java", "-Xms64m", "-Xmx1g", "-jar", BENCH_JAR, "idle", "--transport", "sse",
             "--connections", str(a.connections), "--route-ports", str(a.routes), "--port", str(gw.browser),
             "--settle", "20", "--establish-timeout", "60", "--deadline", "300",
             "--out", os.path.join(WORK, "capacity-gen.json")],
            stdout=subprocess.DEVNULL, stderr=open(os.path.join(WORK, "capacity-gen.log"), "w"),
            env=dict(os.environ, ORBITED_BENCH_JAR=BENCH_JAR))
        PROCS.append(type("P", (), {"stop": lambda self, g=gen: (g.poll() is None and g.kill(), g.wait(10)),
                                    "name": "gen"})())
        prev, stable = -1, 0
        end = time.time() + 150
        while time.time() < end and stable < 6:  # until the relayed count stops growing for 3 s
            c = gw.status()["relay"]["connections"]
            stable = stable + 1 if c == prev and c > 0 else 0
            prev = c
            time.sleep(0.5)
        s = gw.status()
        per_node = {}
        for n in nodes:
            st = node_status(n.http)
            entry = next(e for e in s["nodes"] if e["name"] == n.name)
            per_node[n.name] = {"relayed": entry["relayed"], "routes": entry["routes"],
                                "connections_heartbeat": entry["connections"],
                                "rss_kb": status_kb(n.proc.pid, "VmRSS"), "fds": fd_count(n.proc.pid),
                                "rss_kb_per_connection": (status_kb(n.proc.pid, "VmRSS")
                                                          - base["nodes"][n.name]["rss_kb"]) / max(1, entry["relayed"])}
        gwr = {"relayed": s["relay"]["connections"], "refused": s["relay"]["refused"],
               "rss_kb": status_kb(gw.proc.pid, "VmRSS"), "fds": fd_count(gw.proc.pid),
               "fd_cap": 20000, "max_connections": a.max_connections}
        gwr["rss_kb_per_connection"] = (gwr["rss_kb"] - base["gateway_rss_kb"]) / max(1, gwr["relayed"])
        results = {"requested": a.connections, "gateway": gwr, "nodes": per_node, "base": base,
                   "loadavg_before": la, "loadavg_after": loadavg()}
        gen.wait(200)
        try:
            with open(os.path.join(WORK, "capacity-gen.json")) as f:
                results["generator"] = json.load(f)["metrics"]
        except OSError:
            pass
        with open(gw.proc.log) as f:
            results["gateway_warnings"] = [l.strip() for l in f if "WARN" in l or "ERROR" in l][:10]
    finally:
        stop_all()
    g = results["gateway"]
    print("\nThree nodes behind one gateway: %d idle SSE browsers requested, relay.max_connections = %d" % (
        a.connections, a.max_connections))
    print("| process | relayed connections | routes | fds | RSS MB | RSS KB per connection |")
    print("|---|---:|---:|---:|---:|---:|")
    print("| gateway | %d (refused %d) | %d | %d | %.1f | %.2f |" % (g["relayed"], g["refused"], a.routes, g["fds"],
                                                                  g["rss_kb"] / 1024, g["rss_kb_per_connection"]))
    for name, n in results["nodes"].items():
        print("| %s | %d | %d | %d | %.1f | %.2f |" % (name, n["relayed"], n["routes"], n["fds"], n["rss_kb"] / 1024,
                                                     n["rss_kb_per_connection"]))
    write_result("capacity", vars(a), results)


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    sub = ap.add_subparsers(dest="part", required=True)
    p = sub.add_parser("overhead")
    p.add_argument("--subscribers", type=int, default=1000)
    p.add_argument("--rate", type=float, default=20)
    p.add_argument("--duration", type=float, default=15)
    p.add_argument("--reps", type=int, default=2)
    p = sub.add_parser("idle")
    p.add_argument("--connections", type=int, default=8000)
    p.add_argument("--splice-too", action="store_true")
    p = sub.add_parser("failover")
    p.add_argument("--nodes", type=int, default=3)
    p.add_argument("--routes", type=int, default=24)
    p.add_argument("--connections", type=int, default=300)
    p.add_argument("--kills", type=int, default=20)
    p.add_argument("--stops", type=int, default=0, help="before the KILLS kill -9, STOPS SIGSTOPs (silence: heartbeat detection), each then killed")
    p.add_argument("--retry-ms", type=int, default=20)
    p.add_argument("--settle", type=float, default=1.0)
    p = sub.add_parser("capacity")
    p.add_argument("--routes", type=int, default=24)
    p.add_argument("--connections", type=int, default=10500)
    p.add_argument("--max-connections", type=int, default=9950)
    a = ap.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    try:
        {"overhead": overhead, "idle": idle, "failover": failover, "capacity": capacity}[a.part](a)
    finally:
        stop_all()
        log("logs in", WORK)


if __name__ == "__main__":
    main()
