package org.orbited.halod.gateway;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.util.concurrent.ScheduledFuture;
import org.orbited.halod.link.Bye;
import org.orbited.halod.link.ByeReason;
import org.orbited.halod.link.LinkCodec;
import org.orbited.halod.link.LinkMessage;
import org.orbited.halod.link.NodeHeartbeat;

/**
 * One node's control link as the gateway sees it: the channel, the registered name (null until REGISTERED), the
 * node's last load figures and {@code applied}, the drain state. Confined to the control thread.
 */
final class LinkSession {
    private final Channel channel;
    private String name;
    private boolean closing;
    private boolean draining;
    private boolean operatorDrain;
    private long drainVersion = -1;
    private boolean gone; // removed from the table (drained, failed, or left), nothing more to do on close
    private long seq;
    private NodeHeartbeat load = new NodeHeartbeat(0, 0, 0, 0, 0);
    private long lastHeartbeatMs;
    ScheduledFuture<?> registerTimeout;

    LinkSession(Channel channel) {
        this.channel = channel;
    }

    /** Writes one line and flushes it. */
    void send(LinkMessage m) {
        if (!closing && channel.isActive()) {
            channel.writeAndFlush(channel.alloc().buffer().writeBytes(LinkCodec.INSTANCE.encodeLine(m)),
                    channel.voidPromise());
        }
    }

    /** Sends BYE {@code reason} and closes once it is flushed; later lines are ignored. */
    void bye(ByeReason reason) {
        if (closing) {
            return;
        }
        if (channel.isActive()) {
            channel.writeAndFlush(channel.alloc().buffer().writeBytes(LinkCodec.INSTANCE.encodeLine(new Bye(reason))))
                    .addListener(ChannelFutureListener.CLOSE);
        }
        closing = true;
    }

    void heartbeat(NodeHeartbeat hb, long nowMs) {
        load = hb;
        lastHeartbeatMs = nowMs;
    }

    long nextSeq() {
        return seq++;
    }

    Channel channel() {
        return channel;
    }

    String name() {
        return name;
    }

    void registered(String nodeName) {
        this.name = nodeName;
        if (registerTimeout != null) {
            registerTimeout.cancel(false);
        }
    }

    boolean isRegistered() {
        return name != null;
    }

    boolean closing() {
        return closing;
    }

    boolean draining() {
        return draining;
    }

    long drainVersion() {
        return drainVersion;
    }

    void draining(long version) {
        draining = true;
        drainVersion = version;
    }

    /** The drain came from the admin port: the gateway sends BYE drained once {@code applied} reaches it. */
    boolean operatorDrain() {
        return operatorDrain;
    }

    void operatorDrain(boolean value) {
        operatorDrain = value;
    }

    boolean gone() {
        return gone;
    }

    void gone(boolean value) {
        gone = value;
    }

    NodeHeartbeat load() {
        return load;
    }

    long lastHeartbeatMs() {
        return lastHeartbeatMs;
    }

    String describe() {
        return (name == null ? "unregistered link" : "node '" + name + "'") + " from " + channel.remoteAddress();
    }
}
