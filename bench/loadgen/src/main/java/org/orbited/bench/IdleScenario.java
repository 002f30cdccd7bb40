package org.orbited.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * N idle connections (a parked poll per client for polling transports): ramp, settle, then the server's
 * resident memory per connection from {@code /proc/PID/status}.
 */
@Command(name = "idle", mixinStandardHelpOptions = true,
        description = "Open N idle connections, settle, report the server's RSS per connection.")
public final class IdleScenario extends ScenarioCommand {
    @Option(names = "--transport", defaultValue = "sse", converter = TransportConverter.class,
            description = "sse | websocket | xhr_stream | long-poll | bayeux-long-polling | bayeux-websocket.")
    Transport transport;

    @Option(names = "--connections", defaultValue = "1000", description = "Connections (default ${DEFAULT-VALUE}).")
    int connections;

    @Option(names = "--channels", defaultValue = "1", description = "Channels subscribed to (default ${DEFAULT-VALUE}).")
    int channels;

    @Option(names = "--server-pid", description = "The server's pid, for VmRSS/VmHWM (omitted metrics without it).")
    Long serverPid;

    @Option(names = "--settle", defaultValue = "5", description = "Seconds to wait after the ramp (default ${DEFAULT-VALUE}).")
    double settle;

    @Override
    public String name() {
        return "idle";
    }

    @Override
    public String transport() {
        return transport.label();
    }

    @Override
    public Map<String, Object> run() throws Exception {
        Map<String, Object> m = new LinkedHashMap<>();
        long before = serverPid == null ? -1 : ProcInfo.statusKb(serverPid, "VmRSS");
        Tally tally = new Tally();
        try (Net net = new Net(common.ioThreads);
             Pools pools = common.pools(net, transport, "u", connections, channels, tally)) {
            long t0 = System.nanoTime();
            pools.establish();
            double rampS = (System.nanoTime() - t0) / 1e9;
            Thread.sleep((long) (settle * 1000)); // the settle time is the point: let the server's memory settle
            PoolReport r = pools.report();
            m.put("connections", r.established());
            m.put("requested_connections", connections);
            m.put("processes", pools.processes());
            m.put("source_addresses", (connections + common.perSource - 1) / common.perSource);
            m.put("fd_cap_found", ProcInfo.fdCap());
            m.put("ramp_s", DeliveryRun.round(rampS));
            m.put("connects_per_second", DeliveryRun.round(r.established() / rampS));
            if (serverPid != null) {
                long after = ProcInfo.statusKb(serverPid, "VmRSS");
                m.put("server_rss_kb_before", before);
                m.put("server_rss_kb_after", after);
                m.put("server_rss_kb_per_connection",
                        r.established() == 0 ? 0.0 : DeliveryRun.round((double) (after - before) / r.established()));
                m.put("server_hwm_kb", ProcInfo.statusKb(serverPid, "VmHWM"));
            }
            m.put("errors", r.errors());
        }
        return m;
    }
}
