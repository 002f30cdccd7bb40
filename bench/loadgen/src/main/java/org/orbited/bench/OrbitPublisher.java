package org.orbited.bench;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import java.nio.charset.StandardCharsets;
import java.util.function.IntFunction;

/**
 * An application connection on the Orbit port: pipelined {@code Event} requests, one {@code recipient} each (a
 * channel {@code /bench/cK} or a key {@code user, session, /location}), replies counted by
 * {@link OrbitReplyCounter}. The only handler in its pipeline.
 */
public final class OrbitPublisher extends ChannelInboundHandlerAdapter implements Publisher {
    private final IntFunction<String> recipients;
    private final OrbitReplyCounter replies = new OrbitReplyCounter();
    private final Tally tally;
    private Channel channel;
    private volatile long sent;
    private volatile long accepted;
    private volatile long rejected;

    public OrbitPublisher(IntFunction<String> recipients, Tally tally) {
        this.recipients = recipients;
        this.tally = tally;
    }

    /** The request head and body of one event. */
    static byte[] request(long id, String recipient, byte[] body) {
        byte[] head = ("Orbit 1.0\r\nEvent\r\nid: " + id + "\r\nrecipient: " + recipient + "\r\nlength: " + body.length
                + "\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[head.length + body.length];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(body, 0, out, head.length, body.length);
        return out;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        channel = ctx.channel();
    }

    @Override
    public EventLoop loop() {
        return channel.eventLoop();
    }

    @Override
    public void publish(int target, byte[] payload) {
        long id = sent + 1;
        channel.write(channel.alloc().buffer().writeBytes(request(id, recipients.apply(target), payload)),
                channel.voidPromise());
        sent = id;
    }

    @Override
    public void flush() {
        channel.flush();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf buf = (ByteBuf) msg;
        try {
            buf.forEachByte(replies);
            accepted = replies.success();
            rejected = replies.failure() + replies.error();
        } finally {
            buf.release();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (!tally.isStopping()) {
            tally.error("publisher_closed");
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        tally.error("publisher_io_" + cause.getClass().getSimpleName());
        ctx.close();
    }

    @Override
    public long sent() {
        return sent;
    }

    @Override
    public long accepted() {
        return accepted;
    }

    @Override
    public long rejected() {
        return rejected;
    }

    @Override
    public void close() {
        if (channel != null) {
            channel.close();
        }
    }
}
