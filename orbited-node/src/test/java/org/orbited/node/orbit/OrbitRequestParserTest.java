package org.orbited.node.orbit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.orbited.node.orbit.RecordingSink.parse;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Well-formed input: orbit-protocol.md §2.1 examples and the tolerances of §2.2. */
class OrbitRequestParserTest {

    static final String PYORBITED = "Orbit 1.0\r\n"
            + "Event\r\n"
            + "id: 7\r\n"
            + "recipient: alice, 0, /chat\r\n"
            + "recipient: bob, 0, /chat\r\n"
            + "length: 12\r\n"
            + "\r\n"
            + "[\"msg\",\"hi\"]";

    private static OrbitRequest only(RecordingSink sink) {
        assertThat(sink.events).hasSize(1).first().isInstanceOf(OrbitRequest.class);
        return (OrbitRequest) sink.events.get(0);
    }

    @Test
    void pyorbitedSimpleClientRequest() {
        OrbitRequest r = only(parse(PYORBITED));
        assertThat(r.id()).isEqualTo("7");
        assertThat(r.recipients()).containsExactly("alice, 0, /chat", "bob, 0, /chat");
        assertThat(new String(r.body(), StandardCharsets.US_ASCII)).isEqualTo("[\"msg\",\"hi\"]");
    }

    @Test
    void twistedorbitOrderingSlashVersionAndBareLf() {
        OrbitRequest r = only(parse("Orbit/1.0\nEvent\nid: 41\nlength: 12\nrecipient: alice, 7f3a, /chat\n\n"
                + "[\"msg\",\"hi\"]"));
        assertThat(r.id()).isEqualTo("41");
        assertThat(r.recipients()).containsExactly("alice, 7f3a, /chat");
        assertThat(r.body()).hasSize(12);
    }

    @Test
    void documentationPageLinesAreAccepted() {
        OrbitRequest r = only(parse("Orbit/1.0\r\nAction: Event\r\nid: 1\r\nrecipient: a, 0, /x\r\n"
                + "length: 1\r\n\r\nX"));
        assertThat(r.id()).isEqualTo("1");
    }

    @Test
    void headerNamesAreCaseInsensitiveAndValuesTrimmed() {
        OrbitRequest r = only(parse("Orbit 1.0\r\nEvent\r\nID:   abc  \r\nRecipient:\t(alice, 0, /chat) \r\n"
                + "LENGTH:2\r\nX-Other: ignored\r\n\r\nhi"));
        assertThat(r.id()).isEqualTo("abc");
        assertThat(r.recipients()).containsExactly("(alice, 0, /chat)");
        assertThat(r.body()).containsExactly('h', 'i');
    }

    @Test
    void headerSplitsAtFirstColonOnly() {
        OrbitRequest r = only(parse("Orbit 1.0\r\nEvent\r\nid: a:b: c\r\nrecipient: /rooms/x:y\r\n"
                + "length: 0\r\n\r\n"));
        assertThat(r.id()).isEqualTo("a:b: c");
        assertThat(r.recipients()).containsExactly("/rooms/x:y");
        assertThat(r.body()).isEmpty();
    }

    @Test
    void repeatedRecipientsAreKeptInOrderWithDuplicates() {
        OrbitRequest r = only(parse("Orbit 1.0\r\nEvent\r\nrecipient: b, 0, /c\r\nid: 9\r\n"
                + "recipient: a, 0, /c\r\nrecipient: b, 0, /c\r\nlength: 0\r\n\r\n"));
        assertThat(r.recipients()).containsExactly("b, 0, /c", "a, 0, /c", "b, 0, /c");
    }

    @Test
    void theNodeHeaderOfTheClusterExtensionIsKeptAndAbsentForOldClients() {
        assertThat(only(parse(PYORBITED)).node()).isNull();
        OrbitRequest r = only(parse("Orbit/1.0\r\nEvent\r\nid: 4\r\nNode:  12 \r\nrecipient: /a\r\nnode: 12\r\n"
                + "length: 1\r\n\r\nZ"));
        assertThat(r.node()).isEqualTo("12");
        assertThat(r.recipients()).containsExactly("/a");
    }

    @Test
    void aNodeHeaderRepeatedWithAnotherValueIsMalformed() {
        RecordingSink sink = parse("Orbit/1.0\r\nEvent\r\nid: 4\r\nnode: 1\r\nnode: 2\r\nrecipient: /a\r\n"
                + "length: 1\r\n\r\nZ");
        assertThat(sink.events).singleElement().isEqualTo(new OrbitMalformed("4", OrbitErrorCode.MALFORMED_HEADER_LINE));
    }

    @Test
    void repeatedIdOrLengthWithTheSameValueIsFine() {
        OrbitRequest r = only(parse("Orbit 1.0\r\nEvent\r\nid: 5\r\nlength: 1\r\nrecipient: /a\r\n"
                + "id:5\r\nlength: 01\r\n\r\nZ"));
        assertThat(r.id()).isEqualTo("5");
        assertThat(r.body()).containsExactly('Z');
    }

