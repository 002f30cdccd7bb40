package org.orbited.halod.link;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A {@link NodeControl} that records every call; moves complete when the test says so. */
final class RecordingNodeControl implements NodeControl {
    record Owned(long version, int id, Set<Integer> routes) {
    }

    record Move(long version, Set<Integer> routes, int to, CompletableFuture<Void> done) {
    }

    final List<Registered> registered = new CopyOnWriteArrayList<>();
    final List<Owned> owned = new CopyOnWriteArrayList<>();
    final List<Move> moves = new CopyOnWriteArrayList<>();
    final List<ByeReason> goodbyes = new CopyOnWriteArrayList<>();
    final AtomicInteger fences = new AtomicInteger();
    final List<String> threads = new CopyOnWriteArrayList<>();
    volatile boolean completeMovesAtOnce;

    @Override
    public LoadFigures load() {
        threads.add(Thread.currentThread().getName());
        return new LoadFigures(1520, 1490, 12);
    }

    @Override
    public void registered(Registered r) {
        registered.add(r);
    }

    @Override
    public void owned(long version, int id, Set<Integer> routes) {
        owned.add(new Owned(version, id, routes));
    }

    @Override
    public CompletionStage<Void> moveRoutes(long version, Set<Integer> routes, int toNodeId, long deadlineMs) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        moves.add(new Move(version, routes, toNodeId, done));
        if (completeMovesAtOnce) {
            done.complete(null);
        }
        return done;
    }

    @Override
    public void fence() {
        fences.incrementAndGet();
    }

    @Override
    public void goodbye(ByeReason reason) {
        goodbyes.add(reason);
    }
}
