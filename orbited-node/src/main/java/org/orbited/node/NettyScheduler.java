package org.orbited.node;

import io.netty.util.HashedWheelTimer;
import io.netty.util.Timeout;
import java.util.concurrent.TimeUnit;
import org.orbited.node.core.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The core's {@link Scheduler} on a Netty timer wheel (100 ms ticks): cheap for the many timers of
 * grace periods and delivery deadlines. The number of pending timers is not capped here: it is bounded
 * by the sessions' queue limits (one deadline per unanswered request, one grace timer per session), and
 * a cap would make scheduling fail after events were already queued. Tasks run on the wheel's one thread; a task that throws is
 * logged and does not stop the others.
 */
final class NettyScheduler implements Scheduler, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NettyScheduler.class);
    private final HashedWheelTimer timer = new HashedWheelTimer(
            r -> {
                Thread t = new Thread(r, "orbited-timer");
                t.setDaemon(true);
                return t;
            }, 100, TimeUnit.MILLISECONDS, 512, true, -1);

    @Override
    public Cancellable schedule(Runnable task, long delay, TimeUnit unit) {
        Timeout t = timer.newTimeout(x -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.error("timer task failed", e);
            }
        }, delay, unit);
        return t::cancel;
    }

    @Override
    public void close() {
        timer.stop();
    }
}
