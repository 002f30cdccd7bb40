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
import org.orbited.node.http.shared.ConnectionRoute;
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
 * requests, a Bayeux long poll just answered) is closed once what was written to it is flushed. App channels get the
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

    /**
     * @param bayeux        the Bayeux server, or null when it is disabled
     * @param stopAccepting closes both listeners without blocking (drain's first step)
     */
    public DefaultClusterControl(String nodeName, RouteLayout layout, RouteRegistry registry, Hub hub,
                                 BayeuxServer bayeux, Scheduler scheduler, long moveDrainMillis,
                                 Runnable stopAccepting) {
        this.nodeName = nodeName;
        this.layout = layout;
        this.registry = registry;
        this.hub = hub;
        this.bayeux = bayeux;
        this.scheduler = scheduler;
        this.moveDrainMillis = moveDrainMillis;
        this.stopAccepting = stopAccepting;
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
        return failAppsAfter(apps, drainMillis);
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
        LOG.info("draining: {} browser connection(s), {} app connection(s)", registry.count(ListenerSide.BROWSER),
                registry.count(ListenerSide.APP));
        stopAccepting.run();
        return move(r -> true, deadlineMillis).thenRun(hub::terminateAll);
    }

    @Override
    public LoadFigures load() {
        return new LoadFigures(registry.count(ListenerSide.BROWSER),
                hub.sessionCount() + hub.detachedSessionCount(), registry.count(ListenerSide.APP));
    }

    private static IntPredicate in(Set<Integer> routes) {
        Set<Integer> copy = Set.copyOf(routes);
        return copy::contains;
    }

    /** Steps 1-3 of halod.md section 5 for the routes {@code p} accepts. */
    private CompletionStage<Void> move(IntPredicate p, long drainMillis) {
        List<Channel> apps = stopApps(p);                                  // 1
        CompletionStage<Void> browsers = reconnect(p, drainMillis);        // 2
        CompletionStage<Void> appsClosed = failAppsAfter(apps, drainMillis); // 3
        return browsers.thenCombine(appsClosed, (a, b) -> null);
    }

    private CompletionStage<Void> reconnect(IntPredicate p, long boundMillis) {
        if (bayeux != null) {
            bayeux.reconnectRoutes(p); // answers held connects first, so the channel closes below come after
        }
        List<Channel> browsers = registry.channels(ListenerSide.BROWSER, p);
        for (Channel ch : browsers) {
            ch.eventLoop().execute(() -> reconnectOne(ch));
        }
        return whenClosed(browsers, Math.max(boundMillis, moveDrainMillis));
    }

    private static void reconnectOne(Channel ch) {
        Runnable owner = ch.attr(ConnectionRoute.RECONNECT).get();
        if (owner != null) {
            owner.run();
        } else {
            ch.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
    }

    private List<Channel> stopApps(IntPredicate p) {
        List<Channel> apps = registry.channels(ListenerSide.APP, p);
        for (Channel ch : apps) {
            ch.pipeline().fireUserEventTriggered(OrbitRouteClose.STOP_ACCEPTING);
        }
        return apps;
    }

    private CompletionStage<Void> failAppsAfter(List<Channel> apps, long drainMillis) {
        if (apps.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> failed = new CompletableFuture<>();
        scheduler.schedule(() -> {
            for (Channel ch : apps) {
                ch.pipeline().fireUserEventTriggered(OrbitRouteClose.FAIL_UNDELIVERED_AND_CLOSE);
            }
            failed.complete(null);
        }, drainMillis, TimeUnit.MILLISECONDS);
        return failed.thenCompose(x -> whenClosed(apps, Math.max(drainMillis, moveDrainMillis)));
    }

    /**
     * Completes when every channel of {@code chs} has closed, or after {@code boundMillis}, when those still open
     * (a peer that does not read its last bytes) are closed without waiting.
     */
    private CompletionStage<Void> whenClosed(List<Channel> chs, long boundMillis) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (chs.isEmpty()) {
            done.complete(null);
            return done;
        }
        AtomicInteger open = new AtomicInteger(chs.size());
        for (Channel ch : chs) {
            ch.closeFuture().addListener(f -> {
                if (open.decrementAndGet() == 0) {
                    done.complete(null);
                }
            });
        }
        Scheduler.Cancellable bound = scheduler.schedule(() -> {
            for (Channel ch : chs) {
                if (ch.isOpen()) {
                    LOG.debug("closing {} at the move's bound: its last bytes were not taken", ch);
                    ch.close();
                }
            }
        }, Math.max(1, boundMillis), TimeUnit.MILLISECONDS);
        done.whenComplete((v, e) -> bound.cancel());
        return done;
    }
}
