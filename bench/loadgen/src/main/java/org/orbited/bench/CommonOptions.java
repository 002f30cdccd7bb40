package org.orbited.bench;

import java.util.List;
import picocli.CommandLine.Option;

/** Options every scenario shares: the target, its URL templates, the run's bounds and how load is spread. */
public final class CommonOptions {
    @Option(names = "--server", defaultValue = "orbited", description = "orbited | nchan | cometd (default ${DEFAULT-VALUE}).")
    Server server;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Server address, loopback only (default ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "8000", description = "HTTP port (default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--orbit-port", defaultValue = "9000", description = "orbited's Orbit port for publishing (default ${DEFAULT-VALUE}).")
    int orbitPort;

    @Option(names = "--route-ports", defaultValue = "0",
            description = "HaloD: N browser route ports from --port; user u connects to port + route(u) - 1 (default ${DEFAULT-VALUE}: off).")
    int routePorts;

    @Option(names = "--publisher-source", description = "Source address of the publishing connections (default: the kernel's choice).")
    String publisherSource;

    @Option(names = "--cpu-pid", split = ",",
            description = "Server processes whose CPU time (/proc/PID/stat) is measured over the publishing window.")
    List<Long> cpuPids = new java.util.ArrayList<>();

    @Option(names = "--stream-path", defaultValue = "/bench?user={user}&session=0&transport={transport}&channel={channel}",
            description = "orbited subscriber URL (default ${DEFAULT-VALUE}).")
    String streamPath;

    @Option(names = "--bayeux-path", defaultValue = "/cometd", description = "Bayeux mount (default ${DEFAULT-VALUE}).")
    String bayeuxPath;

    @Option(names = "--nchan-sub-path", defaultValue = "/sub/{channel}", description = "Nchan subscriber URL (default ${DEFAULT-VALUE}).")
    String nchanSubPath;

    @Option(names = "--nchan-pub-path", defaultValue = "/pub/{channel}", description = "Nchan publisher URL (default ${DEFAULT-VALUE}).")
    String nchanPubPath;

    @Option(names = "--channel-format", description = "Channel k's name; default /bench/c{k} (nchan: c{k}).")
    String channelFormat;

    @Option(names = "--publisher", defaultValue = "auto",
            description = "orbit | nchan | bayeux | auto (orbited: orbit, nchan: nchan, cometd: bayeux).")
    String publisher;

    @Option(names = "--out", description = "Result file (default bench/results/<scenario>-<server>-<transport>-<time>.json).")
    String out;

    @Option(names = "--deadline", defaultValue = "600", description = "Hard limit of the whole run in seconds (default ${DEFAULT-VALUE}).")
    int deadlineS;

    @Option(names = "--ramp-rate", defaultValue = "2000", description = "New connections per second (default ${DEFAULT-VALUE}).")
    int rampRate;

    @Option(names = "--establish-timeout", defaultValue = "120", description = "Seconds to wait for all connections (default ${DEFAULT-VALUE}).")
    int establishTimeoutS;

    @Option(names = "--sample", defaultValue = "100", description = "Parse and time 1 subscriber in N (default ${DEFAULT-VALUE}).")
    int sample;

    @Option(names = "--size", defaultValue = "64", description = "Payload bytes (default ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--processes", defaultValue = "auto", description = "Subscriber processes: auto = ceil(N / per-process) (default ${DEFAULT-VALUE}).")
    String processes;

    @Option(names = "--child-subscribers", description = "Run the subscribers in child processes even when one would "
            + "hold them all, so that the publisher's event loop in this process does nothing else and publish-to-reply "
            + "times are not spent waiting behind the subscribers' reads (default: off).")
    boolean childSubscribers;

    @Option(names = "--per-process", defaultValue = "9000", description = "Connections per process (default ${DEFAULT-VALUE}).")
    int perProcess;

    @Option(names = "--per-source", defaultValue = "10000", description = "Connections per source address 127.0.0.x (default ${DEFAULT-VALUE}).")
    int perSource;

    @Option(names = "--io-threads", defaultValue = "1", description = "Event-loop threads per process (default ${DEFAULT-VALUE}).")
    int ioThreads;

    @Option(names = "--child-jvm-opts", defaultValue = "-Xms64m -Xmx768m -XX:+UseSerialGC",
            description = "JVM options of child processes (default ${DEFAULT-VALUE}).")
    String childJvmOpts;

    public Endpoints endpoints() {
        String fmt = channelFormat != null ? channelFormat : (server == Server.nchan ? "c{k}" : "/bench/c{k}");
        return new Endpoints(server, host, port, orbitPort, streamPath, bayeuxPath, nchanSubPath, nchanPubPath, fmt, routePorts,
                publisherSource);
    }

    /** How many subscriber processes for {@code n} connections: 1 means inside this process. */
    public int processesFor(int n) {
        if (!"auto".equals(processes)) {
            return Math.max(1, Integer.parseInt(processes));
        }
        long cap = ProcInfo.fdCap();
        int per = cap > 0 ? (int) Math.min(perProcess, cap - 1000) : perProcess;
        return Math.max(1, (n + per - 1) / per);
    }

    public List<String> childJvmOptions() {
        return List.of(childJvmOpts.trim().split("\\s+"));
    }

    /** The publisher kind for this server. */
    public String publisherKind() {
        if (!"auto".equals(publisher)) {
            return publisher;
        }
        return switch (server) {
            case orbited -> "orbit";
            case nchan -> "nchan";
            case cometd -> "bayeux";
        };
    }

    /**
     * A token of this run (one scenario execution: each gets its own options), part of every user name, so that a
     * run never attaches to sessions an earlier run left on the same server (a resumable session waits
     * {@code session.resume_timeout}, 30 s, for its browser), even an earlier run in the same JVM.
     */
    private final String run = Long.toString(java.util.concurrent.ThreadLocalRandom.current()
            .nextLong(36L * 36 * 36 * 36 * 36, 36L * 36 * 36 * 36 * 36 * 36), 36);

    /** {@code prefix}, this run's token and a dash: user {@code i} is this plus {@code i}. */
    public String userPrefix(String prefix) {
        return prefix + run + "-";
    }

    /** Subscriber {@code i} is user {@link #userPrefix}({@code prefix}) + {@code i}. */
    public PoolSpec poolSpec(Transport t, String prefix, int count, int channels) {
        return new PoolSpec(endpoints(), t, userPrefix(prefix), 0, count, channels, sample, rampRate, perSource,
                ioThreads, establishTimeoutS);
    }

    /** {@code count} subscribers over {@code channels} channels, in this process or its children as these options say. */
    public Pools pools(Net net, Transport t, String userPrefix, int count, int channels, Tally tally) {
        return new Pools(net, this, poolSpec(t, userPrefix, count, channels), tally);
    }
}
