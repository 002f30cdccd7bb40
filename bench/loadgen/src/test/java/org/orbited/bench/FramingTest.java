package org.orbited.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** WebSocket frame walking, Orbit reply counting, Bayeux and Nchan protocol facts, fed odd chunkings. */
class FramingTest {
    private static void feed(io.netty.util.ByteProcessor p, byte[] bytes, int chunk) throws Exception {
        for (int i = 0; i < bytes.length; i += chunk) {
            ByteBuf buf = Unpooled.wrappedBuffer(bytes, i, Math.min(chunk, bytes.length - i));
            buf.forEachByte(p);
            buf.release();
        }
    }

    private static byte[] serverFrame(int opcode, byte[] payload) {
        ByteBuf b = Unpooled.buffer();
        b.writeByte(0x80 | opcode);
        if (payload.length < 126) {
            b.writeByte(payload.length);
        } else {
            b.writeByte(126).writeShort(payload.length);
        }
        b.writeBytes(payload);
        byte[] out = new byte[b.readableBytes()];
        b.readBytes(out);
        b.release();
        return out;
    }

    @Test
    void walksWebSocketFramesCountingTextAndCollectingPings() throws Exception {
        byte[] text = "{\"id\":\"E-1\",\"data\":\"{\\\"seq\\\":1,\\\"t\\\":5}\"}".getBytes(StandardCharsets.UTF_8);
        byte[] big = ("{\"seq\":2,\"t\":6,\"p\":\"" + "x".repeat(300) + "\"}").getBytes(StandardCharsets.UTF_8);
        ByteBuf all = Unpooled.buffer();
        all.writeBytes(serverFrame(1, text)).writeBytes(serverFrame(9, new byte[] {1, 2, 3}))
                .writeBytes(serverFrame(1, big)).writeBytes(serverFrame(8, new byte[] {0x0F, (byte) 0xA0}));
        byte[] bytes = new byte[all.readableBytes()];
        all.readBytes(bytes);
        all.release();
        for (int chunk : new int[] {1, 2, 3, 7, 64, bytes.length}) {
            DeliveryScanner scanner = new DeliveryScanner(null);
            List<String> controls = new ArrayList<>();
            WsFrameScanner frames = new WsFrameScanner(scanner,
                    (op, p) -> controls.add(op + ":" + java.util.Arrays.toString(p)), false);
            feed(frames, bytes, chunk);
            assertThat(scanner.count()).as("chunk %d", chunk).isEqualTo(2);
            assertThat(controls).containsExactly("9:[1, 2, 3]", "8:[15, -96]");
            assertThat(WebSocketSubscriber.closeCode(new byte[] {0x0F, (byte) 0xA0})).isEqualTo(4000);
        }
    }

    @Test
    void collectsWholeTextMessagesForBayeux() throws Exception {
        byte[] reply = "[{\"channel\":\"/meta/connect\",\"successful\":true}]".getBytes(StandardCharsets.UTF_8);
        List<String> texts = new ArrayList<>();
        WsFrameScanner frames = new WsFrameScanner(new DeliveryScanner(null), new WsFrameScanner.Listener() {
            @Override
            public void control(int opcode, byte[] payload) {
            }

            @Override
            public void text(byte[] t, int length) {
                texts.add(new String(t, 0, length, StandardCharsets.UTF_8));
            }
        }, true);
        feed(frames, serverFrame(1, reply), 1);
        assertThat(texts).containsExactly(new String(reply, StandardCharsets.UTF_8));
    }

    @Test
    void clientFramesAreMaskedWithTheZeroKey() {
        ByteBuf f = WsFrames.frame(ByteBufAllocator.DEFAULT, 1, "hi".getBytes(StandardCharsets.US_ASCII));
        assertThat(f.readableBytes()).isEqualTo(8);
        assertThat((int) f.getUnsignedByte(0)).isEqualTo(0x81);
        assertThat((int) f.getUnsignedByte(1)).isEqualTo(0x82);
        assertThat(f.getInt(2)).isZero();
        assertThat(f.toString(6, 2, StandardCharsets.US_ASCII)).isEqualTo("hi");
        f.release();
    }

    @Test
    void countsOrbitRepliesAcrossChunks() throws Exception {
        String replies = "Success\r\nid: 1\r\n\r\nFailure\r\nid: 2\r\nmsg: Failed to reach one or more recipients\r\n"
                + "recipient: (bob, 0, /chat)\r\n\r\nSuccess\r\nid: 3\r\n\r\nError\r\nmsg: missing id header\r\n\r\n";
        for (int chunk = 1; chunk < 20; chunk++) {
            OrbitReplyCounter c = new OrbitReplyCounter();
            feed(c, replies.getBytes(StandardCharsets.US_ASCII), chunk);
            assertThat(new long[] {c.success(), c.failure(), c.error()}).containsExactly(2, 1, 1);
        }
    }

