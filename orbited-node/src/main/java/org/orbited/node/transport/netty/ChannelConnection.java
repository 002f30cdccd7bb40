package org.orbited.node.transport.netty;

import org.orbited.node.http.shared.ConnectionRoute;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelPromise;
import io.netty.util.ReferenceCountUtil;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.orbited.node.core.Connection;
import org.orbited.node.core.DisconnectReason;
import org.orbited.node.core.HubStats;
import org.orbited.node.core.QueuedEvent;
import org.orbited.node.core.Session;
import org.orbited.node.transport.Frame;
import org.orbited.node.transport.Transport;
import org.orbited.node.transport.TransportSettings;

/**
 * Base of every browser connection: a core {@link Connection} over one Netty channel.
 *
 * <p>The session calls {@link #send} with its lock held, from any thread. Writes must reach the socket
 * in the order the session made them even when calls come from several threads, so nothing is written
 * directly: messages go into an ordered lock-free outbox, drained on the channel's event loop with one
 * flush per drain (writes coalesce). Each event's write reports back to the session when it completes.
 */
abstract class ChannelConnection implements Connection {
    /** Marker in the outbox: flush, then close the channel. */
    private static final Object CLOSE = new Object();

    protected final Channel channel;
    protected final Transport transport;
    protected final TransportSettings settings;
    private final HubStats stats;
    /** Unbounded in type, bounded in practice by the session's queue limits; no array held while idle. */
    private final Queue<Object> outbox = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final Runnable drain = this::drain;
    private final AtomicBoolean finished = new AtomicBoolean();
    private final io.netty.util.concurrent.GenericFutureListener<io.netty.util.concurrent.Future<? super Void>>
            onChannelClosed = f -> finish(true);
    protected volatile Session session;
    /** When the drain last wrote something (event loop only). */
    private long lastWriteNanos = System.nanoTime();
    private long pingNanos;
    private io.netty.util.concurrent.ScheduledFuture<?> pingTask;
    /** Set once the connection will take no more events; guarded by the session lock. */
    protected boolean closing;
    /**
     * Set (event loop only) once a WebSocket close frame was written: {@link #drain} then writes nothing more but
     * the channel close (RFC 6455 5.5.1). {@code closing} alone cannot ensure it: a ping checked it on the event loop
     * just before the session thread queued the close frame, then queued itself behind it.
     */
    private boolean closeFrameWritten;
    /** The browser asked for the hello control ({@code hello=1}); set before the connection is attached. */
    private boolean helloAsked;

    ChannelConnection(Channel channel, Transport transport, TransportSettings settings, HubStats stats) {
        this.channel = channel;
        this.transport = transport;
        this.settings = settings;
        this.stats = stats;
        stats.connectionOpened(transport.statsName());
        channel.closeFuture().addListener(onChannelClosed);
    }

    /**
     * Ends this connection's life as a session connection (once): counts it closed and, when the
     * channel closed under it, tells the session. A long poll whose channel stays open for the next
     * poll calls this after answering.
     */
    protected final void finish(boolean channelClosed) {
        if (!finished.compareAndSet(false, true)) {
            return;
        }
        if (!channelClosed) {
            channel.closeFuture().removeListener(onChannelClosed);
        }
        stats.connectionClosed(transport.statsName());
        channel.attr(ConnectionRoute.RECONNECT).compareAndSet(routeReconnect, null);
        Session s = session;
        if (s != null && channelClosed) {
            s.detach(this);
        }
    }

    /** Binds the session this connection was attached to (called right after the hub attached it). */
    void bind(Session s) {
        this.session = s;
        // a route move (cluster seam) reaches this connection through its channel
        channel.attr(ConnectionRoute.RECONNECT).set(routeReconnect);
    }

    /** Sends this connection its reconnect instruction through its session (route move); any thread. */
    private final Runnable routeReconnect = () -> {
        Session s = session;
        if (s != null) {
            s.reconnect(this);
        }
    };

    @Override
    public String transportName() {
        return transport.name();
    }

