package org.orbited.halod.gateway;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.orbited.halod.link.ByeReason;
import org.orbited.halod.link.LoadFigures;
import org.orbited.halod.link.NodeControl;
import org.orbited.halod.link.Registered;

/** The node side of a real LinkClient in tests: records every call in order; moves complete at once. */
final class RecordingNode implements NodeControl {
    record Event(String kind, long version, int id, Set<Integer> routes, int to) {
    }

    final List<Registered> registered = new CopyOnWriteArrayList<>();
    final List<Event> events = new CopyOnWriteArrayList<>();
    final List<ByeReason> goodbyes = new CopyOnWriteArrayList<>();
    final AtomicInteger fences = new AtomicInteger();

    @Override
    public LoadFigures load() {
        return new LoadFigures(7, 5, 2);
    }

    @Override
    public void registered(Registered r) {
        registered.add(r);
    }

    @Override
    public void owned(long version, int id, Set<Integer> routes) {
        events.add(new Event("owned", version, id, Set.copyOf(routes), 0));
    }

    @Override
    public CompletionStage<Void> moveRoutes(long version, Set<Integer> routes, int toNodeId, long deadlineMs) {
        events.add(new Event("moved", version, 0, Set.copyOf(routes), toNodeId));
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void fence() {
        fences.incrementAndGet();
    }

    @Override
    public void goodbye(ByeReason reason) {
        goodbyes.add(reason);
    }

    /** The last owned set, or empty. */
    Set<Integer> owned() {
        for (int i = events.size() - 1; i >= 0; i--) {
            if (events.get(i).kind().equals("owned")) {
                return events.get(i).routes();
            }
        }
        return Set.of();
    }

    Registered lastRegistered() {
        return registered.isEmpty() ? null : registered.get(registered.size() - 1);
    }
}
