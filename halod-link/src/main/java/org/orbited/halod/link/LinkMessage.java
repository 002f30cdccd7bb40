package org.orbited.halod.link;

/**
 * One message of the HaloD control link (docs/halod.md section 2): one JSON object on one line. Every message type
 * is an immutable record; {@link LinkCodec} turns them into lines and back.
 *
 * <p>Which side sends what: {@link Register}, {@link NodeHeartbeat}, {@link Drain} from the node;
 * {@link Registered}, {@link Routes}, {@link GatewayHeartbeat}, {@link RouteMoved} from the gateway; {@link Bye}
 * from both. Both heartbeats are {@code "type":"HEARTBEAT"} on the wire: the receiving side tells them apart.
 */
public sealed interface LinkMessage
        permits Register, Registered, Routes, NodeHeartbeat, GatewayHeartbeat, RouteMoved, Drain, Bye {

    /** The wire {@code type} of this message, e.g. {@code "ROUTE_MOVED"}. */
    String type();
}