    @Override
    public boolean resumable() {
        return transport.resumable();
    }

    @Override
    public boolean queuesPolls() {
        return false;
    }

    @Override
    public boolean oneShot() {
        return false;
    }

    @Override
    public int batchLimit() {
        return Integer.MAX_VALUE;
    }

    @Override
    public boolean accepting() {
        return !closing && channel.isActive();
    }

    @Override
    public long minimumGraceMillis() {
        return 0;
    }

    /** Whether to write the transport's hello control when the session announces itself; before attaching. */
    final void askHello(boolean asked) {
        this.helloAsked = asked;
    }

    @Override
    public final void announce(String epoch, long graceMillis) {
        byte[] hello = helloAsked ? transport.hello(epoch, graceMillis) : null;
        if (hello != null) {
            writeHello(hello);
        }
    }

    /** Queues the hello control, ahead of anything else the session sends (session lock held). */
    protected void writeHello(byte[] hello) {
        enqueue(hello);
    }

    /** Queues raw bytes (control, ping). */
    protected final void enqueue(byte[] bytes) {
        enqueue(Unpooled.wrappedBuffer(bytes), null);
    }

    /** Queues a message; when {@code event} is not null its completion is reported to the session. */
    protected final void enqueue(Object msg, QueuedEvent event) {
        outbox.add(event == null ? msg : new EventWrite(msg, event));
        scheduleDrain();
    }

    /**
     * Queues the bytes of one frame. On the event loop the frames queued meanwhile are copied once into one
     * pooled direct buffer that the socket writes as it is: cheaper than a composite of heap arrays, which the
     * native transport would copy into a direct buffer anyway, and no allocation on the publishing thread.
     */
    protected final void enqueue(Frame f, QueuedEvent event) {
        outbox.add(new FrameWrite(f, event));
        scheduleDrain();
    }

    /** Queues the close: everything before it is flushed first. */
    protected final void enqueueClose() {
        outbox.add(CLOSE);
        scheduleDrain();
    }

    private void scheduleDrain() {
        if (drainScheduled.compareAndSet(false, true)) {
            channel.eventLoop().execute(drain);
        }
    }

    private void drain() {
        drainScheduled.set(false);
        boolean wrote = false;
        Object o;
        java.util.ArrayList<FrameWrite> frames = null;
        while ((o = outbox.poll()) != null) {
            if (closeFrameWritten && o != CLOSE) {  // nothing after our close frame (RFC 6455 5.5.1)
                notWritten(o);
                continue;
            }
            if (o instanceof FrameWrite fw) {
                if (frames == null) {
                    frames = new java.util.ArrayList<>(4);
                }
                frames.add(fw);
                continue;
            }
            if (frames != null) {
                wrote |= writeFrames(frames);
                frames = null;
            }
            if (o == CLOSE) {
                channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
                wrote = false;
                continue;
            }
            if (o instanceof EventWrite w) {
                ChannelPromise p = channel.newPromise();
                QueuedEvent e = w.event;
                p.addListener(f -> {
                    Session s = session;
                    if (s != null) {
                        s.written(this, e, f.isSuccess());
                    }
                });
                channel.write(w.msg, p);
            } else if (!channel.isActive()) {
                ReferenceCountUtil.release(o);
                continue;
            } else {
                channel.write(o, channel.voidPromise());
                closeFrameWritten |= o instanceof io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
            }
            wrote = true;
        }
        if (frames != null) {
            wrote |= writeFrames(frames);
        }
        if (wrote) {
            channel.flush();
            lastWriteNanos = System.nanoTime();
        }
    }

    /**
     * Pings the browser ({@link #ping()}) whenever nothing was written for {@code intervalMillis}: the writer-idle
     * rule of an {@code IdleStateHandler}, without a listener on every write. Call once, from any thread.
     */
    final void startPings(long intervalMillis) {
        if (intervalMillis <= 0) {
            return;
        }
        pingNanos = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(intervalMillis);
        channel.eventLoop().execute(() -> schedulePing(pingNanos));
        channel.closeFuture().addListener(f -> {
            io.netty.util.concurrent.ScheduledFuture<?> t = pingTask;
            if (t != null) {
                t.cancel(false);
            }
        });
    }

