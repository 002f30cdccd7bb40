package org.orbited.bench;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import java.nio.charset.StandardCharsets;
import java.util.function.IntFunction;

/**
 * An application connection on the Orbit port: pipelined {@code Event} requests, one {@code recipient} each (a
 * channel {@code /bench/cK} or a key {@code user, session, /location}), replies counted by
 * {@link OrbitReplyCounter}. The only handler in its pipeline.
 */
public final class OrbitPublisher extends PublisherHandler {
    private final IntFunction<String> recipients;
    private final OrbitReplyCounter replies = new OrbitReplyCounter();

    public OrbitPublisher(IntFunction<String> recipients, Tally tally) {
        super(tally);
        this.recipients = recipients;
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
    public void publish(int target, byte[] payload) {
        long id = sent + 1;
        channel.write(channel.alloc().buffer().writeBytes(request(id, recipients.apply(target), payload)),
                channel.voidPromise());
        sent = id;
        markSent();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf buf = (ByteBuf) msg;
        try {
            long before = replies.replies();
            buf.forEachByte(replies);
            markAnswered(replies.replies() - before);
            accepted = replies.success();
            rejected = replies.failure() + replies.error();
        } finally {
            buf.release();
        }
    }
}
