package org.orbited.node.transport.netty;

import io.netty.channel.Channel;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.orbited.node.core.HubStats;
import org.orbited.node.core.QueuedEvent;
import org.orbited.node.core.Session;
import org.orbited.node.transport.Transport;
import org.orbited.node.transport.TransportSettings;

/**
 * One held 0.1 {@code xhr}/{@code xhr_buffered} poll: answered with exactly one event, or an empty 200
 * after {@code xhr.timeout}, then closed. Several polls of one session queue FIFO; the session survives
 * at least 10 s between polls.
 */
final class XhrPollConnection extends ChannelConnection {
    private static final long MIN_GRACE_MILLIS = 10_000;

    private volatile io.netty.util.concurrent.ScheduledFuture<?> timeout;

    private void cancelTimeout() {
        io.netty.util.concurrent.ScheduledFuture<?> t = timeout;
        if (t != null) {
            t.cancel(false);
        }
    }

    XhrPollConnection(Channel channel, Transport transport, TransportSettings settings, HubStats stats) {
        super(channel, transport, settings, stats);
    }

    @Override
    public boolean queuesPolls() {
        return true;
    }

    @Override
    public boolean oneShot() {
        return true;
    }

    @Override
    public int batchLimit() {
        return 1;
    }

    @Override
    public long minimumGraceMillis() {
        return MIN_GRACE_MILLIS;
    }

    /** Arms the empty answer after {@code xhr.timeout}. */
    void armTimeout() {
        timeout = channel.eventLoop().schedule(() -> {
            Session s = session;
            if (s != null && s.release(this)) {
                closing = true;
                enqueue(transport.reconnect()); // the empty H-XHR response
                enqueueClose();
            }
        }, settings.xhrTimeoutMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public int send(Session s, List<QueuedEvent> events, boolean reset) {
        if (closing || events.isEmpty()) {
            return 0;
        }
        QueuedEvent e = events.get(0);
        closing = true;
        cancelTimeout();
        enqueue(transport.frame(null, e.event(), true), e);
        enqueueClose();
        return 1;
    }
}
