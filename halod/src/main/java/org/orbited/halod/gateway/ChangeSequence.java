package org.orbited.halod.gateway;

import io.netty.channel.EventLoop;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.orbited.halod.core.ClusterTable;
import org.orbited.halod.core.TableChange;
import org.orbited.halod.core.TableStore;
import org.orbited.halod.link.RouteMoved;
import org.orbited.halod.link.Routes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reference's change sequence (docs/halod.md, "The gateway"), for every table change: (1) the change was
 * computed at v+1 by {@link ClusterTable}; (2) {@link TableStore#save} it, and apply nothing if that fails;
 * (3) publish the relay's new owner snapshot; (4) ROUTES to the live nodes that gain routes or change id;
 * (5) to each live former owner, ROUTE_MOVED per new owner (with {@code deadlineMs}, and the relay's force-close of
 * what is still paired with it after that deadline) and then its new ROUTES. A node leaving by drain is still live:
 * it gets its ROUTE_MOVED and then ROUTES with the empty set at the removal version.
 *
 * <p>Control thread only; the save blocks it for about a millisecond. Between {@link #commit} and
 * {@link #announce} the controller makes the new table current and, for a registration, sends REGISTERED.
 */
final class ChangeSequence {
    private static final Logger log = LoggerFactory.getLogger(ChangeSequence.class);

    private final TableStore store;
    private final RelayServer relay;
    private final EventLoop controlLoop;
    private final long deadlineMs;

    ChangeSequence(TableStore store, RelayServer relay, EventLoop controlLoop, long deadlineMs) {
        this.store = store;
        this.relay = relay;
        this.controlLoop = controlLoop;
        this.deadlineMs = deadlineMs;
    }

    /** Steps 2 and 3: stores the table and publishes the owner snapshot; false (nothing applied) if the save failed. */
    boolean commit(TableChange change) {
        ClusterTable next = change.table();
        try {
            store.save(next.document());
        } catch (IOException e) {
            log.error("table version {} not applied: cannot store {}: {}", next.version(), store.file(), e.toString());
            return false;
        }
        relay.publish(RelayTargets.of(next));
        return true;
    }

    /** Steps 4 and 5, after {@link #commit}: the lines to the live nodes, and the relay's move deadlines. */
    void announce(TableChange change, Map<String, LinkSession> live) {
        ClusterTable next = change.table();
        Map<String, SortedMap<Integer, SortedSet<Integer>>> byFormer = change.movedByFormerOwner();
        for (String name : change.routesChanged()) {
            LinkSession s = live.get(name);
            if (s != null && !byFormer.containsKey(name)) {
                s.send(routesOf(next, name));
            }
        }
        for (Map.Entry<String, SortedMap<Integer, SortedSet<Integer>>> e : byFormer.entrySet()) {
            String former = e.getKey();
            LinkSession s = live.get(former);
            Set<Integer> all = new TreeSet<>();
            e.getValue().forEach((to, routes) -> {
                all.addAll(routes);
                if (s != null) {
                    s.send(new RouteMoved(next.version(), routes, to, deadlineMs));
                }
            });
            controlLoop.schedule(() -> {
                int closed = relay.tracker().closeRoutes(former, all);
                if (closed > 0) {
                    log.info("move deadline: closed {} relayed connections of '{}' on routes {}", closed, former, all);
                }
            }, deadlineMs, TimeUnit.MILLISECONDS);
            if (s != null && !former.equals(change.removed())) {
                s.send(routesOf(next, former));
            }
        }
        LinkSession leaving = change.removed() == null ? null : live.get(change.removed());
        if (leaving != null) {
            leaving.send(new Routes(next.version(), 0, Set.<Integer>of()));
        }
    }

    static Routes routesOf(ClusterTable table, String name) {
        int id = table.node(name).map(n -> n.id()).orElse(0);
        return new Routes(table.version(), id, table.routesOf(name));
    }
}
