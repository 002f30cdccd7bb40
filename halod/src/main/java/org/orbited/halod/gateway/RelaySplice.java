package org.orbited.halod.gateway;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.epoll.AbstractEpollStreamChannel;

/**
 * The zero-copy relay ({@code relay.splice = 1}, epoll only): {@code AbstractEpollStreamChannel.spliceTo} moves
 * the bytes socket → pipe → socket inside the kernel. Netty marks {@code spliceTo} deprecated in 4.x (it is gone in
 * Netty 5) and it needs both channels on one event loop and in level-triggered mode (the also-deprecated
 * {@code EPOLL_MODE} option, set on both bootstraps when splice is on). A splice call moves at most
 * {@code Integer.MAX_VALUE} bytes, so each completed one is re-armed. Netty's splice task already stops reading the
 * source while the target cannot take more (backpressure). Bytes are not counted in this mode (the relay counters
 * stay at 0): they never enter user space.
 */
final class RelaySplice {
    private RelaySplice() {
    }

    @SuppressWarnings("deprecation")
    static void start(Channel from, Channel to) {
        if (!from.isActive() || !to.isActive()) {
            return;
        }
        ((AbstractEpollStreamChannel) from).spliceTo((AbstractEpollStreamChannel) to, Integer.MAX_VALUE)
                .addListener((ChannelFutureListener) f -> {
                    if (f.isSuccess()) {
                        start(from, to);
                    } else {
                        from.close();
                        to.close();
                    }
                });
    }
}
