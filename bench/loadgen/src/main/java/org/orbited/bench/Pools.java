package org.orbited.bench;

import java.util.ArrayList;
import java.util.List;

/** Spreads a run's subscribers over this process or over child processes, and sums what they report. */
final class Pools implements AutoCloseable {
    private final List<SubscriberPool> pools = new ArrayList<>();
    private final int processes;

    Pools(Net net, CommonOptions o, PoolSpec spec, Tally localTally) {
        processes = o.processesFor(spec.count());
        if (processes == 1 && !o.childSubscribers) {
            pools.add(new LocalPool(net, spec, localTally));
        } else {
            int share = (spec.count() + processes - 1) / processes;
            for (int p = 0; p < processes; p++) {
                int from = p * share;
                int count = Math.min(share, spec.count() - from);
                if (count > 0) {
                    // each child ramps at its share of the rate, so the total stays at --ramp-rate
                    PoolSpec s = spec.slice(from, count);
                    pools.add(new ChildPool(new PoolSpec(s.endpoints(), s.transport(), s.userPrefix(), from, count,
                            s.channels(), s.sample(), Math.max(1, s.rampRate() / processes), s.perSource(),
                            s.ioThreads(), s.establishTimeoutS()), o.childJvmOptions()));
                }
            }
        }
    }

    int processes() {
        return processes;
    }

    /** Opens everything and waits (bounded) until all connections are established or failed. */
    void establish() {
        pools.forEach(SubscriberPool::start);
        pools.forEach(SubscriberPool::awaitEstablished);
    }

    void mark() {
        pools.forEach(SubscriberPool::mark);
    }

    PoolReport report() {
        PoolReport sum = PoolReport.empty();
        for (SubscriberPool p : pools) {
            sum = sum.plus(p.report());
        }
        return sum;
    }

    @Override
    public void close() {
        pools.forEach(SubscriberPool::close);
    }
}
