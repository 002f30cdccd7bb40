package org.orbited.bench;

import io.netty.channel.Channel;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/** Subscribers in this process: opened from the event loop at the ramp rate, in ticks of 10 ms. */
public final class LocalPool implements SubscriberPool {
    private static final int TICKS_PER_SECOND = 100;

    private final Net net;
    private final PoolSpec spec;
    private final Tally tally;
    private final Queue<Channel> channels = new ConcurrentLinkedQueue<>();
    private final AtomicInteger opened = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private ScheduledFuture<?> ramp;

    public LocalPool(Net net, PoolSpec spec, Tally tally) {
        this.net = net;
        this.spec = spec;
        this.tally = tally;
    }

    @Override
    public void start() {
        int perTick = Math.max(1, spec.rampRate() / TICKS_PER_SECOND);
        ramp = net.group().next().scheduleAtFixedRate(() -> {
            for (int n = 0; n < perTick && opened.get() < spec.count(); n++) {
                int i = spec.from() + opened.getAndIncrement();
                Subscribers.connect(net, spec, i, tally).addListener(f -> {
                    if (f.isSuccess()) {
                        channels.add(((io.netty.channel.ChannelFuture) f).channel());
                    } else {
                        failed.incrementAndGet();
                        tally.error("connect_" + f.cause().getClass().getSimpleName());
                    }
                });
            }
            if (opened.get() >= spec.count()) {
                ramp.cancel(false);
            }
        }, 10, 1000 / TICKS_PER_SECOND, TimeUnit.MILLISECONDS);
    }

    @Override
    public void awaitEstablished() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(spec.establishTimeoutS());
        while (System.nanoTime() < deadline && tally.establishedCount() + failed.get() + closedEarly() < spec.count()) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    /** Connections that ended before being established (refused heads, closes) also end the wait. */
    private long closedEarly() {
        return tally.errorsCopy().entrySet().stream()
                .filter(e -> e.getKey().startsWith("http_") || e.getKey().equals("closed_before_head")
                        || e.getKey().startsWith("bayeux_"))
                .mapToLong(java.util.Map.Entry::getValue).sum();
    }

    @Override
    public void mark() {
        // CPU of this process is measured by the scenario itself
    }

    @Override
    public PoolReport report() {
        return PoolReport.of(spec.count(), tally, 0);
    }

    @Override
    public void close() {
        tally.stopping();
        if (ramp != null) {
            ramp.cancel(false);
        }
        for (Channel c : channels) {
            c.close();
        }
        for (Channel c : channels) {
            c.closeFuture().awaitUninterruptibly(1000);
        }
    }
}
