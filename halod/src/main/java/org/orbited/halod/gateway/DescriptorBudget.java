package org.orbited.halod.gateway;

import java.lang.management.ManagementFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How many relayed connections the process's descriptor limit can hold. A plain relayed connection costs two
 * descriptors (the client's socket and the node's); with {@code relay.splice = 1} each direction also holds a pipe
 * (two descriptors each), six in all. Reserved beside them: the 2N route listeners, the control and admin ports and
 * their connections, the JVM's own files. When {@code relay.max_connections} asks for more than fits, the gateway
 * refuses connections at what fits (logged once at start) instead of failing accepts with "Too many open files".
 */
final class DescriptorBudget {
    private static final Logger LOG = LoggerFactory.getLogger(DescriptorBudget.class);
    /** Descriptors kept for everything but relayed connections, beyond the route listeners. */
    static final int RESERVED = 200;

    private DescriptorBudget() {
    }

    /** Descriptors one relayed connection holds. */
    static int perConnection(boolean splice) {
        return splice ? 6 : 2;
    }

    /** The limit applied: {@code relay.max_connections}, or fewer when {@code fdLimit} (0: unknown) cannot hold it. */
    static int maxRelayed(GatewayConfig config, long fdLimit) {
        int wanted = config.relayMaxConnections();
        if (fdLimit <= 0) {
            return wanted;
        }
        long free = fdLimit - RESERVED - 2L * config.ports().routes();
        int fits = (int) Math.max(1, free / perConnection(config.relaySplice()));
        if (fits < wanted) {
            LOG.warn("relay.max_connections {} does not fit the descriptor limit {} ({} descriptors per relayed "
                    + "connection{}): refusing connections beyond {}", wanted, fdLimit,
                    perConnection(config.relaySplice()), config.relaySplice() ? " with relay.splice" : "", fits);
            return fits;
        }
        return wanted;
    }

    /** The process's open-file limit, or 0 when the JVM cannot tell. */
    static long processLimit() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean u) {
            return u.getMaxFileDescriptorCount();
        }
        return 0;
    }
}
