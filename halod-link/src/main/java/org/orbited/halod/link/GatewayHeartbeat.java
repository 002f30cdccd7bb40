package org.orbited.halod.link;

/**
 * HEARTBEAT, gateway → node: {@code {"type":"HEARTBEAT","seq":77,"version":42}}. Both values &ge; 0.
 *
 * @param seq     sequence number, incremented per heartbeat on a link
 * @param version the gateway's current table version
 */
public record GatewayHeartbeat(long seq, long version) implements LinkMessage {
    public GatewayHeartbeat {
        if (seq < 0 || version < 0) {
            throw new IllegalArgumentException("negative heartbeat value: seq=" + seq + " version=" + version);
        }
    }

    @Override
    public String type() {
        return "HEARTBEAT";
    }
}
