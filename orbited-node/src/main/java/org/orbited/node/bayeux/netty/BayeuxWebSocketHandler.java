package org.orbited.node.bayeux.netty;

import org.orbited.node.bayeux.BayeuxCloseCode;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import java.util.List;
import java.util.function.Consumer;
import org.orbited.node.bayeux.BayeuxServer;
import org.orbited.node.bayeux.BayeuxMessage;
import org.orbited.node.bayeux.BayeuxOutput;
import org.orbited.node.bayeux.BayeuxParseException;
import org.orbited.node.bayeux.BayeuxRequest;
import org.orbited.node.bayeux.BayeuxSocket;
import org.orbited.node.bayeux.BayeuxTransportType;

/**
 * One Bayeux WebSocket: each text frame is one batch for the engine; replies and deliveries go back as text
 * frames. Closes with the {@link BayeuxCloseCode} catalog: a binary frame, a frame that is not a Bayeux batch
 * (the reason names the problem), a frame over {@code bayeux.max_message_size}, a corrupt frame. Pings when the
 * socket wrote nothing for a ping interval; closes with 4002 when nothing arrives for two (both checked by the
 * event loop's {@link QuietSocketSweep}, not by a timer per socket). Stops reading while the engine's queue for
 * the socket is full or the channel is not writable.
 *
 * <p>Last in the upgraded pipeline, after the frame aggregator. Keeps little while idle: no handshaker, no timer,
 * no idle handler (an idle Bayeux client's heap is mostly its channel and its session).
 */
final class BayeuxWebSocketHandler extends ChannelInboundHandlerAdapter implements BayeuxOutput {
    private final BayeuxServer engine;
    private final String browserId;
    /** The ping sweep of this channel's event loop; null when pings are off. */
    private final QuietSocketSweep sweep;
    /** The upgrade request's credentials, offered to the authenticator at each handshake over this socket. */
    private final org.orbited.node.auth.HttpCredentials credentials;
    private volatile Channel channel;
    private BayeuxSocket socket;
    /** When something was last written / read (System.nanoTime; event loop only). */
    private long lastWrite;
    private long lastRead;
    /** Our close frame went out: nothing more is written (RFC 6455 5.5.1); event loop only. */
    private boolean closeSent;
    /** The engine asked to stop reading (its queue for this socket is full); event loop only. */
    private boolean enginePaused;
    /** The sweep's links (owned by {@link QuietSocketSweep}, event loop only). */
    BayeuxWebSocketHandler sweepPrev;
    BayeuxWebSocketHandler sweepNext;
    boolean inSweep;

