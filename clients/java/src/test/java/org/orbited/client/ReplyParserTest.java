package org.orbited.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplyParserTest {
    private static final String TWO = "Success\r\nid: 7\r\n\r\n"
            + "Failure\r\nid: 8\r\nmsg: Failed to reach one or more recipients\r\nrecipient: (bob, 0, /chat)\r\n"
            + "x-future: ignored\r\nrecipient: (carol, 0, /chat)\r\n\r\n";

    @Test
    void decodesWholeAndByteAtATime() {
        byte[] b = TWO.getBytes(StandardCharsets.UTF_8);
        List<Reply> whole = new ReplyParser().feed(b, 0, b.length);
        ReplyParser p = new ReplyParser();
        List<Reply> bytewise = new ArrayList<>();
        for (int i = 0; i < b.length; i++) {
            bytewise.addAll(p.feed(b, i, 1));
        }
        assertThat(bytewise).isEqualTo(whole);
        assertThat(whole).containsExactly(
                new Reply(Reply.Status.SUCCESS, "7", null, List.of()),
                new Reply(Reply.Status.FAILURE, "8", "Failed to reach one or more recipients",
                        List.of("(bob, 0, /chat)", "(carol, 0, /chat)")));
    }

    @Test
    void errorNeedsNoId() {
        byte[] b = "Error\r\nmsg: missing id header\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        assertThat(new ReplyParser().feed(b, 0, b.length))
                .containsExactly(new Reply(Reply.Status.ERROR, null, "missing id header", List.of()));
    }

    @Test
    void garbageNamesTheBytes() {
        byte[] b = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> new ReplyParser().feed(b, 0, b.length)).isInstanceOf(OrbitProtocolException.class)
                .hasMessageContaining("not Success, Failure or Error")
                .hasMessageContaining("\"HTTP/1.1 400 Bad Request\\r\\nContent-Length: 0\\r\\n\\r\\n\"");
        byte[] noId = "Success\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> new ReplyParser().feed(noId, 0, noId.length)).hasMessageContaining("without an id");
        byte[] noColon = "Success\r\nid 3\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> new ReplyParser().feed(noColon, 0, noColon.length)).hasMessageContaining("without ':'");
    }

    /** The sink gets a plain Success as the shared instance with its id as a number; odd ids as 0 (never ours). */
    @Test
    void plainSuccessComesAsANumberAndOddIdsAsZero() {
        String in = "Success\r\nid: 42\r\n\r\n" + "Success\r\nid: 007\r\n\r\n" + "Success\r\nid: abc\r\n\r\n"
                + "Success\r\nid: 5\r\nx-extra: 1\r\n\r\n" + "Failure\r\nid: 9\r\nmsg: no recipients\r\n\r\n";
        byte[] b = in.getBytes(StandardCharsets.US_ASCII);
        for (int chunk : new int[] {b.length, 1, 7}) {
            List<Long> ids = new ArrayList<>();
            List<Reply> replies = new ArrayList<>();
            ReplyParser p = new ReplyParser();
            for (int off = 0; off < b.length; off += chunk) {
                p.feed(b, off, Math.min(chunk, b.length - off), (id, r) -> {
                    ids.add(id);
                    replies.add(r);
                });
            }
            assertThat(ids).as("chunk %d", chunk).containsExactly(42L, 0L, 0L, 5L, 9L);
            assertThat(replies.get(0)).isSameAs(Reply.SUCCESS);
            assertThat(replies.get(1).id()).isEqualTo("007");
            assertThat(replies.get(3)).isEqualTo(new Reply(Reply.Status.SUCCESS, "5", null, List.of()));
            assertThat(replies.get(4).msg()).isEqualTo("no recipients");
        }
    }
}
