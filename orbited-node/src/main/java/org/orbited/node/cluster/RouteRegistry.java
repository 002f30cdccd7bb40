package org.orbited.node.cluster;

import io.netty.channel.Channel;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntPredicate;
import org.orbited.node.http.shared.ConnectionRoute;

/**
 * The open connections of both listeners by side and route, so that a route move finds exactly its own
 * connections without walking the others. A channel is entered when accepted (route 0), moved to its route when its
 * PROXY header is read, and leaves by itself when it closes. Thread-safe; nothing blocks.
 */
public final class RouteRegistry {
    private final ConcurrentHashMap<Integer, Set<Channel>> browser = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Integer, Set<Channel>> app = new ConcurrentHashMap<>();

    private ConcurrentHashMap<Integer, Set<Channel>> side(ListenerSide side) {
        return side == ListenerSide.BROWSER ? browser : app;
    }

    /** Enters {@code ch} on {@code route} (0: direct) and removes it again when it closes. */
    void add(ListenerSide side, Channel ch, int route) {
        side(side).computeIfAbsent(route, r -> ConcurrentHashMap.newKeySet()).add(ch);
        ch.closeFuture().addListener(f -> remove(side, ch));
    }

    /** Moves {@code ch} from route 0 to {@code route} (its PROXY header was read). */
    void assign(ListenerSide side, Channel ch, int route) {
        Set<Channel> direct = side(side).get(0);
        if (direct != null) {
            direct.remove(ch);
        }
        if (ch.isActive()) {
            side(side).computeIfAbsent(route, r -> ConcurrentHashMap.newKeySet()).add(ch);
        }
    }

    private void remove(ListenerSide side, Channel ch) {
        Set<Channel> set = side(side).get(ConnectionRoute.route(ch));
        if (set != null) {
            set.remove(ch);
        }
        Set<Channel> direct = side(side).get(0);
        if (direct != null) {
            direct.remove(ch);
        }
    }

    /** The open channels of {@code side} whose route satisfies {@code routes}. */
    public List<Channel> channels(ListenerSide side, IntPredicate routes) {
        List<Channel> out = new ArrayList<>();
        side(side).forEach((route, set) -> {
            if (routes.test(route)) {
                out.addAll(set);
            }
        });
        return out;
    }

    /** The routes (not 0) with at least one open connection on either side. */
    public Set<Integer> routesInUse() {
        Set<Integer> out = new java.util.TreeSet<>();
        for (ConcurrentHashMap<Integer, Set<Channel>> m : List.of(browser, app)) {
            m.forEach((route, set) -> {
                if (route != 0 && !set.isEmpty()) {
                    out.add(route);
                }
            });
        }
        return out;
    }

    /** Open connections of {@code side}. */
    public int count(ListenerSide side) {
        int n = 0;
        for (Set<Channel> set : side(side).values()) {
            n += set.size();
        }
        return n;
    }
}
