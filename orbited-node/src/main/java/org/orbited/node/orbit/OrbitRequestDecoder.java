package org.orbited.node.orbit;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Turns the bytes of an Orbit connection into {@link OrbitRequest} and {@link OrbitMalformed}
 * messages, in arrival order, using one {@link OrbitRequestParser}. Bytes only, no behaviour.
 *
 * <p><b>Pipeline.</b> First inbound handler after the socket, before {@link OrbitRequestTimeoutHandler} and
 * {@link OrbitRequestHandler}. Not sharable. Every {@link ByteBuf} read is released here; other messages pass
 * through unchanged. Besides requests it fires {@link #REQUEST_STARTED} when a request's first byte arrives, for
 * the timeout handler. After a closing error the parser drops all further bytes, so nothing more is fired for the
 * connection.
 *
 * <p><b>Abandoning.</b> The user event {@link Abandon} (sent from further down the pipeline through
 * {@code pipeline().fireUserEventTriggered}) makes the parser give up the request it is receiving: an
 * {@link OrbitMalformed} with the event's code is fired, and the parser is closed. The event is not passed on.
 *
 * <p><b>Memory.</b> What the parser keeps is reserved from the shared {@link PendingBytes}; it is released when
 * the channel goes inactive or this handler is removed.
 */
public final class OrbitRequestDecoder extends ChannelInboundHandlerAdapter {
    /** Message fired when the first byte of a request has arrived. */
    public static final Object REQUEST_STARTED = new Object() {
        @Override
        public String toString() {
            return "REQUEST_STARTED";
        }
    };

    /** User event: give up the request being received, reporting it with {@code code}. */
    public record Abandon(OrbitErrorCode code) {
        public Abandon {
            Objects.requireNonNull(code, "code");
        }
    }

    private final OrbitRequestParser parser;

    /** A decoder with no node-wide budget (tests and tools). */
    public OrbitRequestDecoder(int maxLine, int maxHeaders, int maxBody) {
        this.parser = new OrbitRequestParser(maxLine, maxHeaders, maxBody);
    }

    public OrbitRequestDecoder(int maxLine, int maxHeaders, int maxBody, int maxHead, PendingBytes budget) {
        this.parser = new OrbitRequestParser(maxLine, maxHeaders, maxBody, maxHead, budget);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf buf)) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            if (parser.isClosed() || !buf.isReadable()) {
                return;
            }
            OrbitRequestParser.Sink sink = new FiringSink(ctx);
            if (buf.nioBufferCount() > 0) {
                for (ByteBuffer chunk : buf.nioBuffers()) {
                    parser.feed(chunk, sink);
                }
            } else {
                byte[] copy = new byte[buf.readableBytes()];
                buf.getBytes(buf.readerIndex(), copy);
                parser.feed(ByteBuffer.wrap(copy), sink);
            }
        } finally {
            buf.release();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof Abandon abandon) {
            parser.abandon(abandon.code(), new FiringSink(ctx));
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        parser.close();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        parser.close();
    }

    private record FiringSink(ChannelHandlerContext ctx) implements OrbitRequestParser.Sink {
        @Override
        public void requestStarted() {
            ctx.fireChannelRead(REQUEST_STARTED);
        }

        @Override
        public void request(OrbitRequest request) {
            ctx.fireChannelRead(request);
        }

        @Override
        public void malformed(OrbitMalformed malformed) {
            ctx.fireChannelRead(malformed);
        }
    }
}
