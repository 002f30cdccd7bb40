package org.orbited.node.orbit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Byte-exact replies of orbit-protocol.md §2.1/§2.2. */
class OrbitRepliesTest {

    private static String ascii(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    @Test
    void success() {
        assertThat(ascii(OrbitReplies.success("7"))).isEqualTo("Success\r\nid: 7\r\n\r\n");
    }

    @Test
    void deliveryFailureListsFormsInGivenOrder() {
        assertThat(ascii(OrbitReplies.failure("7", List.of("(bob, 0, /chat)", "(x)"))))
                .isEqualTo("Failure\r\nid: 7\r\nmsg: Failed to reach one or more recipients\r\n"
                        + "recipient: (bob, 0, /chat)\r\nrecipient: (x)\r\n\r\n");
    }

    @Test
    void failureFormsAreUtf8() {
        byte[] reply = OrbitReplies.failure("1", List.of("(j\u00fcrgen, 0, /c)"));
        assertThat(new String(reply, StandardCharsets.UTF_8)).contains("recipient: (j\u00fcrgen, 0, /c)\r\n");
    }

    @Test
    void malformedWithIdAndErrorWithout() {
        assertThat(ascii(OrbitReplies.malformed("9", OrbitErrorCode.NO_RECIPIENTS)))
                .isEqualTo("Failure\r\nid: 9\r\nmsg: no recipients\r\n\r\n");
        assertThat(ascii(OrbitReplies.error(OrbitErrorCode.MISSING_ID)))
                .isEqualTo("Error\r\nmsg: missing id header\r\n\r\n");
        assertThat(ascii(OrbitReplies.forMalformed(new OrbitMalformed(null, OrbitErrorCode.LINE_TOO_LONG))))
                .isEqualTo("Error\r\nmsg: line exceeds op.max_line\r\n\r\n");
        assertThat(ascii(OrbitReplies.forMalformed(new OrbitMalformed("x", OrbitErrorCode.BODY_TOO_LARGE))))
                .isEqualTo("Failure\r\nid: x\r\nmsg: body exceeds op.max_body\r\n\r\n");
    }

    @Test
    void idIsEchoedByteForByte() {
        byte[] raw = {'a', (byte) 0xc3, (byte) 0xa9, (byte) 0xff};
        String id = new String(raw, StandardCharsets.ISO_8859_1);
        byte[] reply = OrbitReplies.success(id);
        byte[] expected = new byte[reply.length];
        System.arraycopy("Success\r\nid: ".getBytes(StandardCharsets.US_ASCII), 0, expected, 0, 13);
        System.arraycopy(raw, 0, expected, 13, raw.length);
        System.arraycopy("\r\n\r\n".getBytes(StandardCharsets.US_ASCII), 0, expected, 13 + raw.length, 4);
        assertThat(reply).isEqualTo(expected);
    }
}
