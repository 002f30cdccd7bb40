package org.orbited.node.transport.netty;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.orbited.node.core.DisconnectReason;
import org.orbited.node.core.HubStats;
import org.orbited.node.core.QueuedEvent;
import org.orbited.node.core.Session;
import org.orbited.node.transport.Frame;
import org.orbited.node.transport.LongPollTransport;
import org.orbited.node.transport.OpenContext;
import org.orbited.node.transport.Transport;
import org.orbited.node.transport.TransportSettings;

/**
 * One {@code long_poll} request: answered at once with up to {@code long_poll.max_batch} pending events,
 * or held until the first event, or answered {@code []} after {@code long_poll.timeout}. The HTTP
 * connection stays open for the next poll unless the browser asked to close it or the answer carries a
 * reconnect or close control.
 */
final class LongPollConnection extends ChannelConnection {
    private final OpenContext open;
    private final boolean keepAlive;
    private boolean answered;
    /** The hello control to open the answer with, when the browser asked for it. */
    private byte[] hello;
    private volatile io.netty.util.concurrent.ScheduledFuture<?> timeout;

    LongPollConnection(Channel channel, Transport transport, TransportSettings settings, HubStats stats,
                       OpenContext open, boolean keepAlive) {
        super(channel, transport, settings, stats);
        this.open = open;
        this.keepAlive = keepAlive;
    }

    @Override
    public boolean oneShot() {
        return true;
    }

    @Override
    public int batchLimit() {
        return settings.longPollMaxBatch();
    }

    void armTimeout() {
        timeout = channel.eventLoop().schedule(() -> {
            Session s = session;
            if (s != null && s.release(this)) {
                answer(null, List.of(), null, List.of());
            }
        }, settings.longPollTimeoutMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    protected void writeHello(byte[] bytes) {
        this.hello = bytes; // the answer is written once, whole: the hello becomes its first element
    }

    @Override
    public int send(Session s, List<QueuedEvent> events, boolean reset) {
        if (answered) {
            return 0;
        }
        List<Frame> frames = new ArrayList<>(events.size());
        int n = 0;
        for (QueuedEvent e : events) {
            if (!transport.accepts(e.event())) {
                if (n == 0) {
                    return REJECT_FIRST;
                }
                break;
            }
            frames.add(transport.frame(s.idOf(e), e.event(), false));
            n++;
        }
        answer(reset ? transport.reset() : null, frames, null, events.subList(0, n));
        return n;
    }

    @Override
    public void close(DisconnectReason reason) {
        if (answered) {
            return;
        }
        byte[] last = reason == null ? null
                : reason == DisconnectReason.RECONNECT ? transport.reconnect() : transport.closeNotice(reason);
        if (last == null) {
            answered = true;
            closing = true;
            enqueueClose();
            return;
        }
        answer(null, List.of(), last, List.of());
    }

    /** Writes the one response of this poll, through the HTTP codec (the connection may be reused). */
    private void answer(byte[] reset, List<Frame> frames, byte[] last, List<QueuedEvent> events) {
        answered = true;
        io.netty.util.concurrent.ScheduledFuture<?> t = timeout;
        if (t != null) {
            t.cancel(false); // answered early: no 30 s task left behind per poll
        }
        closing = true;
        boolean close = !keepAlive || last != null;
        byte[][] parts = LongPollTransport.body(hello, reset, frames, last);
        int length = 0;
        for (byte[] p : parts) {
            length += p.length;
        }
        DefaultFullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                Unpooled.wrappedBuffer(parts));
        String head = new String(LongPollTransport.responseHead(open, length, close), StandardCharsets.ISO_8859_1);
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(": ");
            if (colon > 0 && !line.startsWith("HTTP/")) {
                response.headers().add(line.substring(0, colon), line.substring(colon + 2));
            }
        }
        // One write carries the whole body; the empty writes behind it complete after it, in order.
        enqueue(response, events.isEmpty() ? null : events.get(0));
        for (int i = 1; i < events.size(); i++) {
            enqueue(Unpooled.EMPTY_BUFFER, events.get(i));
        }
        if (close) {
            enqueueClose();
        } else {
            // The channel carries the next poll; the session already let go of this one.
            finish(false);
        }
    }
}