    @Test
    void orbitRequestIsTheReferenceBytes() {
        byte[] r = OrbitPublisher.request(7, "/bench/c0", "{\"seq\":1}".getBytes(StandardCharsets.US_ASCII));
        assertThat(new String(r, StandardCharsets.US_ASCII)).isEqualTo(
                "Orbit 1.0\r\nEvent\r\nid: 7\r\nrecipient: /bench/c0\r\nlength: 9\r\n\r\n{\"seq\":1}");
    }

    @Test
    void readsBayeuxHandshakeAndCookieFromCapturedExchange() {
        // bayeux.md section 9, CometD 8.0.9
        byte[] reply = ("[{\"minimumVersion\":\"1.0\",\"clientId\":\"o1207xsv670b0qahje0vqfuf9p\",\"supportedConnectionTypes\":"
                + "[\"long-polling\",\"callback-polling\"],\"advice\":{\"interval\":0,\"timeout\":3000,\"reconnect\":\"retry\"},"
                + "\"channel\":\"/meta/handshake\",\"id\":\"1\",\"version\":\"1.0\",\"successful\":true}]")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(BayeuxMessages.clientId(reply, reply.length)).isEqualTo("o1207xsv670b0qahje0vqfuf9p");
        assertThat(BayeuxMessages.browserCookie(List.of("BAYEUX_BROWSER=1qadb54lno5e11t7; Path=/; HttpOnly")))
                .isEqualTo("BAYEUX_BROWSER=1qadb54lno5e11t7");
        byte[] unknown = ("[{\"advice\":{\"interval\":0,\"reconnect\":\"handshake\"},\"channel\":\"/meta/connect\",\"id\":\"9\","
                + "\"error\":\"402::session_unknown\",\"successful\":false}]").getBytes(StandardCharsets.UTF_8);
        assertThat(BayeuxMessages.failed(unknown, unknown.length, "/meta/connect")).isTrue();
        byte[] delivery = "[{\"data\":{\"seq\":1},\"channel\":\"/chat/room1\"},{\"channel\":\"/meta/connect\",\"id\":\"4\",\"successful\":true}]"
                .getBytes(StandardCharsets.UTF_8);
        assertThat(BayeuxMessages.failed(delivery, delivery.length, "/meta/connect")).isFalse();
        assertThat(BayeuxMessages.hasReply(delivery, delivery.length, "/meta/connect")).isTrue();
        assertThat(new String(BayeuxMessages.publish(3, "abc", "/bench/c0", "{\"seq\":1}".getBytes(StandardCharsets.UTF_8)),
                StandardCharsets.UTF_8)).isEqualTo("[{\"id\":\"3\",\"channel\":\"/bench/c0\",\"clientId\":\"abc\",\"data\":{\"seq\":1}}]");
    }

    @Test
    void followsNchanLongPollCursorFromCapturedResponses() {
        String answered = "HTTP/1.1 200 OK\r\nServer: nginx/1.22.1\r\nDate: Mon, 03 Mar 2025 10:00:01 GMT\r\n"
                + "Content-Type: text/plain\r\nContent-Length: 15\r\nConnection: keep-alive\r\n"
                + "Last-Modified: Mon, 03 Mar 2025 10:00:01 GMT\r\nEtag: 0\r\nVary: If-None-Match, If-Modified-Since\r\n\r\n"
                + "{\"seq\":1,\"t\":2}";
        String timedOut = "HTTP/1.1 304 Not Modified\r\nServer: nginx/1.22.1\r\nConnection: keep-alive\r\n\r\n";
        EmbeddedChannel ch = new EmbeddedChannel(new HttpResponseDecoder(), new HttpObjectAggregator(1 << 16));
        ch.writeInbound(Unpooled.copiedBuffer(answered + timedOut, StandardCharsets.US_ASCII));
        NchanLongPoll cursor = new NchanLongPoll();
        assertThat(cursor.ifModifiedSince()).isNull();
        FullHttpResponse first = ch.readInbound();
        assertThat(cursor.onResponse(first.status().code(), first.headers().get(HttpHeaderNames.LAST_MODIFIED),
                first.headers().get(HttpHeaderNames.ETAG))).isEqualTo(NchanLongPoll.Next.DELIVERED_AND_POLL);
        first.release();
        assertThat(cursor.ifModifiedSince()).isEqualTo("Mon, 03 Mar 2025 10:00:01 GMT");
        assertThat(cursor.ifNoneMatch()).isEqualTo("0");
        FullHttpResponse second = ch.readInbound();
        assertThat(cursor.onResponse(second.status().code(), null, null)).isEqualTo(NchanLongPoll.Next.POLL_AGAIN);
        second.release();
        assertThat(cursor.ifModifiedSince()).isEqualTo("Mon, 03 Mar 2025 10:00:01 GMT");
        assertThat(cursor.onResponse(403, null, null)).isEqualTo(NchanLongPoll.Next.FAIL);
        assertThat(ch.finishAndReleaseAll()).isFalse();
    }

    @Test
    void readsTheFdCapFromProcLimits() {
        assertThat(ProcInfo.parseFdCap(List.of("Limit                     Soft Limit           Hard Limit           Units",
                "Max open files            20000                20000                files"))).isEqualTo(20000);
    }
}
