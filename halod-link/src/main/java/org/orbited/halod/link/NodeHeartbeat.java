package org.orbited.halod.link;

/**
 * HEARTBEAT, node → gateway: {@code {"type":"HEARTBEAT","seq":812,"connections":1520,"sessions":1490,
 * "appConnections":12,"applied":42}}. All values &ge; 0.
 *
 * @param seq            sequence number, incremented per heartbeat on a link
 * @param connections    open browser connections
 * @param sessions       live sessions (Orbit and Bayeux)
 * @param appConnections open web-app (Orbit) connections
 * @param applied        the highest table version whose moves this node has finished
 */
public record NodeHeartbeat(long seq, long connections, long sessions, long appConnections, long applied)
        implements LinkMessage {
    public NodeHeartbeat {
        if (seq < 0 || connections < 0 || sessions < 0 || appConnections < 0 || applied < 0) {
            throw new IllegalArgumentException("negative heartbeat value: seq=" + seq + " connections=" + connections
                    + " sessions=" + sessions + " appConnections=" + appConnections + " applied=" + applied);
        }
    }

    @Override
    public String type() {
        return "HEARTBEAT";
    }
}
