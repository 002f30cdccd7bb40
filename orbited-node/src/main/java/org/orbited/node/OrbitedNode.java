package org.orbited.node;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.orbited.node.config.NodeConfig;
import org.orbited.node.core.Hub;
import org.orbited.node.http.HttpServerInitializer;
import org.orbited.node.http.StaticFiles;
import org.orbited.node.orbit.HubDispatcher;
import org.orbited.node.orbit.OrbitServer;
import org.orbited.node.orbit.OrbitStats;
import org.orbited.node.plugin.PluginHost;
import org.orbited.node.plugin.ServerChannelsFactory;
import org.orbited.node.transport.TransportSettings;
import org.orbited.node.transport.Transports;
import org.orbited.node.transport.netty.CometStarter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running daemon: binds the Orbit port and the HTTP port and wires the core to them.
 *
 * <p>Lifecycle: {@link #start()} once; {@link #shutdown()} (also from a signal handler) performs the
 * graceful shutdown of orbit-protocol.md 4.2 (12) as a cluster drain ({@link org.orbited.node.cluster.ClusterControl#drain}): stop accepting
 * on both ports, end the Bayeux sessions (plugins hear SHUTDOWN), stop the plugins, then drain with
 * {@code shutdown.drain} as the bound: every browser connection gets its reconnect instruction, the Orbit connections
 * answer new requests with Failure, in-flight writes get up to {@code shutdown.drain}, then every unresolved
 * recipient fails with normal Failure replies and the Orbit connections are flushed and closed.
 * {@link #awaitTermination()} blocks until that is done. Thread-safe.
 */
public final class OrbitedNode implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OrbitedNode.class);
    /** System property naming the directory of the plugins shipped with the distribution (bin/orbited sets it). */
    public static final String SHIPPED_PLUGINS_PROPERTY = "orbited.shipped_plugins";

    private final NodeConfig config;
    private final NettyTransportKind kind;
    private final NettyScheduler scheduler = new NettyScheduler();
    private final Hub hub;
    private final org.orbited.node.bayeux.BayeuxServer bayeux;
    private final java.util.concurrent.ExecutorService policyExecutor;
    private final org.orbited.node.plugin.PolicyRegistry policies;
    private final OrbitStats orbitStats = new OrbitStats();
    private final CountDownLatch terminated = new CountDownLatch(1);
    private final ChannelGroup browserChannels = new DefaultChannelGroup("browsers", GlobalEventExecutor.INSTANCE);
    private final ChannelGroup cometChannels = new DefaultChannelGroup("comet", GlobalEventExecutor.INSTANCE);
    private EventLoopGroup acceptGroup;
    private EventLoopGroup ioGroup;
    private OrbitServer orbitServer;
    private Channel httpListener;
    private NodeMonitor monitor;
    private PluginHost plugins;
    private boolean started;
    private boolean stopped;
    private volatile boolean clean = true;
    private final org.orbited.node.cluster.RouteRegistry routes = new org.orbited.node.cluster.RouteRegistry();
    private final org.orbited.node.cluster.RouteLayout routeLayout;
    private final org.orbited.node.cluster.DefaultClusterControl cluster;
    /** The control link to the HaloD gateway; null without {@code [cluster] halod} (and until started). */
    private volatile GatewayLink link;

    private org.orbited.node.http.WebircFiles webirc = org.orbited.node.http.WebircFiles.none();

    /**
     * @throws IllegalStateException when {@code io.transport} names a native transport this machine cannot run (the
     *         message says which and Netty's reason), before anything is created
     */
    public OrbitedNode(NodeConfig config) {
        this.config = config;
        this.kind = NettyTransportKind.select(config.ioTransport());
        this.hub = new Hub(Settings.hub(config), scheduler);
        // Plugins may add scoped policies at runtime, so with plugins configured the executor always exists; the
        // engine still runs requests on the I/O thread while no policy is in force.
        this.policies = org.orbited.node.plugin.SecurityPolicies.registry(OrbitedNode.class.getClassLoader(),
                !config.plugins().isEmpty());
        this.policyExecutor = config.bayeux().enabled() && policies.mayEverBeActive() ? PolicyExecutor.create() : null;
        this.bayeux = config.bayeux().enabled()
                ? new org.orbited.node.bayeux.BayeuxServer(Settings.bayeux(config), hub, scheduler,
                        System::currentTimeMillis, policies, policyExecutor, Settings.authenticator(config))
                : null;
        org.orbited.node.config.ClusterConfig cc = config.cluster();
        this.routeLayout = new org.orbited.node.cluster.RouteLayout(cc.browserBase(), cc.appBase(), cc.routes());
        this.cluster = new org.orbited.node.cluster.DefaultClusterControl(Settings.nodeName(cc), routeLayout, routes,
                hub, bayeux, scheduler, cc.moveDrainMillis(), this::stopAccepting, cometChannels::contains);
    }

    /**
     * The HaloD link's view for {@code /_/status} ({@code cluster}): empty without {@code [cluster] halod}.
     */
    public java.util.Optional<org.orbited.node.cluster.HaloLinkAdapter.LinkStatus> clusterStatus() {
        GatewayLink l = link;
        return l == null ? java.util.Optional.empty() : java.util.Optional.of(l.adapter().status());
    }

    /**
     * This node's id at its gateway for {@code node:} headers ({@link org.orbited.node.orbit.AddressedNodeCheck}):
     * {@link org.orbited.node.orbit.AddressedNodeCheck#NO_GATEWAY} without {@code [cluster] halod}, 0 until the
     * gateway's REGISTERED. Any thread, never blocks.
     */
    private int gatewayNodeId() {
        if (!config.cluster().gateway().enabled()) {
            return org.orbited.node.orbit.AddressedNodeCheck.NO_GATEWAY;
        }
        GatewayLink l = link;
        return l == null ? 0 : l.adapter().nodeId();
    }

    /** An operator drained this node at the gateway: it leaves as after its own drain (the link thread must go on). */
    private void shutdownAfterOperatorDrain() {
        drainedAtGateway = true;
        new Thread(this::shutdown, "orbited-shutdown-drained").start();
    }

    /** An operator drained this node at the gateway (BYE drained): its routes are gone, no drain through it is left. */
    private volatile boolean drainedAtGateway;

    /** The control seam a HaloD link drives (docs/cluster-node.md). */
    public org.orbited.node.cluster.ClusterControl cluster() {
        return cluster;
    }

    /**
     * Drain's first step: the node is shutting down (a new comet request on a kept-alive connection is answered
     * 503), and both listeners are closed without waiting.
     */
    private void stopAccepting() {
        NodeMonitor m = monitor;
        if (m != null) {
            m.beginShutdown();
        }
        Channel http = httpListener;
        if (http != null) {
            http.close();
        }
        if (orbitServer != null) {
            orbitServer.closeListener();
        }
    }

    private org.orbited.node.cluster.RouteAdmission admission(org.orbited.node.cluster.ListenerSide side) {
        org.orbited.node.config.ClusterConfig cc = config.cluster();
        return new org.orbited.node.cluster.RouteAdmission(side,
                new org.orbited.node.cluster.ProxySources(cc.proxyFrom()), routeLayout, routes,
                cc.proxyHeaderTimeoutMillis());
    }

    /** The version of this build. */
    public static String version() {
        String v = OrbitedNode.class.getPackage().getImplementationVersion();
        return v != null ? v : "0.4.0-dev";
    }

    /** Binds both listeners and logs a one-line startup summary. */
    public synchronized void start() throws Exception {
        if (started) {
            throw new IllegalStateException("already started");
        }
        started = true;
        acceptGroup = kind.newGroup(1, "orbited-accept");
        ioGroup = kind.newGroup(config.ioThreads(), "orbited-io", config.ioTaskQuantumMillis());
        try {
            orbitServer = new OrbitServer(Settings.orbit(config),
                    new org.orbited.node.orbit.AddressedNodeCheck(new HubDispatcher(hub), this::gatewayNodeId), orbitStats, acceptGroup,
                    ioGroup, kind.serverChannel(), admission(org.orbited.node.cluster.ListenerSide.APP));
            org.orbited.node.cluster.RouteAdmission browserAdmission =
                    admission(org.orbited.node.cluster.ListenerSide.BROWSER);
            int orbitPort = ListenerBindException.bind("Orbit", config.opBind(), config.opPort(), "op", orbitServer::bind);
            monitor = new NodeMonitor(version(), hub, orbitStats, orbitServer::connectionCount, scheduler, bayeux);
            monitor.browserChannels(browserChannels);
            monitor.ioTransport(kind.name());
            TransportSettings ts = Settings.transport(config);
            webirc = org.orbited.node.http.WebircFiles.load(config.webircPath());
            HttpServerInitializer init = new HttpServerInitializer(Settings.http(config), new Transports(ts),
                    new CometStarter(hub, ts, cometChannels), StaticFiles.load(version(), orbitPort).withWebirc(webirc),
                    monitor, kind.clientChannel(),
                    bayeux, config.modernPingInterval().toMillis());
            ServerBootstrap http = new ServerBootstrap()
                    .group(acceptGroup, ioGroup)
                    .channel(kind.serverChannel())
                    .option(ChannelOption.SO_BACKLOG, 4096)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(32 * 1024, 256 * 1024))
                    .childHandler(new io.netty.channel.ChannelInitializer<>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            browserChannels.add(ch);
                            ch.pipeline().addLast(browserAdmission).addLast(init);
                        }
                    });
            // Plugins start (claim their channels, add their policies and services) before the HTTP port opens:
            // a browser that reconnects the moment the node is up must not find /irc/** or /xmpp/** unclaimed.
            // [bayeux] enabled = 0: the plugins still get the hub's channels (Orbit browsers and Orbit-port apps).
            ServerChannelsFactory channels = bayeux != null ? bayeux.pluginChannels()::forPlugin
                    : org.orbited.node.bayeux.PluginChannels.withoutBayeux(hub)::forPlugin;
            plugins = new PluginHost(config.plugins(), org.orbited.node.config.ConfigKeys.PLUGINS_ON_BY_DEFAULT,
                    OrbitedNode.class.getClassLoader(), pluginDirectories(),
                    channels, PluginHost.Limits.DEFAULT, policies).start();
            monitor.plugins(plugins::statuses);
            ListenerBindException.bind("HTTP", config.httpBind(), config.httpPort(), "http", () -> {
                httpListener = http.bind(config.httpBind(), config.httpPort()).sync().channel();
                return httpPort();
            });
            if (config.cluster().gateway().enabled()) {
                // after both listeners are bound: REGISTER carries their real addresses
                link = GatewayLink.start(config, cluster, (InetSocketAddress) httpListener.localAddress(),
                        new InetSocketAddress(config.opBind(), orbitPort()), this::shutdownAfterOperatorDrain);
                monitor.cluster(link.adapter()::status);
            }
        } catch (Exception e) {
            stopped = true; // nothing to shut down later (a shutdown hook or signal finds it stopped)
            if (plugins != null) {
                plugins.stop(); // started before a later step (the HTTP bind, the gateway link) failed
            }
            releaseResources();
            terminated.countDown();
            throw e;
        }
        LOG.info("orbited-node {} ready: http {}:{}, orbit {}:{}, {} I/O, {} proxy rule(s){}, config {}",
                version(), config.httpBind(), httpPort(), config.opBind(), orbitPort(), kind.name(),
                config.proxyRules().size(), config.proxyEnabled() ? "" : " (proxy off)",
                config.source() == null ? "built-in defaults" : config.source());
        if (!webirc.isEmpty()) {
            String host = config.httpBind().equals("0.0.0.0") || config.httpBind().equals("::") ? "localhost"
                    : config.httpBind().contains(":") ? "[" + config.httpBind() + "]" : config.httpBind();
            LOG.info("live help: demo site http://{}:{}{}/, widget {}/widget.js (docs/webirc.md)", host, httpPort(),
                    webirc.prefix(), webirc.prefix());
        }
    }

    /**
     * Where plugin jars are read from, in order: the distribution's plugin directory (system property
     * {@value #SHIPPED_PLUGINS_PROPERTY}, set by {@code bin/orbited}), then {@code plugin.dir}. The same directory
     * named twice is read once.
     */
    java.util.List<java.nio.file.Path> pluginDirectories() {
        java.util.Set<java.nio.file.Path> dirs = new java.util.LinkedHashSet<>();
        String shipped = System.getProperty(SHIPPED_PLUGINS_PROPERTY, "");
        if (!shipped.isBlank()) {
            dirs.add(java.nio.file.Path.of(shipped.trim()).toAbsolutePath().normalize());
        }
        dirs.add(config.pluginDirectory());
        return java.util.List.copyOf(dirs);
    }

    /** The bound HTTP port. */
    public int httpPort() {
        return ((InetSocketAddress) httpListener.localAddress()).getPort();
    }

    /** The bound Orbit port. */
    public int orbitPort() {
        return orbitServer.port();
    }

    /** The Orbit port's counters and its {@code op.max_pending_bytes} gauge; for monitoring and tests. */
    public OrbitStats orbitStats() {
        return orbitStats;
    }

    /** The Netty I/O transport the node runs on: {@code epoll}, {@code io_uring} or {@code nio}. */
    public String ioTransport() {
        return kind.name();
    }

    /** The core hub (sessions, channels); for embedding and tests. */
    public Hub hub() {
        return hub;
    }

    /** The Bayeux engine, or null when {@code [bayeux] enabled} is off. */
    public org.orbited.node.bayeux.BayeuxServer bayeux() {
        return bayeux;
    }

    public NodeConfig config() {
        return config;
    }

    /**
     * Graceful shutdown; returns when done. Safe to call more than once and from any non-I/O thread.
     * {@link #awaitTermination()} then tells whether it was clean.
     */
    public void shutdown() {
        synchronized (this) {
            if (!started || stopped) {
                terminated.countDown();
                return;
            }
            stopped = true;
        }
        long drainMillis = config.shutdownDrain().toMillis();
        GatewayLink gateway = link;
        if (gateway != null) {
            // Leave through the gateway first: it moves every route away (each move is the seam's close sequence,
            // bounded by move_drain and the seam's second bound), then BYE. Unreachable: the local drain at once.
            if (drainedAtGateway) {
                LOG.info("halod: drained by the operator at the gateway (every route moved away): shutting down");
            } else {
                gateway.drainThroughGateway(drainMillis + 2 * config.cluster().moveDrainMillis() + 1000);
            }
            gateway.close();
        }
        LOG.info("shutting down: {} browser connection(s), {} session(s), {} event(s) queued",
                browserChannels.size(), hub.sessionCount(), hub.queuedEvents());
        try {
            monitor.beginShutdown();
            httpListener.close().syncUninterruptibly();
            orbitServer.close();
            if (bayeux != null) {
                bayeux.shutdown(); // parked connects are told to handshake again; sessions end (SHUTDOWN)
            }
            if (plugins != null) {
                // After the Bayeux sessions ended: each plugin hears every client's end (SHUTDOWN) before its stop.
                plugins.stop();
            }
            // Comet connections close themselves after their reconnect instruction; idle keep-alive connections
            // (pages, static files) are closed after their last response; a comet connection kept alive between
            // polls is answered 503 on its next request, or closed at the bound.
            Integer unflushed;
            try {
                unflushed = cluster.drainNode(drainMillis).toCompletableFuture()
                        .get(3 * Math.max(drainMillis, config.cluster().moveDrainMillis()) + 5000, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                LOG.warn("shutdown: the drain did not complete ({}); closing what is left", e.toString());
                unflushed = orbitServer.connectionCount();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                unflushed = orbitServer.connectionCount();
            }
            hub.terminateAll();
            if (unflushed != 0) {
                // An application that does not read its replies: the Failure replies of step 4 may be lost.
                clean = false;
                LOG.warn("shutdown: {} Orbit connection(s) did not take their last replies within shutdown.drain ({} ms)",
                        unflushed, drainMillis);
            }
            browserChannels.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
        } catch (RuntimeException | Error e) {
            clean = false;
            LOG.error("shutdown failed", e);
            throw e;
        } finally {
            if (gateway != null) {
                gateway.close();
            }
            releaseResources();
            LOG.info("orbited-node stopped");
            terminated.countDown();
        }
    }

    private void releaseResources() {
        scheduler.close();
        if (policyExecutor != null) {
            policyExecutor.shutdownNow();
        }
        if (acceptGroup != null) {
            acceptGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        if (ioGroup != null) {
            ioGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }

    /**
     * Blocks until the node has stopped.
     *
     * @return true when the shutdown was clean: every step ran and every Orbit connection took its last
     *         replies within {@code shutdown.drain}; false when something failed (it is logged)
     */
    public boolean awaitTermination() throws InterruptedException {
        terminated.await();
        return clean;
    }

    @Override
    public void close() {
        shutdown();
    }
}
