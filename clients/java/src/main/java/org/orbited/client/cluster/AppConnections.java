package org.orbited.client.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.UnaryOperator;
import org.orbited.client.OrbitClient;

/**
 * One {@link OrbitClient} per gateway app port actually used, created on first use. Thread-safe.
 *
 * <p><b>Bounds.</b> At most {@code max} clients are kept; taking one more evicts the least recently
 * used one (preferring one with nothing in flight). An evicted or idle client is closed gracefully on
 * {@code closer}: it accepts no new send (a send already handed to it fails with
 * {@code OrbitClosedException}, which the cluster retries on a fresh client) and finishes what is in
 * flight, for at most its request timeout. So at most {@code max} clients take new sends, plus the ones
 * finishing. {@link #closeIdle} closes clients unused for {@code idle} with nothing in flight.
 */
final class AppConnections implements AutoCloseable {
    private static final class Entry {
        final OrbitClient client;
        long lastUsedNanos;

        Entry(OrbitClient client) {
            this.client = client;
        }
    }

    private final String host;
    private final int max;
    private final long idleNanos;
    private final UnaryOperator<OrbitClient.Builder> settings;
    private final Executor closer;
    private final Map<Integer, Entry> byPort = new LinkedHashMap<>(16, 0.75f, true); // guarded by this
    private boolean closed; // guarded by this

    AppConnections(String host, int max, Duration idle, UnaryOperator<OrbitClient.Builder> settings, Executor closer) {
        this.host = host;
        this.max = max;
        this.idleNanos = idle.toNanos();
        this.settings = settings;
        this.closer = closer;
    }

    /** The client for app port {@code port}, created if needed. Never blocks on the network. */
    OrbitClient forPort(int port) {
        List<OrbitClient> evicted = new ArrayList<>();
        OrbitClient c;
        synchronized (this) {
            if (closed) {
                throw new org.orbited.client.OrbitClosedException("cluster client is closed");
            }
            Entry e = byPort.get(port);
            if (e == null) {
                while (byPort.size() >= max) {
                    evicted.add(evictOne());
                }
                e = new Entry(settings.apply(OrbitClient.builder()).host(host).port(port).build());
                byPort.put(port, e);
            }
            e.lastUsedNanos = System.nanoTime();
            c = e.client;
        }
        evicted.forEach(this::closeLater);
        return c;
    }

    private OrbitClient evictOne() {
        Iterator<Map.Entry<Integer, Entry>> it = byPort.entrySet().iterator();
        Map.Entry<Integer, Entry> victim = null;
        while (it.hasNext()) {
            Map.Entry<Integer, Entry> e = it.next();
            if (victim == null) {
                victim = e; // least recently used, if none is idle
            }
            if (e.getValue().client.inFlight() == 0) {
                victim = e;
                break;
            }
        }
        byPort.remove(victim.getKey());
        return victim.getValue().client;
    }

    /** Closes clients unused for longer than the idle time that have nothing in flight. */
    void closeIdle() {
        List<OrbitClient> idle = new ArrayList<>();
        long now = System.nanoTime();
        synchronized (this) {
            byPort.values().removeIf(e -> {
                boolean drop = now - e.lastUsedNanos > idleNanos && e.client.inFlight() == 0;
                if (drop) {
                    idle.add(e.client);
                }
                return drop;
            });
        }
        idle.forEach(this::closeLater);
    }

    /** Clients currently kept. */
    synchronized int size() {
        return byPort.size();
    }

    private void closeLater(OrbitClient c) {
        closer.execute(c::close);
    }

    /** Closes every client, each waiting up to {@code wait} for its requests. Blocks. */
    void close(Duration wait) {
        List<OrbitClient> all;
        synchronized (this) {
            closed = true;
            all = byPort.values().stream().map(e -> e.client).toList();
            byPort.clear();
        }
        all.forEach(c -> c.close(wait));
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }
}