    @Test
    void idIsDecodedAsLatin1AndRecipientsAsUtf8() {
        byte[] head = "Orbit 1.0\r\nEvent\r\nid: \u00e9\u00ff\r\nrecipient: j\u00fcrgen, 0, /chat\r\nlength: 0\r\n\r\n"
                .getBytes(StandardCharsets.UTF_8);
        RecordingSink sink = new RecordingSink();
        RecordingSink.parser().feed(ByteBuffer.wrap(head), sink);
        OrbitRequest r = only(sink);
        // the id's UTF-8 bytes come back one char per byte, so they echo byte-for-byte
        assertThat(r.id().getBytes(StandardCharsets.ISO_8859_1))
                .isEqualTo("\u00e9\u00ff".getBytes(StandardCharsets.UTF_8));
        assertThat(r.recipients()).containsExactly("j\u00fcrgen, 0, /chat");
    }

    @Test
    void pipelinedRequestsInOneBufferWithTrailingCrlfAndLeadingEmptyLines() {
        String second = "Orbit 1.0\r\nEvent\r\nid: 2\r\nrecipient: (alice, 0, /chat)\r\nlength: 7\r\n\r\n\"again\"";
        RecordingSink sink = parse("\r\n\n" + PYORBITED.replace("id: 7", "id: 1") + "\r\n" + second + "\r\n");
        assertThat(sink.describe()).containsExactly(
                "request 1 [alice, 0, /chat, bob, 0, /chat] [\"msg\",\"hi\"]",
                "request 2 [(alice, 0, /chat)] \"again\"");
    }

    @Test
    void bodyBytesThatLookLikeLineEndsAreCopiedUnchanged() {
        OrbitRequest r = only(parse("Orbit 1.0\r\nEvent\r\nid: 1\r\nrecipient: /a\r\nlength: 6\r\n\r\n\r\n\n\r:x"));
        assertThat(r.body()).containsExactly('\r', '\n', '\n', '\r', ':', 'x');
    }

    @Test
    void loneCrInsideALineIsContent() {
        OrbitRequest r = only(parse("Orbit 1.0\r\nEvent\r\nid: a\rb\r\r\nrecipient: /a\r\nlength: 0\r\n\r\n"));
        assertThat(r.id()).isEqualTo("a\rb");
    }

    @Test
    void maxLineBoundaryExcludesTheLineEnd() {
        String id = "x".repeat(RecordingSink.LINE - "id: ".length());
        OrbitRequest r = only(parse("Orbit 1.0\r\nEvent\r\nid: " + id + "\r\nrecipient: /a\r\nlength: 0\r\n\r\n"));
        assertThat(r.id()).isEqualTo(id);
    }

    @Test
    void maxHeadersAndMaxBodyBoundariesAreAccepted() {
        StringBuilder wire = new StringBuilder("Orbit 1.0\r\nEvent\r\nid: 1\r\nrecipient: /a\r\n");
        wire.append("length: ").append(RecordingSink.BODY).append("\r\n");
        for (int i = 0; i < RecordingSink.HEADERS - 4; i++) { // 3 before, 1 after: exactly HEADERS
            wire.append("x-pad: ").append(i).append("\r\n");
        }
        wire.append("recipient: /b\r\n\r\n").append("b".repeat(RecordingSink.BODY));
        OrbitRequest r = only(parse(wire.toString()));
        assertThat(r.recipients()).containsExactly("/a", "/b");
        assertThat(r.body()).hasSize(RecordingSink.BODY);
    }

    @Test
    void requestSplitAcrossFeedsWaitsForTheWholeBody() {
        OrbitRequestParser p = RecordingSink.parser();
        RecordingSink sink = new RecordingSink();
        byte[] bytes = PYORBITED.getBytes(StandardCharsets.US_ASCII);
        p.feed(ByteBuffer.wrap(bytes, 0, bytes.length - 1), sink);
        assertThat(sink.events).isEmpty();
        p.feed(ByteBuffer.wrap(bytes, bytes.length - 1, 1), sink);
        assertThat(sink.events).hasSize(1);
    }

    @Test
    void rejectsNonsenseLimits() {
        assertThatThrownBy(() -> new OrbitRequestParser(0, 1, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxLine=0");
    }

    @Test
    void requestRecordCopiesRecipientsAndHidesTheBodyInToString() {
        List<String> raw = new java.util.ArrayList<>(List.of("/a"));
        OrbitRequest r = new OrbitRequest("1", raw, new byte[3]);
        raw.add("/b");
        assertThat(r.recipients()).containsExactly("/a");
        assertThat(r.toString()).contains("3 bytes");
    }
}
