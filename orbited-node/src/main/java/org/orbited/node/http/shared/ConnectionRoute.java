package org.orbited.node.http.shared;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * What a connection's PROXY protocol v2 header told the node (docs/cluster-node.md), kept as channel attributes so
 * every layer can read it without knowing the cluster: the connection's route (0: a direct connection, or no
 * {@code [cluster] proxy_from}), the client's address (the header's source, else the socket's peer), and the hook
 * that tells whatever owns the connection now to send its reconnect instruction.
 *
 * <p>Set on the channel's event loop before the first request is read; read from any thread.
 */
public final class ConnectionRoute {
    /** The route, 1..N; absent means 0. */
    public static final AttributeKey<Integer> ROUTE = AttributeKey.valueOf("orbited.route");
    /** The client's address from the PROXY header; absent means the socket's peer. */
    public static final AttributeKey<InetSocketAddress> CLIENT = AttributeKey.valueOf("orbited.client");
    /**
     * Set by the owner of a browser connection that can say "reconnect" in its own transport (a comet stream, an
     * Orbit WebSocket, a long poll in progress); run on any thread, it must not block. Absent: nothing owns it.
     */
    public static final AttributeKey<Runnable> RECONNECT = AttributeKey.valueOf("orbited.reconnect");

    /**
     * Present once the connection carried a push connection: a comet stream or long poll, an Orbit WebSocket, a
     * Bayeux request or a Bayeux WebSocket. Idle page and static-file connections never have it (the cluster's load
     * counts only these).
     */
    public static final AttributeKey<Boolean> PUSH = AttributeKey.valueOf("orbited.push");

    private ConnectionRoute() {
    }

    /** Marks {@code ch} as a push connection ({@link #PUSH}); any thread. */
    public static void markPush(Channel ch) {
        ch.attr(PUSH).set(Boolean.TRUE);
    }

    /** Whether {@code ch} ever carried a push connection. */
    public static boolean isPush(Channel ch) {
        return ch.attr(PUSH).get() != null;
    }

    /** The channel's route: 0 for a direct connection. */
    public static int route(Channel ch) {
        Integer r = ch.attr(ROUTE).get();
        return r == null ? 0 : r;
    }

    /** The client's address: the PROXY header's source, else the socket's peer. */
    public static SocketAddress client(Channel ch) {
        InetSocketAddress a = ch.attr(CLIENT).get();
        return a != null ? a : ch.remoteAddress();
    }

    /** {@link #client} as {@code host:port}, for logs and policies. */
    public static String clientText(Channel ch) {
        SocketAddress a = client(ch);
        return a instanceof InetSocketAddress i ? i.getHostString() + ":" + i.getPort() : String.valueOf(a);
    }
}
