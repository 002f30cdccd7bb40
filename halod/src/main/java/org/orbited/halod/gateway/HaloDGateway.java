package org.orbited.halod.gateway;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import java.util.concurrent.TimeUnit;
import org.orbited.halod.core.ClusterTable;
import org.orbited.halod.core.TableMismatchException;
import org.orbited.halod.core.TableStore;
import org.orbited.halod.core.TableStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HaloD gateway daemon: loads (or starts) the table, binds the 2N route ports of the relay, the control port
 * and the admin port, and runs the {@link ClusterController} on its one control thread.
 *
 * <p>{@link #start} blocks until every port is bound (or throws, with everything it started stopped again);
 * {@link #close} unbinds every port, sends BYE {@code shutdown} to every node (they keep their routes and
 * re-register with the next gateway, see the recovery grace) and stops the threads, waiting up to a few seconds.
 * Threads: {@code halod-control} (1: control links, table changes, timers), {@code halod-relay-*}
 * ({@code relay.threads}), {@code halod-admin} (1).
 */
public final class HaloDGateway implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HaloDGateway.class);

    private final EventLoopGroup controlGroup;
    private final EventLoopGroup relayGroup;
    private final EventLoopGroup adminGroup;
    private final RelayServer relay;
    private final ControlServer control;
    private final AdminServer admin = new AdminServer();
    private ClusterController controller;
    private EventLoop controlLoop;
    private int controlPort;
    private int adminPort;

    private HaloDGateway(GatewayConfig config, TransportKind kind) {
        controlGroup = kind.newGroup(1, "halod-control");
        relayGroup = kind.newGroup(config.relayThreads(), "halod-relay");
        adminGroup = kind.newGroup(1, "halod-admin");
        relay = new RelayServer(config.ports(), config.bind(), relayGroup,
                new RelayTracker(DescriptorBudget.maxRelayed(config, DescriptorBudget.processLimit())),
                new RelaySettings(kind, config.relayConnectTimeoutMs(), config.relaySplice()));
        control = new ControlServer(controlGroup, kind);
    }

    /**
     * Starts a gateway.
     *
     * @throws TableStoreException    the table file exists but is not a valid table
     * @throws TableMismatchException the stored table has another policy or N and rebuild is off
     * @throws ListenerBindException  a port could not be bound (the message names it)
     * @throws IllegalStateException  {@code relay.splice = 1} without the epoll transport
     */
    public static HaloDGateway start(GatewayConfig config) throws TableStoreException, TableMismatchException,
            ListenerBindException, InterruptedException {
        TransportKind kind = TransportKind.detect();
        if (config.relaySplice() && !kind.epoll()) {
            throw new IllegalStateException("relay.splice = 1 needs the native epoll transport, which is not "
                    + "available here (transport " + kind.name() + ")");
        }
        TableStore store = new TableStore(config.tableFile());
        ClusterTable table = ClusterTable.open(store.load(), config.ports().routes(), config.policy(),
                config.reserveCount(), config.rebuild());
        HaloDGateway g = new HaloDGateway(config, kind);
        try {
            g.startWith(config, store, table);
        } catch (ListenerBindException | InterruptedException | RuntimeException e) {
            g.close();
            throw e;
        }
        log.info("halod: {} routes (browser {}.., app {}..) on {}, control port {}, admin port {}, table version {} "
                        + "({} nodes), transport {}{}", config.ports().routes(), config.ports().browserBase(),
                config.ports().appBase(), config.bind(), g.controlPort, g.adminPort, table.version(),
                table.nodes().size(), kind.name(), config.relaySplice() ? " with splice" : "");
        return g;
    }

    private void startWith(GatewayConfig config, TableStore store, ClusterTable table)
            throws ListenerBindException, InterruptedException {
        controlLoop = controlGroup.next();
        relay.bind();
        ChangeSequence changes = new ChangeSequence(store, relay, controlLoop, config.moveDeadlineMs());
        try {
            controller = controlLoop.submit(() -> new ClusterController(config, controlLoop, relay, changes, table))
                    .get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
        controlLoop.execute(controller::start);
        controlPort = control.bind(config.controlBind(), config.controlPort(), controller);
        adminPort = admin.bind(adminGroup, TransportKind.detect(), config.adminBind(), config.adminPort(),
                controller, controlLoop, config, relay.tracker());
    }

    public int controlPort() {
        return controlPort;
    }

    public int adminPort() {
        return adminPort;
    }

    /** Unbinds, says BYE shutdown to every node, closes relayed connections and stops the threads. Idempotent. */
    @Override
    public void close() {
        admin.close();
        control.close();
        relay.close();
        if (controller != null && !controlGroup.isShuttingDown()) {
            try {
                controlLoop.submit(controller::shutdown).await(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        adminGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        relayGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        controlGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        adminGroup.terminationFuture().awaitUninterruptibly(5, TimeUnit.SECONDS);
        relayGroup.terminationFuture().awaitUninterruptibly(5, TimeUnit.SECONDS);
        controlGroup.terminationFuture().awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
