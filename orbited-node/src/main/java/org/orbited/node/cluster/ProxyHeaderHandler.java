package org.orbited.node.cluster;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyProtocolException;
import io.netty.handler.codec.haproxy.HAProxyProtocolVersion;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.orbited.node.http.shared.ConnectionRoute;

/**
 * Takes the {@link HAProxyMessage} Netty's decoder produced from a connection's first bytes: a v2 {@code PROXY}
 * command whose destination port is one of this side's route ports sets the connection's route and client address
 * ({@link ConnectionRoute}) and moves it to that route in the {@link RouteRegistry}; anything else closes it with
 * its {@link ProxyRejection}. The whole header must arrive within the timeout. Removes itself once the header is
 * accepted, so the node's own protocol reads the bytes that follow; until then (and after a rejection, when the
 * decoder still passes on the bytes that followed a refused header) it drops every byte. Right after the decoder;
 * one per connection.
 */
final class ProxyHeaderHandler extends ChannelInboundHandlerAdapter {
    private final RouteAdmission admission;
    private final long timeoutMillis;
    private ScheduledFuture<?> timeout;

    ProxyHeaderHandler(RouteAdmission admission, long timeoutMillis) {
        this.admission = admission;
        this.timeoutMillis = timeoutMillis;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        timeout = ctx.executor().schedule(() -> admission.reject(ctx.channel(), ProxyRejection.HEADER_TIMEOUT,
                timeoutMillis + " ms"), timeoutMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        timeout.cancel(false);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof HAProxyMessage header)) {
            // Bytes reach this handler only before its header was accepted (it leaves then): after a rejection,
            // the decoder passes on what followed the header in the same read; none of it may reach the protocol.
            io.netty.util.ReferenceCountUtil.release(msg);
            return;
        }
        try {
            accept(ctx, header);
        } finally {
            header.release();
        }
    }

    private void accept(ChannelHandlerContext ctx, HAProxyMessage header) {
        Channel ch = ctx.channel();
        if (header.protocolVersion() != HAProxyProtocolVersion.V2) {
            admission.reject(ch, ProxyRejection.V1_HEADER, null);
            return;
        }
        if (header.command() != HAProxyCommand.PROXY || header.destinationAddress() == null) {
            admission.reject(ch, ProxyRejection.LOCAL_COMMAND, null);
            return;
        }
        int route = admission.layout().routeOf(admission.side(), header.destinationPort());
        if (route < 0) {
            admission.reject(ch, ProxyRejection.NO_ROUTE, "port " + header.destinationPort());
            return;
        }
        ch.attr(ConnectionRoute.ROUTE).set(route);
        java.net.InetAddress client = header.sourceAddress() == null ? null
                : io.netty.util.NetUtil.createInetAddressFromIpAddressString(header.sourceAddress());
        if (client != null) { // a numeric literal, never looked up
            ch.attr(ConnectionRoute.CLIENT).set(new InetSocketAddress(client, header.sourcePort()));
        }
        admission.registry().assign(admission.side(), ch, route);
        ctx.pipeline().remove(this);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof HAProxyProtocolException || cause.getCause() instanceof HAProxyProtocolException) {
            admission.reject(ctx.channel(), ProxyRejection.INVALID_HEADER, cause.getMessage());
        } else {
            ctx.fireExceptionCaught(cause);
        }
    }
}
