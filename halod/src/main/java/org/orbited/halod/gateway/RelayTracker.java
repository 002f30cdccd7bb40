package org.orbited.halod.gateway;

import io.netty.channel.Channel;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every relayed connection, by the node it is paired with: the descriptor budget ({@code relay.max_connections},
 * two descriptors each), the force-close of a moved route's connections after {@code deadlineMs}, the immediate
 * close of a failed node's connections, and the relay's counters.
 *
 * <p>Thread-safe: relay event loops add and remove, the control thread closes; closing a channel from another
 * thread is safe in Netty (it runs on the channel's loop).
 */
final class RelayTracker {
    private static final Logger log = LoggerFactory.getLogger(RelayTracker.class);
    private static final long WARN_EVERY_NANOS = 10_000_000_000L;

    /** One relayed connection: the client's socket, the node it is paired with and the route. */
    record Pairing(Channel client, String node, int route) {
    }

    private final int maxConnections;
    private final AtomicInteger open = new AtomicInteger();
    private final Map<String, Set<Pairing>> byNode = new ConcurrentHashMap<>();
    private final LongAdder bytesIn = new LongAdder();
    private final LongAdder bytesOut = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final AtomicLong lastWarn = new AtomicLong(System.nanoTime() - WARN_EVERY_NANOS);

    RelayTracker(int maxConnections) {
        this.maxConnections = maxConnections;
    }

    /** Takes one slot of the budget; false (and a warning at most every 10 s) when it is spent. */
    boolean tryAcquire() {
        while (true) {
            int n = open.get();
            if (n >= maxConnections) {
                refused.increment();
                long last = lastWarn.get();
                long now = System.nanoTime();
                if (now - last >= WARN_EVERY_NANOS && lastWarn.compareAndSet(last, now)) {
                    log.warn("relay.max_connections {} reached: refusing new connections ({} refused so far)",
                            maxConnections, refused.sum());
                }
                return false;
            }
            if (open.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    /** Gives a slot back (the client socket closed). */
    void release() {
        open.decrementAndGet();
    }

    void add(Pairing p) {
        byNode.computeIfAbsent(p.node(), k -> ConcurrentHashMap.newKeySet()).add(p);
    }

    void remove(Pairing p) {
        Set<Pairing> s = byNode.get(p.node());
        if (s != null) {
            s.remove(p);
        }
    }

    /** Closes every client socket paired with {@code node} (it failed); returns how many. */
    int closeNode(String node) {
        Set<Pairing> s = byNode.remove(node);
        if (s == null) {
            return 0;
        }
        s.forEach(p -> p.client().close());
        return s.size();
    }

    /** Closes the client sockets on {@code routes} still paired with {@code node} (the move deadline passed). */
    int closeRoutes(String node, Set<Integer> routes) {
        Set<Pairing> s = byNode.get(node);
        int n = 0;
        if (s != null) {
            for (Pairing p : s) {
                if (routes.contains(p.route())) {
                    p.client().close();
                    n++;
                }
            }
        }
        return n;
    }

    /** Relayed connections paired with {@code node} now. */
    int pairedWith(String node) {
        Set<Pairing> s = byNode.get(node);
        return s == null ? 0 : s.size();
    }

    void countIn(long bytes) {
        bytesIn.add(bytes);
    }

    void countOut(long bytes) {
        bytesOut.add(bytes);
    }

    int connections() {
        return open.get();
    }

    long bytesIn() {
        return bytesIn.sum();
    }

    long bytesOut() {
        return bytesOut.sum();
    }

    long refused() {
        return refused.sum();
    }
}
