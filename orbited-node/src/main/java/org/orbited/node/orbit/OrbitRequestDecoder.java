package org.orbited.node.orbit;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.nio.ByteBuffer;

/**
 * Turns the bytes of an Orbit connection into {@link OrbitRequest} and {@link OrbitMalformed}
 * messages, in arrival order, using one {@link OrbitRequestParser}. Bytes only, no behaviour.
 *
 * <p><b>Pipeline.</b> First inbound handler after the socket, before {@link OrbitRequestHandler}. Not
 * sharable. Every {@link ByteBuf} read is released here; other messages pass through unchanged. After
 * a closing error the parser drops all further bytes, so nothing more is fired for the connection.
 */
public final class OrbitRequestDecoder extends ChannelInboundHandlerAdapter {
    private final OrbitRequestParser parser;

    public OrbitRequestDecoder(int maxLine, int maxHeaders, int maxBody) {
        this.parser = new OrbitRequestParser(maxLine, maxHeaders, maxBody);
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

    private record FiringSink(ChannelHandlerContext ctx) implements OrbitRequestParser.Sink {
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
