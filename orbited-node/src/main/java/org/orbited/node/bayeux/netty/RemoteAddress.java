package org.orbited.node.bayeux.netty;

import io.netty.channel.Channel;
import java.net.InetSocketAddress;

/** A channel's peer as {@code host:port}, for policies and logs. */
final class RemoteAddress {
    private RemoteAddress() {
    }

    static String of(Channel channel) {
        return channel.remoteAddress() instanceof InetSocketAddress a
                ? a.getHostString() + ":" + a.getPort() : String.valueOf(channel.remoteAddress());
    }
}
