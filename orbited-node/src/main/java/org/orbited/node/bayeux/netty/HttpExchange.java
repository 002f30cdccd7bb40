package org.orbited.node.bayeux.netty;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.util.function.Consumer;
import org.orbited.node.bayeux.BayeuxOutput;
import org.orbited.node.bayeux.BayeuxRequest;
import org.orbited.node.bayeux.BayeuxSocket;
import org.orbited.node.bayeux.BayeuxTransportType;
import org.orbited.node.bayeux.BayeuxSettings;

/**
 * One Bayeux HTTP request and its one response ({@code long-polling} or {@code callback-polling}). The response
 * is written on the channel's event loop, after the call that sent it returns; the handler learns when it is
 * done so the next pipelined request may run.
 */
final class HttpExchange implements BayeuxRequest, BayeuxOutput {
    private final Channel channel;
    private final BayeuxSettings config;
    private final BayeuxTransportType transport;
    private final String browserId;
    private final String allowedOrigin;
    private final String origin;
    private final String callback;
    private final boolean keepAlive;
    private final Runnable done;
    private final org.orbited.node.auth.HttpCredentials credentials;
    private volatile String newBrowserId;
    private volatile Runnable onClose;
    private boolean sent;

    HttpExchange(Channel channel, BayeuxSettings config, BayeuxTransportType transport, String browserId, String origin,
                 String allowedOrigin, String callback, boolean keepAlive,
                 org.orbited.node.auth.HttpCredentials credentials, Runnable done) {
        this.credentials = credentials;
        this.channel = channel;
        org.orbited.node.http.shared.ConnectionRoute.markPush(channel);
        this.config = config;
        this.transport = transport;
        this.browserId = browserId;
        this.origin = origin;
        this.allowedOrigin = allowedOrigin;
        this.callback = callback;
        this.keepAlive = keepAlive;
        this.done = done;
    }

    @Override
    public BayeuxTransportType transport() {
        return transport;
    }

    @Override
    public String browserId() {
        return browserId != null ? browserId : newBrowserId;
    }

    @Override
    public void setBrowserId(String id) {
        newBrowserId = id;
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
        return origin;
    }

    @Override
    public BayeuxOutput output() {
        return this;
    }

    @Override
    public BayeuxSocket socket() {
        return null;
    }

    @Override
    public org.orbited.node.auth.HttpCredentials httpCredentials() {
        return credentials;
    }

    @Override
    public void whenClosed(Runnable task) {
        onClose = task;
    }

    /** The channel closed while this exchange waited for its answer. */
    void channelClosed() {
        Runnable r = onClose;
        onClose = null;
        if (r != null) {
            r.run();
        }
    }

    @Override
    public void send(byte[] jsonArray, int status, Consumer<Boolean> written) {
        synchronized (this) {
            if (sent) {
                return;
            }
            sent = true;
        }
        onClose = null;
        channel.eventLoop().execute(() -> write(jsonArray, status, written));
    }

    private void write(byte[] json, int status, Consumer<Boolean> written) {
        byte[] body = callback == null ? json : JsonpCallback.wrap(callback, json);
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status),
                Unpooled.wrappedBuffer(body));
        if (callback == null) {
            r.headers().set("Content-Type", "application/json;charset=UTF-8");
        } else {
            r.headers().set("Content-Type", "text/javascript;charset=UTF-8");
            r.headers().set("X-Content-Type-Options", "nosniff");
        }
        r.headers().setInt("Content-Length", body.length);
        r.headers().set("Cache-Control", "no-cache, no-store");
        String cookie = newBrowserId;
        if (cookie != null) {
            r.headers().set("Set-Cookie", BrowserCookie.header(config, cookie));
        }
        BayeuxCors.addHeaders(r.headers(), allowedOrigin);
        if (!keepAlive) {
            r.headers().set("Connection", HttpHeaderValues.CLOSE);
        }
        if (!channel.isActive()) {
            written.accept(false);
            done.run();
            return;
        }
        channel.writeAndFlush(r).addListener((ChannelFutureListener) f -> {
            written.accept(f.isSuccess());
            if (!keepAlive || !f.isSuccess()) {
                f.channel().close();
            }
            done.run();
        });
    }

    @Override
    public void close(int code, String reason) {
        channel.eventLoop().execute(() -> channel.close());
    }
}
