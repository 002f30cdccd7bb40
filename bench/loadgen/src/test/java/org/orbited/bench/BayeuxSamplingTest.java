package org.orbited.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Both Bayeux subscribers take latency samples from deliveries whose keys the server re-ordered (CometD writes
 * {@code "seq"} last), and still count every delivery.
 */
class BayeuxSamplingTest {
    private static final Endpoints EP = new Endpoints(Server.cometd, "127.0.0.1", 8080, 9000, "/bench", "/cometd",
            "/sub/{channel}", "/pub/{channel}", "/bench/c{k}");
    private static final String HANDSHAKE = "[{\"minimumVersion\":\"1.0\",\"clientId\":\"c1\",\"supportedConnectionTypes\":"
            + "[\"long-polling\"],\"channel\":\"/meta/handshake\",\"id\":\"1\",\"version\":\"1.0\",\"successful\":true}]";
    private static final String SUBSCRIBED = "[{\"channel\":\"/meta/subscribe\",\"id\":\"2\",\"subscription\":\"/bench/c0\","
            + "\"successful\":true}]";
    private static final String CONNECTED = "[{\"advice\":{\"interval\":0,\"timeout\":30000,\"reconnect\":\"retry\"},"
            + "\"channel\":\"/meta/connect\",\"id\":\"3\",\"successful\":true}]";
    /** CometD 8.0.9's order (captured, see TimingFieldScannerTest), two deliveries riding a connect reply. */
    private static final String DELIVERIES = "[{\"data\":{\"p\":\"xxxx\",\"t\":1000,\"seq\":1},\"channel\":\"/bench/c0\"},"
            + "{\"data\":{\"p\":\"xxxx\",\"t\":2000,\"seq\":2},\"channel\":\"/bench/c0\"},"
            + "{\"channel\":\"/meta/connect\",\"id\":\"4\",\"successful\":true}]";

    private final Tally tally = new Tally();
    private final List<String> samples = new ArrayList<>();
    private final DeliveryScanner scanner = new DeliveryScanner((seq, t) -> samples.add(seq + "/" + t));

    private static FullHttpResponse ok(String body) {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json;charset=utf-8");
        return r;
    }

    @Test
    void longPollingSamplesCometdOrderedDeliveries() {
        EmbeddedChannel ch = new EmbeddedChannel(new BayeuxLongPollSubscriber(tally, scanner, EP, "/bench/c0", null));
        FullHttpResponse hs = ok(HANDSHAKE);
        hs.headers().add(HttpHeaderNames.SET_COOKIE, "BAYEUX_BROWSER=b1; Path=/; HttpOnly");
        ch.writeInbound(hs, ok(SUBSCRIBED), ok(CONNECTED), ok(DELIVERIES));

        assertThat(tally.errorsCopy()).isEmpty();
        assertThat(tally.establishedCount()).isEqualTo(1);
        assertThat(tally.deliveriesCount()).isEqualTo(2);
        assertThat(samples).containsExactly("1/1000", "2/2000");
        releaseOutbound(ch, 5); // handshake, subscribe, two connects, and the connect after the deliveries
        assertThat(ch.finishAndReleaseAll()).isFalse();
    }

    @Test
    void webSocketSamplesReorderedDeliveriesSplitAcrossReads() {
        EmbeddedChannel ch = new EmbeddedChannel(new BayeuxWebSocketSubscriber(tally, scanner, EP, "/bench/c0"));
        ByteBuf in = Unpooled.buffer();
        in.writeCharSequence("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n", StandardCharsets.US_ASCII);
        for (String text : List.of(HANDSHAKE, SUBSCRIBED, CONNECTED,
                "[{\"channel\":\"/bench/c0\",\"data\":{\"t\" : 1000, \"p\":\"xxxx\", \"seq\" : 1}}]",
                "[{\"data\":{\"p\":\"xxxx\",\"t\":2000,\"seq\":2},\"channel\":\"/bench/c0\"}]")) {
            byte[] payload = text.getBytes(StandardCharsets.UTF_8);
            in.writeByte(0x81).writeByte(payload.length < 126 ? payload.length : 126);
            if (payload.length >= 126) {
                in.writeShort(payload.length);
            }
            in.writeBytes(payload);
        }
        while (in.isReadable()) { // 7 bytes a read, so fields and frames straddle reads
            ch.writeInbound(in.readRetainedSlice(Math.min(7, in.readableBytes())));
        }
        in.release();

        assertThat(tally.errorsCopy()).isEmpty();
        assertThat(tally.establishedCount()).isEqualTo(1);
        assertThat(tally.deliveriesCount()).isEqualTo(2);
        assertThat(samples).containsExactly("1/1000", "2/2000");
        assertThat(ch.finishAndReleaseAll()).isTrue(); // the upgrade request and the Bayeux frames written
    }

    private static void releaseOutbound(EmbeddedChannel ch, int expected) {
        int n = 0;
        for (Object m; (m = ch.readOutbound()) != null; n++) {
            ReferenceCountUtil.release(m);
        }
        assertThat(n).isEqualTo(expected);
    }
}
