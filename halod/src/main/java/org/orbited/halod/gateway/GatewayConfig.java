package org.orbited.halod.gateway;

import java.nio.file.Path;
import org.orbited.halod.core.AssignPolicy;
import org.orbited.halod.core.HeartbeatSettings;
import org.orbited.halod.core.RoutePorts;

/**
 * The gateway's validated configuration (docs/halod.md, "Gateway configuration"); {@link GatewayConfigParser}
 * builds it from a properties file and {@code --set} overrides. Immutable.
 *
 * @param ports                 N and the two route port bases (validated: 1..4096, ≤ 65535, no overlap)
 * @param bind                  address the 2N route ports listen on
 * @param controlBind           address of the control port
 * @param controlPort           the control port (0 = any free port, for tests)
 * @param adminBind             address of the admin HTTP port
 * @param adminPort             the admin HTTP port (0 = any free port)
 * @param token                 the shared REGISTER token (never logged)
 * @param heartbeat             heartbeat interval, miss limit and fence time (validated fence rule)
 * @param reserveCount          {@code reserve.count}
 * @param policy                {@code assign.policy}
 * @param tableFile             the table document's file
 * @param rebuild               discard a stored table of another policy or N
 * @param recoveryGraceMs       re-registration grace after a restart from a stored table
 * @param moveDeadlineMs        ROUTE_MOVED {@code deadlineMs}: relayed connections still paired with the former
 *                              owner after it are force-closed
 * @param relaySplice           relay with epoll splice (zero-copy) instead of buffers; only with epoll
 * @param relayMaxConnections   relayed connections at most (each costs two descriptors)
 * @param relayConnectTimeoutMs bound of the connect to a node
 * @param relayThreads          relay event-loop threads (0 = Netty's default, 2 × cores)
 */
public record GatewayConfig(RoutePorts ports, String bind, String controlBind, int controlPort, String adminBind,
                            int adminPort, String token, HeartbeatSettings heartbeat, int reserveCount,
                            AssignPolicy policy, Path tableFile, boolean rebuild, long recoveryGraceMs,
                            long moveDeadlineMs, boolean relaySplice, int relayMaxConnections,
                            int relayConnectTimeoutMs, int relayThreads) {

    /** The same configuration with other control and admin ports (tests bind port 0). */
    public GatewayConfig withPorts(int control, int admin) {
        return new GatewayConfig(ports, bind, controlBind, control, adminBind, admin, token, heartbeat,
                reserveCount, policy, tableFile, rebuild, recoveryGraceMs, moveDeadlineMs, relaySplice,
                relayMaxConnections, relayConnectTimeoutMs, relayThreads);
    }

    /** The same configuration with another table file and rebuild flag. */
    public GatewayConfig withTable(Path file, boolean rebuildTable) {
        return new GatewayConfig(ports, bind, controlBind, controlPort, adminBind, adminPort, token, heartbeat,
                reserveCount, policy, file, rebuildTable, recoveryGraceMs, moveDeadlineMs, relaySplice,
                relayMaxConnections, relayConnectTimeoutMs, relayThreads);
    }

    @Override
    public String toString() {
        return "GatewayConfig[routes=" + ports.routes() + ", browser.base=" + ports.browserBase() + ", app.base="
                + ports.appBase() + ", bind=" + bind + ", control=" + controlBind + ":" + controlPort + ", admin="
                + adminBind + ":" + adminPort + ", " + heartbeat + ", reserve.count=" + reserveCount
                + ", assign.policy=" + policy.wire() + ", table.file=" + tableFile + ", relay.splice=" + relaySplice
                + ", relay.max_connections=" + relayMaxConnections + "]";
    }
}
