package org.orbited.bench.jmh;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * Bytes the whole JVM allocated on the heap between {@link #start} and {@link #stop}: heap growth between
 * collections, read from the GC notifications' before/after usage. Unlike per-thread counters it also sees threads
 * that come and go (pool workers); approximate, as a notification arrives shortly after its collection.
 */
final class AllocationMeter implements NotificationListener {
    private final Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName).collect(Collectors.toSet());
    private final List<GarbageCollectorMXBean> collectors = ManagementFactory.getGarbageCollectorMXBeans();
    private long allocated;
    private long lastAfter;

    void start() {
        synchronized (this) {
            allocated = 0;
            lastAfter = heapUsed();
        }
        for (GarbageCollectorMXBean gc : collectors) {
            ((NotificationEmitter) gc).addNotificationListener(this, null, null);
        }
    }

    /** Bytes allocated since {@link #start}. */
    long stop() throws InterruptedException {
        Thread.sleep(200); // let the last collection's notification arrive
        for (GarbageCollectorMXBean gc : collectors) {
            try {
                ((NotificationEmitter) gc).removeNotificationListener(this);
            } catch (ListenerNotFoundException ignored) {
                // never added
            }
        }
        synchronized (this) {
            return allocated + heapUsed() - lastAfter;
        }
    }

    @Override
    public synchronized void handleNotification(Notification n, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
            return;
        }
        GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
        allocated += used(info.getGcInfo().getMemoryUsageBeforeGc()) - lastAfter;
        lastAfter = used(info.getGcInfo().getMemoryUsageAfterGc());
    }

    private long used(Map<String, MemoryUsage> pools) {
        return pools.entrySet().stream().filter(e -> heapPools.contains(e.getKey())).mapToLong(e -> e.getValue().getUsed()).sum();
    }

    private long heapUsed() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .mapToLong(p -> p.getUsage().getUsed()).sum();
    }
}
