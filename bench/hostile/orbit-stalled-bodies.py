"""Heap of a standalone orbited-node daemon while N Orbit connections each declare a 1 MiB body and send none.

usage: python3 bench/hostile/orbit-stalled-bodies.py JAR [N]   (loopback only, two free ports; needs jcmd)
Prints the heap used after a forced GC, idle and with the N connections open (docs/benchmarks.md, Hostile clients).
"""
import re, socket, subprocess, sys, time

jar = sys.argv[1]
n = int(sys.argv[2]) if len(sys.argv) > 2 else 200

def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]

OP, HTTP = free_port(), free_port()

def heap_used_kb(pid):
    subprocess.run(["jcmd", str(pid), "GC.run"], capture_output=True, check=True)
    out = subprocess.run(["jcmd", str(pid), "GC.heap_info"], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"used (\d+)K", out).group(1))

def wait_port(port, deadline=30):
    end = time.time() + deadline
    while time.time() < end:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("daemon did not open port %d" % port)

proc = subprocess.Popen(["java", "-Xmx1g", "-jar", jar, "--op-port", str(OP), "--op-bind", "127.0.0.1",
                         "--http-port", str(HTTP), "--http-bind", "127.0.0.1", "--log-level", "WARN"],
                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
socks = []
try:
    wait_port(OP)
    time.sleep(2)
    base = heap_used_kb(proc.pid)
    for i in range(n):
        s = socket.create_connection(("127.0.0.1", OP), timeout=5)
        s.sendall(("Orbit 1.0\r\nEvent\r\nid: %d\r\nrecipient: g, 0, /good\r\nlength: 1048576\r\n\r\n" % i).encode())
        socks.append(s)
    time.sleep(3)  # let the daemon parse every head (well under op.request_timeout's default 30 s)
    loaded = heap_used_kb(proc.pid)
    print("%s: heap used after GC %d KiB idle, %d KiB with %d connections declaring 1 MiB each: +%.1f MiB"
          % (jar, base, loaded, n, (loaded - base) / 1024.0))
finally:
    for s in socks:
        s.close()
    proc.terminate()
    proc.wait(20)
