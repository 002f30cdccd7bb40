package org.orbited.node;

import java.net.InetSocketAddress;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.orbited.halod.link.LinkClient;
import org.orbited.halod.link.LinkSettings;
import org.orbited.node.cluster.ClusterControl;
import org.orbited.node.cluster.HaloLinkAdapter;
import org.orbited.node.config.GatewayLinkConfig;
import org.orbited.node.config.NodeConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's control link to its HaloD gateway ({@code [cluster] halod}): a {@link LinkClient} driving the seam
 * through a {@link HaloLinkAdapter}. Started once both listeners are bound, so that REGISTER carries the real
 * addresses; {@link #drainThroughGateway} is the first step of a shutdown; {@link #close} the last.
 *
 * <p>Threads: the link's own two (see {@link LinkClient}). {@link #drainThroughGateway} blocks up to its bound;
 * {@link #close} up to about a second; both are called only by {@link OrbitedNode#shutdown()}.
 */
final class GatewayLink implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayLink.class);

    private final LinkClient client;
    private final HaloLinkAdapter adapter;
    private final String gateways;

    private GatewayLink(LinkClient client, HaloLinkAdapter adapter, String gateways) {
        this.client = client;
        this.adapter = adapter;
        this.gateways = gateways;
    }

    /**
     * Starts the link (non-blocking: the link connects on its own thread and retries with backoff).
     *
     * @param onOperatorDrain run when an operator drained the node at the gateway; must not block
     */
    static GatewayLink start(NodeConfig config, ClusterControl cluster, InetSocketAddress http,
                             InetSocketAddress orbit, Runnable onOperatorDrain) {
        GatewayLinkConfig g = config.cluster().gateway();
        String browser = advertised(g.advertiseHost(), http);
        String app = advertised(g.advertiseHost(), orbit);
        LinkSettings settings = LinkSettings.of(g.addresses(), g.token(), cluster.nodeName(), browser, app,
                g.capacity());
        HaloLinkAdapter adapter = new HaloLinkAdapter(cluster, config.cluster().moveDrainMillis(), g.gateways(),
                onOperatorDrain);
        LinkClient client = new LinkClient(settings, adapter);
        LOG.info("halod: joining gateway(s) {} as '{}' (browser {}, app {}, proxy_from {})", g.gateways(),
                cluster.nodeName(), browser, app, String.join(",", config.cluster().proxyFrom()));
        client.start();
        return new GatewayLink(client, adapter, String.join(",", g.gateways()));
    }

    /**
     * REGISTER's {@code host:port} for a listener bound to {@code bound}: {@code advertise_host} when set, else the
     * bind address, with 127.0.0.1 for the wildcard 0.0.0.0 and ::1 for :: (a gateway on another machine needs
     * {@code advertise_host}). IPv6 hosts are bracketed.
     */
    static String advertised(String advertiseHost, InetSocketAddress bound) {
        String host = advertiseHost;
        if (host.isEmpty()) {
            java.net.InetAddress a = bound.getAddress();
            if (a == null) {
                host = bound.getHostString();
            } else if (a.isAnyLocalAddress()) {
                host = a instanceof java.net.Inet6Address ? "::1" : "127.0.0.1";
            } else {
                host = a.getHostAddress().replaceFirst("%.*$", "");
            }
        }
        return (host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + bound.getPort();
    }

    HaloLinkAdapter adapter() {
        return adapter;
    }

    /**
     * Leaves through the gateway: DRAIN, the gateway moves every route away (the adapter runs each move), and the
     * BYEs. Blocks until the gateway's BYE or {@code boundMillis}; returns at once, false, when the link is not
     * registered (the gateway is unreachable) or drops. Either way the caller then runs the node's own drain.
     */
    boolean drainThroughGateway(long boundMillis) {
        long start = System.nanoTime();
        try {
            client.drain().toCompletableFuture().get(boundMillis, TimeUnit.MILLISECONDS);
            LOG.info("halod: drained through gateway {} in {} ms", gateways,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
            return true;
        } catch (ExecutionException e) {
            LOG.warn("halod: cannot drain through the gateway ({}): draining locally",
                    e.getCause() == null ? e.toString() : e.getCause().getMessage());
        } catch (TimeoutException e) {
            LOG.warn("halod: the gateway did not finish the drain within {} ms: draining locally", boundMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    /** Sends BYE shutdown if still linked (not after a drain) and stops the link's threads. Idempotent. */
    @Override
    public void close() {
        client.close();
    }
}
