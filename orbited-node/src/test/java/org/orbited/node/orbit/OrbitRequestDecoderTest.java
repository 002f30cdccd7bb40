package org.orbited.node.orbit;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link OrbitRequestDecoder} on an {@link EmbeddedChannel}, fed whole and one byte at a time. */
class OrbitRequestDecoderTest {
    static final String ONE = "Orbit 1.0\r\nEvent\r\nid: 1\r\nrecipient: alice, 0, /chat\r\n"
            + "recipient: bob, 0, /chat\r\nlength: 12\r\n\r\n[\"msg\",\"hi\"]";
    static final String TWO = "Orbit 1.0\r\nEvent\r\nid: 2\r\nrecipient: (alice, 0, /chat)\r\nlength: 7\r\n\r\n\"again\"";
    static final String NO_RECIPIENTS = "Orbit 1.0\r\nEvent\r\nid: 3\r\nlength: 0\r\n\r\n";
    static final String NO_LENGTH = "Orbit 1.0\r\nEvent\r\nid: 4\r\nrecipient: /a\r\n\r\n";

    private static EmbeddedChannel channel() {
        return new EmbeddedChannel(new OrbitRequestDecoder(128, 16, 64));
    }

    /** Writes {@code wire} whole or byte by byte, checks every buffer was released, returns the output. */
    static List<Object> decode(EmbeddedChannel ch, String wire, boolean byteByByte) {
        byte[] bytes = wire.getBytes(StandardCharsets.ISO_8859_1);
        List<ByteBuf> written = new ArrayList<>();
        if (byteByByte) {
            for (byte b : bytes) {
                ByteBuf buf = Unpooled.directBuffer(1).writeByte(b);
                written.add(buf);
                ch.writeInbound(buf);
            }
        } else {
            ByteBuf buf = Unpooled.copiedBuffer(bytes);
            written.add(buf);
            ch.writeInbound(buf);
        }
        assertThat(written).allSatisfy(b -> assertThat(b.refCnt()).isZero());
        List<Object> out = new ArrayList<>();
        for (Object m; (m = ch.readInbound()) != null; ) {
            if (m != OrbitRequestDecoder.REQUEST_STARTED) {
                out.add(m);
            }
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void pipelinedRequestsComeOutInOrder(boolean byteByByte) {
        EmbeddedChannel ch = channel();
        List<Object> out = decode(ch, ONE + "\r\n" + TWO, byteByByte);
        assertThat(out).hasSize(2);
        assertThat(((OrbitRequest) out.get(0)).id()).isEqualTo("1");
        assertThat(((OrbitRequest) out.get(0)).recipients()).containsExactly("alice, 0, /chat", "bob, 0, /chat");
        assertThat(new String(((OrbitRequest) out.get(1)).body(), StandardCharsets.US_ASCII)).isEqualTo("\"again\"");
        assertThat(ch.finish()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void recoverableMalformedRequestIsFollowedByTheNextRequest(boolean byteByByte) {
        EmbeddedChannel ch = channel();
        List<Object> out = decode(ch, NO_RECIPIENTS + TWO, byteByByte);
        assertThat(out).hasSize(2);
        assertThat(out.get(0)).isEqualTo(new OrbitMalformed("3", OrbitErrorCode.NO_RECIPIENTS));
        assertThat(((OrbitRequest) out.get(1)).id()).isEqualTo("2");
        assertThat(ch.finish()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void afterAClosingErrorLaterBytesAreReleasedAndIgnored(boolean byteByByte) {
        EmbeddedChannel ch = channel();
        assertThat(decode(ch, NO_LENGTH + "body" + ONE, byteByByte))
                .containsExactly(new OrbitMalformed("4", OrbitErrorCode.INVALID_LENGTH));
        assertThat(decode(ch, TWO, byteByByte)).isEmpty();
        assertThat(ch.finish()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void lineTooLongIsReportedWithoutAWholeLine(boolean byteByByte) {
        EmbeddedChannel ch = channel();
        assertThat(decode(ch, "x".repeat(129), byteByByte))
                .containsExactly(new OrbitMalformed(null, OrbitErrorCode.LINE_TOO_LONG));
        assertThat(ch.finish()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void compositeBuffersSpanningRequestsAreDecoded(boolean withEmptyComponent) {
        EmbeddedChannel ch = channel();
        String wire = ONE + TWO;
        int cut = ONE.length() - 3;
        CompositeByteBuf composite = Unpooled.compositeBuffer();
        composite.addComponent(true, Unpooled.copiedBuffer(wire.substring(0, cut), StandardCharsets.US_ASCII));
        if (withEmptyComponent) {
            composite.addComponent(true, Unpooled.directBuffer(0));
        }
        composite.addComponent(true, Unpooled.copiedBuffer(wire.substring(cut), StandardCharsets.US_ASCII));
        ch.writeInbound(composite);
        assertThat(composite.refCnt()).isZero();
        List<Object> out = new ArrayList<>();
        for (Object m; (m = ch.readInbound()) != null; ) {
            if (m != OrbitRequestDecoder.REQUEST_STARTED) {
                out.add(m);
            }
        }
        assertThat(out).extracting(m -> ((OrbitRequest) m).id()).containsExactly("1", "2");
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void otherMessagesPassThrough() {
        EmbeddedChannel ch = channel();
        ch.writeInbound("not bytes");
        assertThat((Object) ch.readInbound()).isEqualTo("not bytes");
        assertThat(ch.finish()).isFalse();
    }
}
