package org.orbited.node.http.shared;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether a browser connection on the HTTP port reads, while more than one handler may want it paused.
 *
 * <p>{@code autoRead} is one switch: a handler that turns it back on undoes every other handler's pause (the proxy
 * resuming after its backend drained would read on past requests the pipelining bound holds, and the reverse would
 * let an upload pile up while the proxy connects). So each handler that pauses holds this gate instead, and the
 * channel reads exactly when nobody holds it. Holders are compared by identity; holding twice is holding once.
 *
 * <p>One gate per channel ({@link #of}), kept as a channel attribute. Event loop only. A handler leaving the pipeline
 * must let go ({@code hold(this, false)}), or the channel never reads again.
 */
public final class ReadGate {
    private static final AttributeKey<ReadGate> KEY = AttributeKey.valueOf(ReadGate.class, "GATE");

    private final Channel channel;
    private final List<Object> holders = new ArrayList<>(2);

    private ReadGate(Channel channel) {
        this.channel = channel;
    }

    /** The gate of {@code channel}, created on first use. */
    public static ReadGate of(Channel channel) {
        ReadGate g = channel.attr(KEY).get();
        if (g == null) {
            g = new ReadGate(channel);
            channel.attr(KEY).set(g);
        }
        return g;
    }

    /** {@code holder} pauses reading ({@code pause} true) or lets go of its pause (false). */
    public void hold(Object holder, boolean pause) {
        boolean held = holders.stream().anyMatch(h -> h == holder);
        if (pause && !held) {
            holders.add(holder);
            if (holders.size() == 1) {
                channel.config().setAutoRead(false);
            }
        } else if (!pause && held) {
            holders.removeIf(h -> h == holder);
            if (holders.isEmpty()) {
                channel.config().setAutoRead(true); // Netty reads at once when autoRead comes back on
            }
        }
    }

    /** Whether anybody pauses reading. */
    public boolean paused() {
        return !holders.isEmpty();
    }
}
