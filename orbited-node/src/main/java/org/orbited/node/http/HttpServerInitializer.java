package org.orbited.node.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;
import org.orbited.node.http.shared.PipelineNames;
import org.orbited.node.transport.Transports;
import org.orbited.node.transport.netty.CometStarter;

/**
 * The browser-facing pipeline: idle timeout, flush coalescing, the HTTP codec between the two halves of the
 * {@link PipeliningHandler} (one request at a time, in time), the Bayeux endpoint (when enabled), the router, the
 * development proxy (when a {@code [proxy]} rule may use it); named by {@link PipelineNames}.
 */
public final class HttpServerInitializer extends ChannelInitializer<Channel> {
    private final HttpSettings settings;
    private final Transports transports;
    private final CometStarter comets;
    private final StaticFiles statics;
    private final NodeEndpoints endpoints;
    private final Class<? extends SocketChannel> clientChannelClass;
    private final org.orbited.node.bayeux.BayeuxServer bayeux;
    private final org.orbited.node.bayeux.netty.BayeuxWebSocketStarter bayeuxSockets;
    /** Some request may go to a backend: {@code proxy.enabled} with a {@code [proxy]} rule that is not Orbited's. */
    private final boolean proxies;

    /** {@code bayeux} null: no Bayeux endpoint. */
    public HttpServerInitializer(HttpSettings settings, Transports transports, CometStarter comets,
                                 StaticFiles statics, NodeEndpoints endpoints,
                                 Class<? extends SocketChannel> clientChannelClass,
                                 org.orbited.node.bayeux.BayeuxServer bayeux, long pingMillis) {
        this.bayeux = bayeux;
        this.bayeuxSockets = bayeux == null ? null
                : new org.orbited.node.bayeux.netty.BayeuxWebSocketStarter(bayeux, pingMillis, ch -> { });
        this.settings = settings;
        this.proxies = settings.proxyEnabled() && settings.proxyRoutes().stream().anyMatch(r -> !r.orbited());
        this.transports = transports;
        this.comets = comets;
        this.statics = statics;
        this.endpoints = endpoints;
        this.clientChannelClass = clientChannelClass;
    }

    @Override
    protected void initChannel(Channel ch) {
        long idle = settings.idleTimeoutMillis();
        if (idle > 0) {
            // Closes connections that send nothing for http.idle_timeout while the node is not producing an answer
            // (PipeliningHandler drops the event then). Comet streams and WebSockets remove it (CometStarter).
            ch.pipeline().addLast(PipelineNames.HTTP_IDLE, new IdleStateHandler(idle, 0, 0, TimeUnit.MILLISECONDS));
        }
        PipeliningHandler requests = new PipeliningHandler(settings.maxPipelined(), settings.headTimeoutMillis());
        ch.pipeline()
                .addLast(PipelineNames.FLUSH, new FlushConsolidationHandler(64, true))
                .addLast(PipelineNames.REQUEST_START, requests.arrivalWatch())
                .addLast(PipelineNames.HTTP_CODEC, new HttpServerCodec(settings.maxHead(), settings.maxHead(), 8192))
                .addLast(PipelineNames.PIPELINING, requests);
        if (bayeux != null) {
            ch.pipeline().addLast(PipelineNames.BAYEUX,
                    new org.orbited.node.bayeux.netty.BayeuxHttpHandler(bayeux, bayeuxSockets));
        }
        ch.pipeline().addLast(PipelineNames.ROUTER,
                new HttpRouterHandler(settings, transports, comets, statics, endpoints, requests));
        if (proxies) { // the router passes requests on only to proxy them: no backend rule, no handler
            ch.pipeline().addLast(PipelineNames.PROXY, new ProxyHandler(settings.proxyKeepalive(),
                    settings.proxyKeepaliveTimeout(), clientChannelClass));
        }
    }
}
