package org.orbited.halod.gateway;

import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import org.orbited.halod.core.ClusterTable;
import org.orbited.halod.core.NodeRecord;

/**
 * The relay's immutable view of the table: route r's owner and where that owner listens. The control thread builds
 * a new one from each committed {@link ClusterTable} and publishes it through a volatile field; accepting relay
 * threads only read it.
 */
final class RelayTargets {
    /** Where one active node takes relayed connections; {@code name} identifies it across id changes. */
    record Target(int id, String name, InetSocketAddress browser, InetSocketAddress app) {
    }

    static final RelayTargets NONE = new RelayTargets(new int[0], Map.of());

    private final int[] owner;
    private final Map<Integer, Target> byId;

    private RelayTargets(int[] owner, Map<Integer, Target> byId) {
        this.owner = owner;
        this.byId = byId;
    }

    static RelayTargets of(ClusterTable table) {
        Map<Integer, Target> byId = new HashMap<>();
        for (NodeRecord n : table.nodes()) {
            if (n.id() > 0) {
                byId.put(n.id(), new Target(n.id(), n.name(), address(n.browser()), address(n.app())));
            }
        }
        return new RelayTargets(table.ownerSnapshot(), Map.copyOf(byId));
    }

    /** The owner of route r (1..N), or null when it has none. */
    Target owner(int route) {
        return route < 1 || route > owner.length ? null : byId.get(owner[route - 1]);
    }

    /**
     * {@code host:port} (IPv6 as {@code [::1]:port}) as an unresolved address (Netty resolves it at connect).
     *
     * @throws IllegalArgumentException not host:port with a port 1..65535
     */
    static InetSocketAddress address(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        if (colon <= 0 || colon == hostPort.length() - 1) {
            throw new IllegalArgumentException("'" + hostPort + "' is not host:port");
        }
        String host = hostPort.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(hostPort.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + hostPort + "' has no numeric port");
        }
        if (port < 1 || port > 65535 || host.isEmpty()) {
            throw new IllegalArgumentException("'" + hostPort + "' is not host:port with a port 1..65535");
        }
        return InetSocketAddress.createUnresolved(host, port);
    }
}
