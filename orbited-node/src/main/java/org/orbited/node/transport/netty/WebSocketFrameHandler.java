package org.orbited.node.transport.netty;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import org.orbited.node.core.DisconnectReason;
import org.orbited.node.core.Session;

/**
 * Sits after the WebSocket frame codec, Netty's {@code Utf8FrameValidator} and an {@code IdleStateHandler}: answers
 * pings, takes {@code {"ack":"I"}} frames as acknowledgements, ignores other browser frames, sends a ping when the
 * connection has been quiet for one interval and closes with 4002 when no frame (pongs included) came
 * for two. A text frame that is not UTF-8 closes with 1007. Stops reading while the channel is not writable, so a
 * browser that sends pings and never reads cannot pile up pongs in the node.
 */
final class WebSocketFrameHandler extends SimpleChannelInboundHandler<WebSocketFrame> {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final WebSocketConnection connection;

    WebSocketFrameHandler(WebSocketConnection connection) {
        this.connection = connection;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        if (frame instanceof PingWebSocketFrame) {
            if (!connection.closing) { // no frame after our close frame
                ctx.writeAndFlush(new PongWebSocketFrame(frame.content().retain()));
            }
        } else if (frame instanceof CloseWebSocketFrame close) {
            if (connection.closing) {
                ctx.close(); // the browser answers our close frame: the handshake is complete
            } else {
                // The browser closes: echo its status code, as RFC 6455 5.5.1 asks, then close.
                ctx.writeAndFlush(new CloseWebSocketFrame(close.statusCode() < 0 ? 1000 : close.statusCode(), ""))
                        .addListener(f -> ctx.close());
            }
        } else if (frame instanceof TextWebSocketFrame text) {
            acknowledge(text.text());
        }
    }

    private void acknowledge(String text) {
        Session s = connection.session;
        if (s == null || !text.contains("\"ack\"")) {
            return;
        }
        try {
            JsonNode ack = JSON.readTree(text).get("ack");
            if (ack != null && ack.isTextual()) {
                s.acknowledge(ack.asText());
            }
        } catch (java.io.IOException ignored) {
            // Browser frames other than acks carry no meaning here (orbit-protocol.md 5.4).
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        ctx.channel().config().setAutoRead(ctx.channel().isWritable());
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof CorruptedWebSocketFrameException e) {
            if (e.closeStatus().code() == DisconnectReason.INVALID_UTF8.code()) {
                closeWith(ctx, DisconnectReason.INVALID_UTF8); // from the UTF-8 validator, which writes nothing
            }
            // otherwise the frame decoder has written its close frame (1002, 1009) and closes after it
        } else {
            ctx.close();
        }
    }

    private void closeWith(ChannelHandlerContext ctx, DisconnectReason reason) {
        Session s = connection.session;
        if (s == null) {
            ctx.writeAndFlush(new CloseWebSocketFrame(reason.code(), reason.reason()))
                    .addListener(ChannelFutureListener.CLOSE);
            return;
        }
        synchronized (s) {
            connection.close(reason);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent idle) {
            if (idle.state() == IdleState.READER_IDLE) {
                closeWith(ctx, DisconnectReason.PING_TIMEOUT);
            }
            return;
        }
        super.userEventTriggered(ctx, evt);
    }
}
