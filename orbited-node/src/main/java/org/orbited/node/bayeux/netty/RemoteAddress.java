package org.orbited.node.bayeux.netty;

import io.netty.channel.Channel;

/** A channel's peer as {@code host:port}, for policies and logs. */
final class RemoteAddress {
    private RemoteAddress() {
    }

    static String of(Channel channel) {
        // behind a HaloD gateway: the client's address from the PROXY header
        return org.orbited.node.http.shared.ConnectionRoute.clientText(channel);
    }
}
