package org.orbited.node.cluster;

import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.orbited.halod.link.ByeReason;
import org.orbited.halod.link.LoadFigures;
import org.orbited.halod.link.NodeControl;
import org.orbited.halod.link.Registered;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's {@link NodeControl}: what the HaloD control link ({@code org.orbited.halod.link.LinkClient}) asks,
 * done through the {@link ClusterControl} seam (docs/cluster-node.md, "Joining a gateway").
 *
 * <ul>
 *   <li>REGISTERED sets the {@link RouteLayout} from its {@code browserBase}, {@code appBase} and {@code routes}. A
 *       REGISTERED without the bases (a gateway older than the extension) or with a layout the node cannot use is
 *       refused: logged as an ERROR, the configured layout stays, and {@link #status()} says {@code refused}.</li>
 *   <li>ROUTES: {@link ClusterControl#owned}; ROUTE_MOVED: {@link ClusterControl#moveRoutes} with drain time
 *       {@link #moveDrainFor}{@code (deadlineMs)}, so that the node has finished before the gateway force-closes;
 *       fencing: {@link ClusterControl#fence}; the load figures: {@link ClusterControl#load}.</li>
 *   <li>BYE {@code drained} outside the node's own drain (an operator drained it at the gateway): runs
 *       {@code onOperatorDrain}, which shuts the node down as after its own drain.</li>
 * </ul>
 *
 * <p><b>Threads.</b> The link calls every {@link NodeControl} method on its own thread; none of them blocks (the
 * seam only starts work). {@link #status()} may be called from any thread. The state is guarded by {@code this}.
 */
public final class HaloLinkAdapter implements NodeControl {
    private static final Logger LOG = LoggerFactory.getLogger(HaloLinkAdapter.class);

    /** What {@code /_/status} shows under {@code cluster}. */
    public record LinkStatus(String nodeName, int id, String role, List<Integer> owned, String link,
                             List<String> gateways, long appliedVersion, long fences) {
    }

    private final ClusterControl cluster;
    private final long moveDrainMillis;
    private final List<String> gateways;
    private final Runnable onOperatorDrain;

    /** The gateway's id for this node (0 before REGISTERED); volatile for {@link #nodeId()}. */
    private volatile int id;
    private String role = "none";
    private Set<Integer> owned = Set.of();
    private String link = "connecting";
    private long seenVersion;
    private long appliedVersion;
    private long fences;
    private final TreeMap<Long, Integer> pendingMoves = new TreeMap<>();

    /**
     * @param moveDrainMillis {@code [cluster] move_drain}
     * @param gateways        the configured gateway addresses, for the status
     * @param onOperatorDrain run (on the link thread: it must not block) when an operator drained this node
     */
    public HaloLinkAdapter(ClusterControl cluster, long moveDrainMillis, List<String> gateways,
                           Runnable onOperatorDrain) {
        this.cluster = cluster;
        this.moveDrainMillis = moveDrainMillis;
        this.gateways = List.copyOf(gateways);
        this.onOperatorDrain = onOperatorDrain;
    }

    /**
     * The drain time of a move the gateway force-closes after {@code deadlineMs}: {@code move_drain}, but at most
     * three quarters of the deadline, because the seam's move may take up to its drain time again for peers that do
     * not read their last bytes.
     */
    public long moveDrainFor(long deadlineMs) {
        return Math.max(0, Math.min(moveDrainMillis, deadlineMs - deadlineMs / 4));
    }

    @Override
    public LoadFigures load() {
        ClusterControl.LoadFigures f = cluster.load();
        return new LoadFigures(f.connections(), f.sessions(), f.appConnections());
    }

    @Override
    public synchronized void registered(Registered r) {
        id = r.id();
        role = r.role().name().toLowerCase(java.util.Locale.ROOT);
        if (r.browserBase() == 0 || r.appBase() == 0) {
            LOG.error("halod: the gateway's REGISTERED carries no browserBase/appBase (a gateway older than this "
                    + "node?): its relayed connections cannot be mapped to routes; keeping the configured layout "
                    + "{}, which is right only if it matches the gateway's", cluster.layout().ports());
            link = "refused";
            return;
        }
        try {
            cluster.layout().set(r.browserBase(), r.appBase(), r.routes());
        } catch (IllegalArgumentException e) {
            LOG.error("halod: the gateway's route layout is unusable ({}); keeping {}", e.getMessage(),
                    cluster.layout().ports());
            link = "refused";
            return;
        }
        link = "registered";
        LOG.info("halod: registered as id {} ({}), {} routes, browser ports {}.., app ports {}..", r.id(), role,
                r.routes(), r.browserBase(), r.appBase());
    }

    @Override
    public synchronized void owned(long version, int nodeId, Set<Integer> routes) {
        if (nodeId > 0) {
            id = nodeId; // a ROUTES to a node that is leaving may carry id 0: it keeps the id it was registered with
        }
        owned = Set.copyOf(routes);
        seen(version);
        LOG.info("halod: table version {}: this node (id {}) owns {} route(s)", version, nodeId, routes.size());
        cluster.owned(routes);
    }

    @Override
    public CompletionStage<Void> moveRoutes(long version, Set<Integer> routes, int toNodeId, long deadlineMs) {
        long drain = moveDrainFor(deadlineMs);
        synchronized (this) {
            seen(version);
            pendingMoves.merge(version, 1, Integer::sum);
        }
        LOG.info("halod: table version {}: moving route(s) {} to node {} (drain {} ms, deadline {} ms)", version,
                new TreeSet<>(routes), toNodeId, drain, deadlineMs);
        CompletionStage<Void> moved;
        try {
            moved = cluster.moveRoutes(routes, drain);
        } catch (RuntimeException e) {
            moved = CompletableFuture.failedFuture(e);
        }
        return moved.whenComplete((ok, err) -> moveDone(version));
    }

    @Override
    public void fence() {
        synchronized (this) {
            fences++;
            owned = Set.of();
            link = "disconnected";
        }
        LOG.warn("halod: fencing (nothing from the gateway for fenceMs, or it declared this node failed): closing "
                + "every route connection");
        cluster.fence();
    }

    @Override
    public void goodbye(ByeReason reason) {
        synchronized (this) {
            link = "disconnected";
        }
        if (reason == ByeReason.DRAINED) {
            LOG.warn("halod: an operator drained this node at the gateway: shutting down");
            onOperatorDrain.run();
        }
    }

    /**
     * This node's id at the gateway (from REGISTERED and ROUTES), 0 before the first REGISTERED; kept across a fence
     * and a gateway restart (the node re-registers with it). Any thread, never blocks.
     */
    public int nodeId() {
        return id;
    }

    /** A snapshot for {@code /_/status}. */
    public synchronized LinkStatus status() {
        return new LinkStatus(cluster.nodeName(), id, role, List.copyOf(new TreeSet<>(owned)), link, gateways,
                appliedVersion, fences);
    }

    private synchronized void moveDone(long version) {
        pendingMoves.computeIfPresent(version, (v, n) -> n == 1 ? null : n - 1);
        updateApplied();
    }

    private void seen(long version) {
        seenVersion = Math.max(seenVersion, version);
        updateApplied();
    }

    /** The highest version from ROUTES and ROUTE_MOVED whose moves (and every earlier one's) have completed. */
    private void updateApplied() {
        long candidate = pendingMoves.isEmpty() ? seenVersion : pendingMoves.firstKey() - 1;
        appliedVersion = Math.max(appliedVersion, candidate);
    }
}
