package org.orbited.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;

/**
 * The measured part shared by fanout, channels and orbit: subscribers established, publishers open; publish
 * within bounds, wait (bounded) for deliveries to reach the expected count, then compute the metrics.
 */
final class DeliveryRun {
    private final CommonOptions o;
    private final Net net;
    private final Pools pools;
    private final Tally tally;
    private final int subscribers;
    private final int targets;

    DeliveryRun(CommonOptions o, Net net, Pools pools, Tally tally, int subscribers, int targets) {
        this.o = o;
        this.net = net;
        this.pools = pools;
        this.tally = tally;
        this.subscribers = subscribers;
        this.targets = targets;
    }

    /** Subscribers on target {@code k} when subscriber i is on {@code i % targets}. */
    long subscribersOn(int k) {
        return subscribers / targets + (k < subscribers % targets ? 1 : 0);
    }

    Map<String, Object> run(String publisherKind, int connections, IntFunction<String> recipients, double rate,
                            long max, double durationS, int window, double drainS) throws Exception {
        long rampStart = System.nanoTime();
        pools.establish();
        double rampS = (System.nanoTime() - rampStart) / 1e9;
        PoolReport ready = pools.report();
        List<Publisher> pubs = Publishers.open(net, publisherKind, o.endpoints(), connections, recipients, tally);
        pools.mark();
        long[] serverCpu0 = o.cpuPids.stream().mapToLong(ProcInfo::pidCpuNanos).toArray();
        long cpu0 = ProcInfo.processCpuNanos();
        long t0 = System.nanoTime();
        RateDriver driver = new RateDriver(pubs, targets, o.size, window);
        long published = driver.run(rate, max, (long) (durationS * 1e9));
        long[] perTarget = driver.perTarget();
        long expected = 0;
        for (int k = 0; k < targets; k++) {
            expected += perTarget[k] * subscribersOn(k);
        }
        long drainEnd = System.nanoTime() + (long) (drainS * 1e9);
        PoolReport r = pools.report();
        long repliesAt = 0;
        while (System.nanoTime() < drainEnd) {
            boolean replied = pubs.stream().allMatch(p -> p.inFlight() == 0);
            if (replied && repliesAt == 0) {
                repliesAt = System.nanoTime();
            }
            if (replied && r.deliveries() >= expected) {
                break;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(pools.processes() > 1 ? 200 : 20));
            r = pools.report();
        }
        double windowS = (System.nanoTime() - t0) / 1e9;
        long cpu = ProcInfo.processCpuNanos() - cpu0 + r.cpuNanos();
        long[] serverCpu = new long[serverCpu0.length];
        for (int p = 0; p < serverCpu.length; p++) {
            serverCpu[p] = ProcInfo.pidCpuNanos(o.cpuPids.get(p)) - serverCpu0[p];
        }
        long accepted = pubs.stream().mapToLong(Publisher::accepted).sum();
        long rejected = pubs.stream().mapToLong(Publisher::rejected).sum();
        tally.stopping();
        pubs.forEach(Publisher::close);

        Map<String, Object> m = new LinkedHashMap<>();
        m.put("connections", ready.established());
        m.put("processes", pools.processes());
        m.put("ramp_s", round(rampS));
        m.put("published", published);
        m.put("accepted", accepted);
        m.put("rejected", rejected);
        m.put("publish_rate_achieved", round(published / driver.seconds()));
        if (repliesAt > 0) {
            m.put("accepted_per_second", round(accepted / ((repliesAt - t0) / 1e9)));
        }
        m.put("expected_deliveries", expected);
        m.put("deliveries", r.deliveries());
        m.put("deliveries_per_second", round(r.deliveries() / windowS));
        m.put("lost", Math.max(0, expected - r.deliveries()));
        m.put("excess_deliveries", Math.max(0, r.deliveries() - expected));
        if (r.latencyUs().getTotalCount() > 0) { // checked on sampled deliveries only: none, nothing checked
            m.put("duplicates", r.duplicates());
            m.put("out_of_order", r.outOfOrder());
        }
        m.put("latency_ms", Result.latency(r.latencyUs()));
        org.HdrHistogram.Histogram replyUs = new org.HdrHistogram.Histogram(3_600_000_000L, 3);
        for (Publisher p : pubs) { // read on the publisher's loop, which records into it
            try {
                p.loop().submit(() -> replyUs.add(p.replyLatencyUs())).get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                tally.error("publish_reply_histogram_" + e.getClass().getSimpleName());
            }
        }
        m.put("publish_reply_ms", Result.latency(replyUs)); // publish sent to its reply, every publish
        m.put("generator_cpu_ns_per_delivery", r.deliveries() == 0 ? 0.0 : round((double) cpu / r.deliveries()));
        m.put("generator_cpu_s", round(cpu / 1e9));
        if (serverCpu.length > 0) { // the servers' CPU over the same window (publish start to drain end)
            long total = java.util.Arrays.stream(serverCpu).sum();
            Map<String, Object> perPid = new LinkedHashMap<>();
            for (int p = 0; p < serverCpu.length; p++) {
                perPid.put(Long.toString(o.cpuPids.get(p)), round(serverCpu[p] / 1e9));
            }
            m.put("server_cpu_s", perPid);
            m.put("server_cpu_ns_per_delivery", r.deliveries() == 0 ? 0.0 : round((double) total / r.deliveries()));
        }
        m.put("errors", r.errors());
        return m;
    }

    static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
