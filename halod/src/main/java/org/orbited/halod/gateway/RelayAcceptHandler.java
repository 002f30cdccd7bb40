package org.orbited.halod.gateway;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollMode;
import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyMessageEncoder;
import io.netty.handler.codec.haproxy.HAProxyProtocolVersion;
import io.netty.handler.codec.haproxy.HAProxyProxiedProtocol;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first handler of an accepted client socket on a route port: takes a slot of the descriptor budget, reads
 * route r's owner from the current {@link RelayTargets} (no owner: close), connects to the owner's browser or app
 * address on the same event loop ({@code relay.connect_timeout_ms}), writes the PROXY v2 header (source = the
 * client's address and port, destination = the gateway's address and the route port), and then relays: with
 * {@link RelayPipe} in both directions, or with epoll splice when {@code relay.splice = 1}. The client socket does
 * not read until the header is written, so nothing overtakes it.
 */
final class RelayAcceptHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(RelayAcceptHandler.class);
    /** Bytes a client may send before its relay starts (one read's worth is expected). */
    static final int MAX_EARLY_BYTES = 256 * 1024;

    private final int route;
    private final boolean browserSide;
    private final Supplier<RelayTargets> targets;
    private final RelayTracker tracker;
    private final RelaySettings settings;
    private RelayTracker.Pairing pairing;
    private boolean acquired;
    private ChannelHandlerContext ctx;
    private boolean relaying;
    private boolean inputShutdownBeforeRelay;
    private final List<Object> early = new ArrayList<>(2);
    private int earlyBytes;

    RelayAcceptHandler(int route, boolean browserSide, Supplier<RelayTargets> targets, RelayTracker tracker,
                       RelaySettings settings) {
        this.route = route;
        this.browserSide = browserSide;
        this.targets = targets;
        this.tracker = tracker;
        this.settings = settings;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        Channel client = ctx.channel();
        if (!tracker.tryAcquire()) {
            client.close();
            return;
        }
        acquired = true;
        RelayTargets.Target owner = targets.get().owner(route);
        if (owner == null) {
            log.debug("route {} has no owner: closing {}", route, client.remoteAddress());
            client.close();
            return;
        }
        pairing = new RelayTracker.Pairing(client, owner.name(), route);
        tracker.add(pairing);
        Bootstrap b = new Bootstrap().group(client.eventLoop()).channel(settings.kind().clientChannel())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, settings.connectTimeoutMs())
                .option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(HAProxyMessageEncoder.INSTANCE);
                        ch.pipeline().addLast(new RelayPipe(client, tracker, false));
                    }
                });
        if (settings.splice()) {
            levelTriggered(b);
        }
        InetSocketAddress to = browserSide ? owner.browser() : owner.app();
        b.connect(to).addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess()) {
                log.debug("route {}: connect to {} ({}) failed: {}", route, owner.name(), to, f.cause().toString());
                client.close();
                return;
            }
            Channel node = f.channel();
            if (!client.isActive()) {
                node.close();
                return;
            }
            node.writeAndFlush(proxyHeader(client)).addListener((ChannelFutureListener) w -> {
                if (!w.isSuccess()) {
                    client.close();
                    node.close();
                    return;
                }
                node.pipeline().remove(HAProxyMessageEncoder.INSTANCE);
                startRelaying(client, node);
            });
        });
    }

    /**
     * Before the relay starts the client socket does not read, except that epoll reads once when the client
     * half-closes (EPOLLRDHUP): those bytes and that EOF are held here (at most {@link #MAX_EARLY_BYTES}) and
     * passed on once the PROXY header is out.
     */
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (relaying) {
            ctx.fireChannelRead(msg);
            return;
        }
        earlyBytes += msg instanceof ByteBuf b ? b.readableBytes() : 0;
        early.add(msg);
        if (earlyBytes > MAX_EARLY_BYTES) {
            ctx.close();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (!relaying && evt instanceof ChannelInputShutdownEvent) {
            inputShutdownBeforeRelay = true;
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    private void startRelaying(Channel client, Channel node) {
        client.pipeline().addLast(new RelayPipe(node, tracker, true));
        relaying = true;
        early.forEach(ctx::fireChannelRead);
        early.clear();
        if (inputShutdownBeforeRelay) {
            ctx.fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
        }
        if (settings.splice()) {
            RelaySplice.start(client, node);
            RelaySplice.start(node, client);
        }
        RelayPipe.autoRead(client, true);
        RelayPipe.autoRead(node, true);
    }

    @SuppressWarnings("deprecation") // EPOLL_MODE: splice needs level-triggered channels (RelaySplice)
    private static void levelTriggered(Bootstrap b) {
        b.option(EpollChannelOption.EPOLL_MODE, EpollMode.LEVEL_TRIGGERED);
    }

    private static HAProxyMessage proxyHeader(Channel client) {
        InetSocketAddress src = (InetSocketAddress) client.remoteAddress();
        InetSocketAddress dst = (InetSocketAddress) client.localAddress();
        boolean v6 = src.getAddress() instanceof Inet6Address || dst.getAddress() instanceof Inet6Address;
        String srcHost = host(src, v6);
        String dstHost = host(dst, v6);
        return new HAProxyMessage(HAProxyProtocolVersion.V2, HAProxyCommand.PROXY,
                v6 ? HAProxyProxiedProtocol.TCP6 : HAProxyProxiedProtocol.TCP4, srcHost, dstHost, src.getPort(),
                dst.getPort());
    }

    private static String host(InetSocketAddress a, boolean v6) {
        if (v6 && !(a.getAddress() instanceof Inet6Address)) {
            return "::ffff:" + a.getAddress().getHostAddress();
        }
        return a.getAddress().getHostAddress();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        early.forEach(ReferenceCountUtil::release);
        early.clear();
        if (acquired) {
            tracker.release();
        }
        if (pairing != null) {
            tracker.remove(pairing);
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