    /** {@code sweep}: the ping sweep of the channel's event loop, or null for no pings. */
    BayeuxWebSocketHandler(BayeuxServer engine, String browserId, QuietSocketSweep sweep,
                           org.orbited.node.auth.HttpCredentials credentials) {
        this.credentials = credentials;
        this.engine = engine;
        this.browserId = browserId;
        this.sweep = sweep;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        org.orbited.node.http.shared.ConnectionRoute.markPush(channel);
        socket = new BayeuxSocket(this, browserId);
        lastRead = lastWrite = System.nanoTime();
        if (sweep != null && channel.isActive()) {
            sweep.add(this);
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (sweep != null) {
            sweep.remove(this);
        }
    }

    /**
     * The sweep's check at {@code now}: closes with 4002 when nothing arrived for two ping intervals, else pings
     * when nothing was written for one. Event loop.
     */
    void checkQuiet(long now, long pingNanos) {
        Channel ch = channel;
        if (!ch.isActive()) {
            return;
        }
        if (now - lastRead >= 2 * pingNanos) {
            lastRead = now; // once per two intervals, as an IdleStateHandler fires
            close(BayeuxCloseCode.PING_TIMEOUT);
        } else if (!closeSent && now - lastWrite >= pingNanos) {
            lastWrite = now;
            ch.writeAndFlush(new PingWebSocketFrame());
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
        lastRead = System.nanoTime(); // any bytes count, a frame still being aggregated too
        super.channelReadComplete(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        lastRead = System.nanoTime();
        try {
            if (msg instanceof TextWebSocketFrame text) {
                batch(ctx, ByteBufUtil.getBytes(text.content()));
            } else if (msg instanceof PingWebSocketFrame ping) {
                if (!closeSent) {
                    ctx.writeAndFlush(new PongWebSocketFrame(ping.content().retain()));
                }
            } else if (msg instanceof CloseWebSocketFrame close) {
                closeSent = true;
                // echoes the browser's close frame and closes, as WebSocketServerHandshaker.close does
                ctx.channel().writeAndFlush(close.retain()).addListener(ChannelFutureListener.CLOSE);
            } else if (msg instanceof BinaryWebSocketFrame) {
                close(BayeuxCloseCode.UNSUPPORTED_DATA);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void batch(ChannelHandlerContext ctx, byte[] bytes) {
        List<BayeuxMessage> batch;
        try {
            batch = engine.codec().parse(bytes);
        } catch (BayeuxParseException e) {
            engine.stats().badRequest();
            close(BayeuxCloseCode.forProblem(e.problem()).code(), BayeuxCloseCode.token(e.problem()));
            return;
        }
        engine.handle(batch, new Frame());
    }

    /** The request view of one frame. */
    private final class Frame implements BayeuxRequest {
        @Override
        public BayeuxTransportType transport() {
            return BayeuxTransportType.WEBSOCKET;
        }

        @Override
        public String browserId() {
            return browserId;
        }

        @Override
        public void setBrowserId(String id) {
            // The cookie travels on the upgrade only.
        }

        @Override
        public String remoteAddress() {
            return RemoteAddress.of(channel);
        }

        @Override
        public int route() {
            return org.orbited.node.http.shared.ConnectionRoute.route(channel);
        }

        @Override
        public String origin() {
            return null;
        }

        @Override
        public BayeuxOutput output() {
            return BayeuxWebSocketHandler.this;
        }

        @Override
        public BayeuxSocket socket() {
            return socket;
        }

        @Override
        public org.orbited.node.auth.HttpCredentials httpCredentials() {
            return credentials;
        }
    }

    @Override
    public void send(byte[] jsonArray, int status, Consumer<Boolean> written) {
        Channel ch = channel;
        ch.eventLoop().execute(() -> {
            if (!ch.isActive() || closeSent) {
                written.accept(false);
                return;
            }
            lastWrite = System.nanoTime();
            ch.writeAndFlush(new TextWebSocketFrame(Unpooled.wrappedBuffer(jsonArray)))
                    .addListener((ChannelFutureListener) f -> written.accept(f.isSuccess()));
        });
    }

    private void close(BayeuxCloseCode c) {
        close(c.code(), c.reason());
    }

    @Override
    public void pauseReading(boolean paused) {
        Channel ch = channel;
        if (ch != null) {
            ch.eventLoop().execute(() -> {
                enginePaused = paused;
                updateReading(ch);
            });
        }
    }

    /**
     * Reads while the engine takes frames and the replies drain: a client that sends and never reads stops being
     * read once {@code WRITE_BUFFER_WATER_MARK}'s high mark of replies waits, instead of piling them up. Event loop.
     */
    private void updateReading(Channel ch) {
        ch.config().setAutoRead(!enginePaused && ch.isWritable());
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        updateReading(ctx.channel());
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void close(int code, String reason) {
        Channel ch = channel;
        ch.eventLoop().execute(() -> {
            if (ch.isActive() && !closeSent) {
                closeSent = true;
                ch.writeAndFlush(new CloseWebSocketFrame(code, reason)).addListener(ChannelFutureListener.CLOSE);
            }
        });
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof TooLongFrameException) {
            close(BayeuxCloseCode.MESSAGE_TOO_BIG);
        } else if (cause instanceof CorruptedFrameException) {
            close(BayeuxCloseCode.PROTOCOL_ERROR);
        } else {
            ctx.close();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (sweep != null) {
            sweep.remove(this);
        }
        engine.socketClosed(socket);
        super.channelInactive(ctx);
    }
}
