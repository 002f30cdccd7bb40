package org.orbited.node.orbit;

import java.util.Objects;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HaloD cluster extension of the Orbit port (docs/protocol.md, "Addressed node"): a request carrying a
 * {@code node: <id>} header is meant for the node with that gateway id. Behind a gateway the route a request travels
 * may have just moved to another node; that node must not deliver what was meant for the former owner (its
 * subscribers would get a channel event twice, and the former owner's none). This dispatcher sits in front of the
 * real one and:
 * <ul>
 *   <li>passes every request without a {@code node} header on unchanged (every Orbit 0.1-0.3 client's);</li>
 *   <li>passes every request on unchanged when this node has no gateway ({@code selfId} returns
 *       {@link #NO_GATEWAY}): a standalone node has no id to compare, and a cluster client only sends the header
 *       through a gateway;</li>
 *   <li>passes a request on when its {@code node} value is this node's decimal id;</li>
 *   <li>otherwise (another id, not a decimal, or this node joined a gateway but has no id yet, {@code selfId} 0)
 *       answers {@code Failure} with {@code msg: request addressed to another node}
 *       ({@link OrbitErrorCode#NOT_ADDRESSED_NODE}), no {@code recipient:} lines, and delivers nothing.</li>
 * </ul>
 *
 * <p>Thread-safe and stateless; {@code selfId} is read once per request carrying the header, on the connection's
 * I/O thread, and must not block.
 */
public final class AddressedNodeCheck implements OrbitDispatcher {
    /** What {@code selfId} returns on a node without {@code [cluster] halod}. */
    public static final int NO_GATEWAY = -1;
    private static final Logger LOG = LoggerFactory.getLogger(AddressedNodeCheck.class);

    private final OrbitDispatcher next;
    private final IntSupplier selfId;

    /**
     * @param next   the dispatcher that delivers
     * @param selfId this node's gateway id (positive), 0 while joined but not registered yet, {@link #NO_GATEWAY}
     *               without a gateway
     */
    public AddressedNodeCheck(OrbitDispatcher next, IntSupplier selfId) {
        this.next = Objects.requireNonNull(next, "next");
        this.selfId = Objects.requireNonNull(selfId, "selfId");
    }

    @Override
    public void dispatch(OrbitRequest request, OrbitReplySink replies) {
        dispatchWithCutoff(request, replies);
    }

    @Override
    public Runnable dispatchWithCutoff(OrbitRequest request, OrbitReplySink replies) {
        String node = request.node();
        if (node != null) {
            int self = selfId.getAsInt();
            if (self != NO_GATEWAY && (self <= 0 || !node.equals(Integer.toString(self)))) {
                LOG.debug("Orbit request id {} is addressed to node {}, this node is {}: refused, nothing delivered",
                        request.id(), node, self);
                replies.reply(OrbitReplies.malformed(request.id(), OrbitErrorCode.NOT_ADDRESSED_NODE));
                return () -> { };
            }
        }
        return next.dispatchWithCutoff(request, replies);
    }
}
