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
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
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
 * socket is quiet; closes when nothing arrives for two ping intervals. Stops reading while the engine's queue for
 * the socket is full or the channel is not writable.
 *
 * <p>Last in the upgraded pipeline, after the frame aggregator.
 */
final class BayeuxWebSocketHandler extends ChannelInboundHandlerAdapter implements BayeuxOutput {
    private final BayeuxServer engine;
    private final String browserId;
    private final WebSocketServerHandshaker handshaker;
    private final long pingMillis;
    /** The upgrade request's credentials, offered to the authenticator at each handshake over this socket. */
    private final org.orbited.node.auth.HttpCredentials credentials;
    private volatile Channel channel;
    private BayeuxSocket socket;
    /** Something was written since the last ping check (event loop only). */
    private boolean wrote;
    /** Our close frame went out: nothing more is written (RFC 6455 5.5.1); event loop only. */
    private boolean closeSent;
    /** The engine asked to stop reading (its queue for this socket is full); event loop only. */
    private boolean enginePaused;

    BayeuxWebSocketHandler(BayeuxServer engine, String browserId, WebSocketServerHandshaker handshaker,
                           long pingMillis, org.orbited.node.auth.HttpCredentials credentials) {
        this.credentials = credentials;
        this.engine = engine;
        this.browserId = browserId;
        this.handshaker = handshaker;
        this.pingMillis = pingMillis;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        org.orbited.node.http.shared.ConnectionRoute.markPush(channel);
        socket = new BayeuxSocket(this, browserId);
        if (pingMillis > 0) {
            var task = ctx.executor().scheduleAtFixedRate(() -> {
                if (!wrote && !closeSent && ctx.channel().isActive()) {
                    ctx.writeAndFlush(new PingWebSocketFrame());
                }
                wrote = false;
            }, pingMillis, pingMillis, java.util.concurrent.TimeUnit.MILLISECONDS);
            ctx.channel().closeFuture().addListener(f -> task.cancel(false));
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof TextWebSocketFrame text) {
                batch(ctx, ByteBufUtil.getBytes(text.content()));
            } else if (msg instanceof PingWebSocketFrame ping) {
                if (!closeSent) {
                    ctx.writeAndFlush(new PongWebSocketFrame(ping.content().retain()));
                }
            } else if (msg instanceof CloseWebSocketFrame close) {
                closeSent = true;
                handshaker.close(ctx.channel(), close.retain());
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
            wrote = true;
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
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent e) {
            if (e.state() == IdleState.READER_IDLE) {
                close(BayeuxCloseCode.PING_TIMEOUT);
            }
            return;
        }
        super.userEventTriggered(ctx, evt);
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
        engine.socketClosed(socket);
        super.channelInactive(ctx);
    }
}
