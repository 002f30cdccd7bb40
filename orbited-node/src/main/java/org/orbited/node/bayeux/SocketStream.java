package org.orbited.node.bayeux;

import java.util.List;
import org.orbited.node.core.DisconnectReason;
import org.orbited.node.core.QueuedEvent;
import org.orbited.node.core.Session;

/**
 * Deliveries over WebSocket for a session without the acknowledgement extension: each batch the core hands
 * over is written at once as its own frame, {@code [delivery, …]}, independent of the held connect.
 */
final class SocketStream extends BayeuxConnection {
    final BayeuxSocket socket;
    private volatile boolean open = true;

    SocketStream(ConnectHandler connects, BayeuxSession client, BayeuxSocket socket) {
        super(connects, client);
        this.socket = socket;
    }

    @Override
    public String transportName() {
        return "bayeux-websocket";
    }

    @Override
    public boolean resumable() {
        return false;
    }

    @Override
    public boolean oneShot() {
        return false;
    }

    @Override
    public boolean accepting() {
        return open;
    }

    @Override
    public int send(Session s, List<QueuedEvent> events, boolean reset) {
        if (!open) {
            return 0;
        }
        byte[] frame = connects.bodies().body(events, List.of());
        socket.output().send(frame, 200, reportWritten(events));
        return events.size();
    }

    @Override
    public void close(DisconnectReason reason) {
        open = false;
        if (reason == DisconnectReason.SLOW_CONSUMER) {
            socket.output().close(BayeuxCloseCode.SLOW_CONSUMER.code(), BayeuxCloseCode.SLOW_CONSUMER.reason());
        } else if (reason == DisconnectReason.RECONNECT) {
            BayeuxCloseCode code = client.movedAway ? BayeuxCloseCode.SERVICE_RESTART : BayeuxCloseCode.GOING_AWAY;
            socket.output().close(code.code(), code.reason());
        }
    }
}
