package org.orbited.node.cluster;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first handler of every accepted connection on one listener: enters the connection in the
 * {@link RouteRegistry} (route 0) and decides, from its peer address, how its first bytes are read.
 * <ul>
 *   <li>From a {@code proxy_from} address: {@link ProxyStartCheck} (must begin a PROXY header), Netty's
 *       {@link HAProxyMessageDecoder} (bounded TLVs), then {@link ProxyHeaderHandler} (v2 only, route from the
 *       destination port, client from the source, within {@code proxy_header_timeout}).</li>
 *   <li>From any other address, when {@code proxy_from} is set: {@link ProxyStartCheck} refusing a PROXY header.</li>
 *   <li>Without {@code proxy_from}: nothing; the node reads its protocol as before.</li>
 * </ul>
 * It then removes itself. Sharable: one instance per listener. Runs on the connection's event loop.
 */
@ChannelHandler.Sharable
public final class RouteAdmission extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(RouteAdmission.class);
    /** The largest TLV section accepted in a v2 header; HaloD sends none. Bounds the header at 16 + 216 + this. */
    static final int MAX_TLV_BYTES = 256;
    static final String START_CHECK = "proxy-start-check";
    static final String DECODER = "proxy-decoder";
    static final String HEADER = "proxy-header";
    private static final io.netty.util.AttributeKey<Boolean> REJECTED = io.netty.util.AttributeKey.valueOf("orbited.proxy-rejected");

    private final ListenerSide side;
    private final ProxySources sources;
    private final RouteLayout layout;
    private final RouteRegistry registry;
    private final long headerTimeoutMillis;

    public RouteAdmission(ListenerSide side, ProxySources sources, RouteLayout layout, RouteRegistry registry,
                          long headerTimeoutMillis) {
        this.side = side;
        this.sources = sources;
        this.layout = layout;
        this.registry = registry;
        this.headerTimeoutMillis = headerTimeoutMillis;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        Channel ch = ctx.channel();
        registry.add(side, ch, 0);
        if (!sources.isEmpty()) {
            boolean proxied = sources.contains(ch.remoteAddress());
            String name = ctx.name();
            if (proxied) {
                ctx.pipeline().addAfter(name, HEADER, new ProxyHeaderHandler(this, headerTimeoutMillis));
                ctx.pipeline().addAfter(name, DECODER, new HAProxyMessageDecoder(MAX_TLV_BYTES));
            }
            ctx.pipeline().addAfter(name, START_CHECK, new ProxyStartCheck(this, proxied));
        }
        ctx.pipeline().remove(this);
    }

    ListenerSide side() {
        return side;
    }

    RouteLayout layout() {
        return layout;
    }

    RouteRegistry registry() {
        return registry;
    }

    /** Closes {@code ch} for {@code reason}, with one WARN naming the reason and the peer. */
    void reject(Channel ch, ProxyRejection reason, String detail) {
        if (ch.attr(REJECTED).getAndSet(Boolean.TRUE) != null) {
            return; // one WARN per connection
        }
        LOG.warn("closed {} connection from {}: {}{}", side == ListenerSide.BROWSER ? "HTTP" : "Orbit",
                ch.remoteAddress(), reason.text(), detail == null ? "" : " (" + detail + ")");
        ch.close();
    }
}
