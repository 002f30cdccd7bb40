package org.orbited.bench.jmh;

import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.orbited.node.core.Event;
import org.orbited.node.core.Hub;
import org.orbited.node.core.HubSettings;
import org.orbited.node.core.Scheduler;
import org.orbited.node.core.SessionKey;

/**
 * {@link Hub#publish} of one Bayeux-style event to a channel with 1,000 or 10,000 subscribed sessions, each
 * attached to a {@link NoOpConnection}, followed by the completion of every write the publication started. One op
 * is one delivery (one session reached), so the score is the core's cost per subscriber: the subscriber-set
 * look-ups, one queue entry, the session lock, the hand-over to the connection and the {@code written} report.
 *
 * <p>{@code subscriptions}: {@code exact} has every session on {@value #CHANNEL}; {@code mixed} has 45% on the
 * channel, 45% on {@value #WILDCARD} and 10% on both, so the hub matches two subscriber sets and de-duplicates
 * with its identity set. Every session receives the event exactly once in both cases.
 *
 * <p>Each op leaves the hub as it found it: every session's queue is empty again, only sequence numbers and
 * counters move. The connections are not resumable, so no replay ring grows.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class HubFanOutBenchmark {
    static final String CHANNEL = "/bench/room";
    static final String WILDCARD = "/bench/**";
    private static final Scheduler NO_TIMERS = (task, delay, unit) -> () -> { };

    /** One hub with its sessions, for one trial; the subclasses fix the number of sessions. */
    @State(Scope.Thread)
    public abstract static class Subscribers {
        @Param({"exact", "mixed"})
        public String subscriptions;

        private Hub hub;
        private Writes writes;
        private byte[] body;

        abstract int sessions();

        @Setup
        public void setUp() {
            int n = sessions();
            hub = new Hub(HubSettings.defaults(), NO_TIMERS);
            writes = new Writes(n);
            body = Payloads.json(128);
            Set<String> exact = Set.of(CHANNEL);
            Set<String> wildcard = Set.of(WILDCARD);
            Set<String> both = Set.of(CHANNEL, WILDCARD);
            for (int i = 0; i < n; i++) {
                Set<String> channels = !subscriptions.equals("mixed") ? exact
                        : i % 10 == 0 ? both : i % 2 == 0 ? exact : wildcard;
                hub.attach(new SessionKey("user" + i, "0", "/bench"), new NoOpConnection(writes), null, channels);
            }
            if (hub.sessionCount() != n) {
                throw new IllegalStateException(hub.sessionCount() + " sessions, expected " + n);
            }
        }

        @TearDown
        public void tearDown() {
            hub.terminateAll();
        }

        final int publishAndComplete() {
            int queued = hub.publish(Event.jsonOnChannel(body, CHANNEL, null, null));
            int written = writes.completeAll();
            if (queued != sessions() || written != queued) {
                throw new IllegalStateException("queued " + queued + ", written " + written + ", expected "
                        + sessions());
            }
            return written;
        }
    }

    @State(Scope.Thread)
    public static class Subscribers1k extends Subscribers {
        @Override
        int sessions() {
            return 1_000;
        }
    }

    @State(Scope.Thread)
    public static class Subscribers10k extends Subscribers {
        @Override
        int sessions() {
            return 10_000;
        }
    }

    @Benchmark
    @OperationsPerInvocation(1_000)
    public int publishTo1k(Subscribers1k s) {
        return s.publishAndComplete();
    }

    @Benchmark
    @OperationsPerInvocation(10_000)
    public int publishTo10k(Subscribers10k s) {
        return s.publishAndComplete();
    }
}