    private void schedulePing(long delayNanos) {
        if (channel.isActive()) {
            pingTask = channel.eventLoop().schedule(this::pingIfIdle, delayNanos, java.util.concurrent.TimeUnit.NANOSECONDS);
        }
    }

    private void pingIfIdle() {
        long idle = System.nanoTime() - lastWriteNanos;
        if (idle >= pingNanos) {
            ping();
            lastWriteNanos = System.nanoTime();
            schedulePing(pingNanos);
        } else {
            schedulePing(pingNanos - idle);
        }
    }

    /** Writes the transport's keep-alive; called on the event loop after a quiet interval. None by default. */
    protected void ping() {
    }

    /**
     * Closes with {@code reason}: the reconnect instruction for {@link DisconnectReason#RECONNECT}, the
     * transport's close notice for the others where it has one, nothing when null.
     */
    @Override
    public void close(DisconnectReason reason) {
        if (closing) {
            return;
        }
        closing = true;
        writeFarewell(reason);
        enqueueClose();
    }

    @Override
    public void abort() {
        closing = true;
        channel.close();
    }

    /** Writes what the browser should see before the close. */
    protected void writeFarewell(DisconnectReason reason) {
        byte[] notice = reason == null ? null
                : reason == DisconnectReason.RECONNECT ? transport.reconnect() : transport.closeNotice(reason);
        if (notice != null) {
            enqueue(notice);
        }
        byte[] trailer = transport.trailer();
        if (trailer != null) {
            enqueue(trailer);
        }
    }

    /**
     * Writes consecutive event frames as one direct buffer with one promise: one allocation, one copy and one
     * completion for a whole backlog. The outcome of that write is every event's outcome (a write that fails
     * fails them all; the session then offers them again, in order, on the next connection).
     */
    /** Drops a message queued behind our close frame; an event in it is reported to the session as not written. */
    private void notWritten(Object o) {
        QueuedEvent event = null;
        if (o instanceof EventWrite w) {
            ReferenceCountUtil.release(w.msg);
            event = w.event;
        } else if (o instanceof FrameWrite fw) {
            event = fw.event;
        } else {
            ReferenceCountUtil.release(o);
        }
        Session s = session;
        if (event != null && s != null) {
            s.written(this, event, false);
        }
    }

    private boolean writeFrames(java.util.ArrayList<FrameWrite> frames) {
        int length = 0;
        for (FrameWrite fw : frames) {
            length += fw.frame.length() + headerLength(fw.frame.length());
        }
        ByteBuf buf = channel.alloc().directBuffer(length);
        for (FrameWrite fw : frames) {
            Frame f = fw.frame;
            writeHeader(buf, f.length());
            if (f.prefix() != null) {
                buf.writeBytes(f.prefix());
            }
            buf.writeBytes(f.shared());
            if (f.suffix() != null) {
                buf.writeBytes(f.suffix());
            }
        }
        ChannelPromise p = channel.newPromise();
        p.addListener(f -> {
            Session s = session;
            if (s != null) {
                boolean ok = f.isSuccess();
                for (FrameWrite fw : frames) {
                    if (fw.event != null) {
                        s.written(this, fw.event, ok);
                    }
                }
            }
        });
        channel.write(buf, p);
        return true;
    }

    /** Bytes a transport writes before each frame of {@code length} bytes (a WebSocket frame header); 0 here. */
    protected int headerLength(int length) {
        return 0;
    }

    /** Writes the per-frame header of {@link #headerLength}; nothing here. */
    protected void writeHeader(ByteBuf buf, int length) {
    }

    /** One event's frame, waiting in the outbox. */
    private record FrameWrite(Frame frame, QueuedEvent event) {
    }

    /** An event's write, reported to the session on completion. */
    private record EventWrite(Object msg, QueuedEvent event) {
    }
}
