package org.orbited.node.cluster;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;
import org.orbited.node.bayeux.BayeuxServer;
import org.orbited.node.core.Hub;
import org.orbited.node.core.Scheduler;
import org.orbited.node.http.shared.CloseKeepAlive;
import org.orbited.node.http.shared.ConnectionRoute;
import org.orbited.node.http.shared.PipelineNames;
import org.orbited.node.orbit.OrbitRouteClose;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link ClusterControl} of a running node, over the {@link RouteRegistry} its listeners fill.
 *
 * <p>How the close sequence reaches each kind of connection: a browser channel whose owner set
 * {@link ConnectionRoute#RECONNECT} (comet streams, Orbit WebSockets, a long poll in progress) runs it, which queues
 * the transport's reconnect instruction after the events already queued and closes after the flush; Bayeux sessions
 * are ended by the Bayeux server by the route of their handshake; every other browser channel (keep-alive between
 * requests, a Bayeux long poll just answered) gets {@link CloseKeepAlive}: closed at once when no response is under
 * way, else right after it (never mid-response), so no later request on it reaches this node. App channels get the
 * {@link OrbitRouteClose} events. Every close is a FIN (nothing sets SO_LINGER).
 */
public final class DefaultClusterControl implements ClusterControl {
    private static final Logger LOG = LoggerFactory.getLogger(DefaultClusterControl.class);

    private final String nodeName;
    private final RouteLayout layout;
    private final RouteRegistry registry;
    private final Hub hub;
    private final BayeuxServer bayeux;
    private final Scheduler scheduler;
    private final long moveDrainMillis;
    private final Runnable stopAccepting;
    private final java.util.function.Predicate<Channel> answersItself;

    /**
     * @param bayeux        the Bayeux server, or null when it is disabled
     * @param stopAccepting closes both listeners without blocking and puts the node in its shutting-down state
     *                      (drain's first step)
     * @param answersItself the idle browser channels a drain leaves open to the bound: a comet connection kept
     *                      alive between polls, whose next request the shutting-down node answers 503 and closes
     */
    public DefaultClusterControl(String nodeName, RouteLayout layout, RouteRegistry registry, Hub hub,
                                 BayeuxServer bayeux, Scheduler scheduler, long moveDrainMillis,
                                 Runnable stopAccepting, java.util.function.Predicate<Channel> answersItself) {
        this.nodeName = nodeName;
        this.layout = layout;
        this.registry = registry;
        this.hub = hub;
        this.bayeux = bayeux;
        this.scheduler = scheduler;
        this.moveDrainMillis = moveDrainMillis;
        this.stopAccepting = stopAccepting;
        this.answersItself = answersItself;
    }

    @Override
    public String nodeName() {
        return nodeName;
    }

    @Override
    public RouteLayout layout() {
        return layout;
    }

    @Override
    public CompletionStage<Void> reconnectRoutes(Set<Integer> routes) {
        return reconnect(in(routes), moveDrainMillis);
    }

    @Override
    public CompletionStage<Void> closeAppRoutes(Set<Integer> routes, long drainMillis) {
        IntPredicate p = in(routes);
        List<Channel> apps = stopApps(p);
        return failAppsAfter(apps, drainMillis).thenApply(n -> null);
    }

    @Override
    public CompletionStage<Void> moveRoutes(Set<Integer> routes, long drainMillis) {
        return move(in(routes), drainMillis);
    }

    @Override
    public CompletionStage<Void> owned(Set<Integer> routes) {
        Set<Integer> keep = Set.copyOf(routes);
        return move(r -> r != 0 && !keep.contains(r), moveDrainMillis);
    }

    @Override
    public CompletionStage<Void> fence() {
        LOG.warn("fencing: closing every route connection");
        return move(r -> r != 0, 0);
    }

    @Override
    public CompletionStage<Void> drain(long deadlineMillis) {
        return drainNode(deadlineMillis).thenApply(n -> null);
    }

    /**
     * {@link #drain} for the node's own graceful shutdown: completes with the number of app connections that did
     * not take their last replies within the drain time (closed without waiting; 0 for a clean drain).
     */
    public CompletionStage<Integer> drainNode(long deadlineMillis) {
        LOG.info("draining: {} browser connection(s), {} app connection(s)", registry.count(ListenerSide.BROWSER),
                registry.count(ListenerSide.APP));
        stopAccepting.run();
        List<Channel> apps = stopApps(r -> true);
        CompletionStage<Integer> browsers = reconnect(r -> true, deadlineMillis, true);
        CompletionStage<Integer> appsClosed = failAppsAfter(apps, deadlineMillis);
        return browsers.thenCombine(appsClosed, (b, a) -> a).whenComplete((n, e) -> hub.terminateAll());
    }

    /** Browser connections count when they carried a push connection ({@link ConnectionRoute#PUSH}). */
    @Override
    public LoadFigures load() {
        int pushing = 0;
        for (Channel ch : registry.channels(ListenerSide.BROWSER, r -> true)) {
            if (ConnectionRoute.isPush(ch)) {
                pushing++;
            }
        }
        return new LoadFigures(pushing, hub.sessionCount() + hub.detachedSessionCount(),
                registry.count(ListenerSide.APP));
    }

    private static IntPredicate in(Set<Integer> routes) {
        Set<Integer> copy = Set.copyOf(routes);
        return copy::contains;
    }

    /** Steps 1-3 of halod.md section 5 for the routes {@code p} accepts. */
    private CompletionStage<Void> move(IntPredicate p, long drainMillis) {
        List<Channel> apps = stopApps(p);                                     // 1
        CompletionStage<Integer> browsers = reconnect(p, drainMillis, false); // 2
        CompletionStage<Integer> appsClosed = failAppsAfter(apps, drainMillis); // 3
        return browsers.thenCombine(appsClosed, (a, b) -> null);
    }

    private CompletionStage<Void> reconnect(IntPredicate p, long boundMillis) {
        return reconnect(p, boundMillis, false).thenApply(n -> null);
    }

    /**
     * @param leaving a drain: idle direct (route 0) channels that {@link #answersItself} are left open until the
     *                bound, so that the single node answers their next request 503; a routed one is closed like
     *                any other, or the browser's next request on it (after a reconnect instruction) would get that
     *                503 instead of reaching the route's new owner
     */
    private CompletionStage<Integer> reconnect(IntPredicate p, long boundMillis, boolean leaving) {
        if (bayeux != null) {
            bayeux.reconnectRoutes(p); // answers held connects first, so the channel closes below come after
        }
        List<Channel> browsers = registry.channels(ListenerSide.BROWSER, p);
        for (Channel ch : browsers) {
            ch.eventLoop().execute(() -> reconnectOne(ch,
                    leaving && ConnectionRoute.route(ch) == 0 && answersItself.test(ch)));
        }
        return whenClosed(browsers, Math.max(boundMillis, moveDrainMillis));
    }

    /**
     * On {@code ch}'s event loop: its owner's reconnect instruction, else (a kept-alive HTTP connection between or
     * during requests) {@link CloseKeepAlive}: closed at once, or right after the response under way.
     */
    private static void reconnectOne(Channel ch, boolean leaveIdle) {
        Runnable owner = ch.attr(ConnectionRoute.RECONNECT).get();
        if (owner != null) {
            owner.run();
        } else if (leaveIdle) {
            return;
        } else if (ch.pipeline().get(PipelineNames.PIPELINING) != null) {
            ch.pipeline().fireUserEventTriggered(CloseKeepAlive.INSTANCE);
        } else {
            ch.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
    }

    private List<Channel> stopApps(IntPredicate p) {
        List<Channel> apps = registry.channels(ListenerSide.APP, p);
        for (Channel ch : apps) {
            OrbitRouteClose.stopAccepting(ch);
        }
        return apps;
    }

    /**
     * Step 3 for app channels already stopped (each closes by itself once nothing is in flight): completes as soon
     * as they have all closed; at {@code drainMillis} the undelivered recipients of those still open fail and they
     * close after the flush; one more bound later the rest are closed without waiting. Completes with how many
     * had to be closed so.
     */
    private CompletionStage<Integer> failAppsAfter(List<Channel> apps, long drainMillis) {
        if (apps.isEmpty()) {
            return CompletableFuture.completedFuture(0);
        }
        CompletableFuture<Void> allClosed = allClosed(apps);
        CompletableFuture<Integer> done = new CompletableFuture<>();
        java.util.concurrent.atomic.AtomicBoolean failing = new java.util.concurrent.atomic.AtomicBoolean();
        Scheduler.Cancellable failLater = scheduler.schedule(() -> {
            failing.set(true);
            for (Channel ch : apps) {
                if (ch.isOpen()) {
                    ch.pipeline().fireUserEventTriggered(OrbitRouteClose.FAIL_UNDELIVERED_AND_CLOSE);
                }
            }
            whenClosed(apps, Math.max(drainMillis, moveDrainMillis)).whenComplete((n, e) -> done.complete(n));
        }, Math.max(0, drainMillis), TimeUnit.MILLISECONDS);
        allClosed.thenRun(() -> {
            if (!failing.get()) { // else the count of whenClosed below decides
                failLater.cancel();
                done.complete(0);
            }
        });
        return done;
    }

    private static CompletableFuture<Void> allClosed(List<Channel> chs) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        AtomicInteger open = new AtomicInteger(chs.size());
        for (Channel ch : chs) {
            ch.closeFuture().addListener(f -> {
                if (open.decrementAndGet() == 0) {
                    done.complete(null);
                }
            });
        }
        return done;
    }

    /**
     * Completes when every channel of {@code chs} has closed, or after {@code boundMillis}, when those still open
     * (a peer that does not read its last bytes) are closed without waiting; with how many were closed so.
     */
    private CompletionStage<Integer> whenClosed(List<Channel> chs, long boundMillis) {
        CompletableFuture<Integer> done = new CompletableFuture<>();
        if (chs.isEmpty()) {
            done.complete(0);
            return done;
        }
        java.util.concurrent.atomic.AtomicBoolean bounded = new java.util.concurrent.atomic.AtomicBoolean();
        allClosed(chs).thenRun(() -> {
            if (!bounded.get()) {
                done.complete(0);
            }
        });
        Scheduler.Cancellable bound = scheduler.schedule(() -> {
            bounded.set(true);
            int forced = 0;
            for (Channel ch : chs) {
                if (ch.isOpen()) {
                    LOG.debug("closing {} at the move's bound: its last bytes were not taken", ch);
                    forced++;
                    ch.close();
                }
            }
            done.complete(forced);
        }, Math.max(1, boundMillis), TimeUnit.MILLISECONDS);
        done.whenComplete((v, e) -> bound.cancel());
        return done;
    }
}
