package org.orbited.node.transport.netty;

import io.netty.channel.Channel;
import java.util.List;
import org.orbited.node.core.DisconnectReason;
import org.orbited.node.core.HubStats;
import org.orbited.node.core.QueuedEvent;
import org.orbited.node.core.Session;
import org.orbited.node.transport.Frame;
import org.orbited.node.transport.Transport;
import org.orbited.node.transport.TransportSettings;

/**
 * A long response carrying many events: every legacy streaming transport and {@code sse}. Counts body
 * bytes against the transport's cap; when the next event and the reconnect instruction would not fit, it
 * writes the reconnect instruction instead and closes, leaving the event queued for the next connection.
 */
final class StreamConnection extends ChannelConnection {
    private final long cap;
    /** Body bytes of a connection that carries no event yet (prologue, hello). */
    private long fresh;
    private long bodyBytes;
    private boolean first = true;

    StreamConnection(Channel channel, Transport transport, TransportSettings settings, HubStats stats,
                     int prologueLength) {
        super(channel, transport, settings, stats);
        this.cap = transport.cap();
        this.fresh = prologueLength;
        this.bodyBytes = prologueLength;
    }

    /** The hello is part of every connection's start: an event that cannot fit after it is rejected, not retried. */
    @Override
    protected void writeHello(byte[] hello) {
        bodyBytes += hello.length;
        fresh += hello.length;
        super.writeHello(hello);
    }

    /** Writes the idle ping, counted against the cap like any body byte. Called on the event loop. */
    @Override
    protected void ping() {
        byte[] p = transport.ping();
        Session s = session;
        if (p == null || s == null) {
            return;
        }
        synchronized (s) {
            if (closing) {
                return;
            }
            byte[] reconnect = transport.reconnect();
            if (cap > 0 && bodyBytes + p.length + (reconnect == null ? 0 : reconnect.length) > cap) {
                close(DisconnectReason.RECONNECT);
                return;
            }
            bodyBytes += p.length;
            enqueue(p);
        }
    }

    @Override
    public int send(Session s, List<QueuedEvent> events, boolean reset) {
        if (closing) {
            return 0;
        }
        if (reset && transport.reset() != null) {
            enqueue(transport.reset());
            bodyBytes += transport.reset().length;
        }
        byte[] reconnect = transport.reconnect();
        int reserve = reconnect == null ? 0 : reconnect.length;
        for (int i = 0; i < events.size(); i++) {
            QueuedEvent e = events.get(i);
            if (!transport.accepts(e.event())) {
                return i == 0 ? REJECT_FIRST : i;
            }
            Frame f = transport.frame(s.idOf(e), e.event(), first);
            if (cap > 0 && bodyBytes + f.length() + reserve > cap) {
                if (i == 0 && bodyBytes == fresh) {
                    return REJECT_FIRST; // could never fit, even on a fresh connection
                }
                close(DisconnectReason.RECONNECT);
                return i;
            }
            bodyBytes += f.length();
            first = false;
            enqueue(f, e);
        }
        return events.size();
    }
}
