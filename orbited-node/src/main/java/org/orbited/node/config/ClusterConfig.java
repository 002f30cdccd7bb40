package org.orbited.node.config;

import java.util.List;
import java.util.Objects;

/**
 * The {@code [cluster]} section: who this node is behind a HaloD gateway and how its listeners learn each
 * connection's route (halod.md sections 4 and 5). Without the section nothing changes: {@code proxyFrom} is empty, so
 * no connection may start with a PROXY header and every connection is a direct one (route 0).
 *
 * @param nodeName             the node's name in the cluster; empty means the host name
 * @param proxyFrom            addresses or CIDR blocks whose connections must start with a PROXY v2 header
 * @param browserBase          the gateway's first browser route port (route r is {@code browserBase + r - 1})
 * @param appBase              the gateway's first app route port
 * @param routes               N, the number of routes (1 to 4096)
 * @param moveDrainMillis      halod.md {@code move.drainMs}: how long a route move waits for in-flight deliveries
 * @param proxyHeaderTimeoutMillis how long a connection from {@code proxyFrom} may take to send its whole header
 * @param gateway              the link to the gateway ({@code halod}, its token, {@code advertise_host},
 *                             {@code capacity}); {@link GatewayLinkConfig#enabled()} is false without {@code halod}
 */
public record ClusterConfig(String nodeName, List<String> proxyFrom, int browserBase, int appBase, int routes,
                            long moveDrainMillis, long proxyHeaderTimeoutMillis, GatewayLinkConfig gateway) {
    /** The largest N the gateway supports (issue 12). */
    public static final int MAX_ROUTES = 4096;

    public ClusterConfig {
        Objects.requireNonNull(nodeName, "nodeName");
        proxyFrom = List.copyOf(proxyFrom);
        Objects.requireNonNull(gateway, "gateway");
    }

    /**
     * What is wrong with the route-port layout, or null: each side's ports {@code base .. base + routes - 1} must lie
     * within 1..65535 and the browser and app ranges must not overlap.
     */
    public String layoutProblem() {
        long browserEnd = (long) browserBase + routes - 1;
        long appEnd = (long) appBase + routes - 1;
        if (browserBase < 1 || browserEnd > 65535) {
            return "browser route ports " + browserBase + ".." + browserEnd + " (browser_base + routes - 1) are not "
                    + "all within 1..65535";
        }
        if (appBase < 1 || appEnd > 65535) {
            return "app route ports " + appBase + ".." + appEnd + " (app_base + routes - 1) are not all within 1..65535";
        }
        if (browserBase <= appEnd && appBase <= browserEnd) {
            return "browser route ports " + browserBase + ".." + browserEnd + " overlap app route ports " + appBase
                    + ".." + appEnd;
        }
        return null;
    }

    public static ClusterConfig defaults() {
        return new ClusterConfig("", List.of(), 24000, 25000, 24, 1000, 3000, GatewayLinkConfig.defaults());
    }

    public ClusterConfig withNodeName(String v) {
        return new ClusterConfig(v, proxyFrom, browserBase, appBase, routes, moveDrainMillis,
                proxyHeaderTimeoutMillis, gateway);
    }

    public ClusterConfig withProxyFrom(List<String> v) {
        return new ClusterConfig(nodeName, v, browserBase, appBase, routes, moveDrainMillis,
                proxyHeaderTimeoutMillis, gateway);
    }

    public ClusterConfig withBrowserBase(int v) {
        return new ClusterConfig(nodeName, proxyFrom, v, appBase, routes, moveDrainMillis,
                proxyHeaderTimeoutMillis, gateway);
    }

    public ClusterConfig withAppBase(int v) {
        return new ClusterConfig(nodeName, proxyFrom, browserBase, v, routes, moveDrainMillis,
                proxyHeaderTimeoutMillis, gateway);
    }

    public ClusterConfig withRoutes(int v) {
        return new ClusterConfig(nodeName, proxyFrom, browserBase, appBase, v, moveDrainMillis,
                proxyHeaderTimeoutMillis, gateway);
    }

    public ClusterConfig withMoveDrainMillis(long v) {
        return new ClusterConfig(nodeName, proxyFrom, browserBase, appBase, routes, v,
                proxyHeaderTimeoutMillis, gateway);
    }

    public ClusterConfig withProxyHeaderTimeoutMillis(long v) {
        return new ClusterConfig(nodeName, proxyFrom, browserBase, appBase, routes, moveDrainMillis, v,
                gateway);
    }

    public ClusterConfig withGateway(GatewayLinkConfig v) {
        return new ClusterConfig(nodeName, proxyFrom, browserBase, appBase, routes, moveDrainMillis,
                proxyHeaderTimeoutMillis, v);
    }

    /** Changes the gateway link's settings. */
    public ClusterConfig withGateway(java.util.function.UnaryOperator<GatewayLinkConfig> tweak) {
        return withGateway(tweak.apply(gateway));
    }
}
