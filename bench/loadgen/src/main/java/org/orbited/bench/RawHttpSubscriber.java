package org.orbited.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.nio.charset.StandardCharsets;

/**
 * Base of the streaming subscribers: the only handler in its pipeline (no HTTP codec, to stay cheap). It writes a
 * prebuilt request, reads the status out of the response head, counts the connection as established when the
 * head is complete, and passes every later byte to {@link #body}. Subclasses differ in their request and framing.
 */
public abstract class RawHttpSubscriber extends ChannelInboundHandlerAdapter {
    /** Longest response head accepted. */
    static final int MAX_HEAD = 16 * 1024;

    protected final Tally tally;
    protected final DeliveryScanner scanner;
    private final byte[] request;
    private final int expectedStatus;
    private final byte[] statusLine = new byte[12];
    private int headBytes;
    private int crlf;
    private boolean headDone;

    protected RawHttpSubscriber(Tally tally, DeliveryScanner scanner, String request, int expectedStatus) {
        this.tally = tally;
        this.scanner = scanner;
        this.request = request.getBytes(StandardCharsets.US_ASCII);
        this.expectedStatus = expectedStatus;
    }

    /** A GET request head with the given extra header lines (each ending CRLF). */
    protected static String get(Endpoints ep, String path, String extraHeaders) {
        return "GET " + path + " HTTP/1.1\r\nHost: " + ep.hostHeader() + "\r\n" + extraHeaders + "\r\n";
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        tally.connected();
        ctx.writeAndFlush(Unpooled.wrappedBuffer(request));
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        ByteBuf buf = (ByteBuf) msg;
        try {
            if (!headDone && !readHead(ctx, buf)) {
                return;
            }
            long before = scanner.count();
            body(ctx, buf);
            tally.deliveries(scanner.count() - before);
        } finally {
            buf.release();
        }
    }

    /** Consumes head bytes; true when the head is complete and good and {@code buf} holds body bytes (maybe 0). */
    private boolean readHead(ChannelHandlerContext ctx, ByteBuf buf) {
        while (buf.isReadable()) {
            byte b = buf.readByte();
            if (headBytes < statusLine.length) {
                statusLine[headBytes] = b;
            }
            if (++headBytes > MAX_HEAD) {
                return fail(ctx, "head_too_large");
            }
            crlf = b == '\n' ? crlf + 1 : (b == '\r' ? crlf : 0);
            if (crlf == 2) {
                headDone = true;
                int status = status();
                if (status != expectedStatus) {
                    return fail(ctx, "http_" + status);
                }
                onEstablished(ctx);
                return true;
            }
        }
        return false;
    }

    private int status() {
        String line = new String(statusLine, StandardCharsets.US_ASCII);
        try {
            return Integer.parseInt(line.substring(9, 12));
        } catch (RuntimeException e) {
            return 0;
        }
    }

    private boolean fail(ChannelHandlerContext ctx, String kind) {
        tally.error(kind);
        ctx.close();
        return false;
    }

    /** The head was good: counts the connection. Subclasses may start their protocol here. */
    protected void onEstablished(ChannelHandlerContext ctx) {
        tally.established();
    }

    /** Body bytes (readable part of {@code buf}); the default counts deliveries in them. */
    protected void body(ChannelHandlerContext ctx, ByteBuf buf) throws Exception {
        buf.forEachByte(scanner);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (!tally.isStopping()) {
            tally.error(headDone ? "closed_by_server" : "closed_before_head");
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        tally.error("io_" + cause.getClass().getSimpleName());
        ctx.close();
    }
}
