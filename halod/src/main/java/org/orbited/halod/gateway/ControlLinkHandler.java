package org.orbited.halod.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.orbited.halod.link.LineFramer;
import org.orbited.halod.link.LinkLimits;
import org.orbited.halod.link.LinkProtocolException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One control link's bytes → lines ({@link LineFramer}, at most {@link LinkLimits#MAX_LINE_BYTES} per line: an
 * oversized line is refused the moment it passes the limit, without buffering the rest) → {@link ClusterController}.
 * The framer, not Netty's {@code LineBasedFrameDecoder}, because it also tells how much of an unterminated line
 * was pending when the link closed (logged as a truncated line). Runs on the control event loop.
 */
final class ControlLinkHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(ControlLinkHandler.class);

    private final ClusterController controller;
    private final LineFramer framer = new LineFramer(LinkLimits.MAX_LINE_BYTES);
    private LinkSession session;
    private boolean refused;

    ControlLinkHandler(ClusterController controller) {
        this.controller = controller;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        session = controller.opened(ctx.channel());
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf buf = (ByteBuf) msg;
        try {
            if (refused || session.closing()) {
                return;
            }
            byte[] bytes = new byte[buf.readableBytes()];
            buf.readBytes(bytes);
            framer.feed(bytes, 0, bytes.length, line -> controller.line(session, line));
        } catch (LinkProtocolException e) {
            refused = true;
            controller.protocolError(session, e.getMessage());
        } finally {
            buf.release();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        controller.closed(session, refused ? 0 : framer.buffered());
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("control link {}: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
