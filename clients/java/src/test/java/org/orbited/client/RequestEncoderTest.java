package org.orbited.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestEncoderTest {
    private static String text(RequestEncoder e) {
        return new String(Arrays.copyOf(e.array(), e.length()), StandardCharsets.UTF_8);
    }

    @Test
    void writesRequestsBackToBackAsTheProtocolSpells() {
        RequestEncoder e = new RequestEncoder(8); // tiny: every request makes it grow
        e.event(1, List.of(Key.of("alice", "0", "/chat"), Channel.of("/rooms/lobby")), "[\"hi\"]".getBytes(StandardCharsets.UTF_8), 0);
        e.event(1234567890123L, List.of(Key.of("bøb", "s é", "/ch")), "é".getBytes(StandardCharsets.UTF_8), 7);
        e.event(10, List.of(Channel.of("/x")), new byte[0], 0);
        assertThat(text(e)).isEqualTo(
                "Orbit/1.0\r\nEvent\r\nid: 1\r\nrecipient: alice, 0, /chat\r\nrecipient: /rooms/lobby\r\nlength: 6\r\n\r\n[\"hi\"]"
                + "Orbit/1.0\r\nEvent\r\nid: 1234567890123\r\nnode: 7\r\nrecipient: bøb, s é, /ch\r\nlength: 2\r\n\r\né"
                + "Orbit/1.0\r\nEvent\r\nid: 10\r\nrecipient: /x\r\nlength: 0\r\n\r\n");
    }

    @Test
    void clearKeepsASmallArrayAndDropsAGrownOne() {
        RequestEncoder e = new RequestEncoder(64);
        byte[] big = new byte[1000];
        e.event(1, List.of(Channel.of("/a")), big, 0);
        assertThat(e.array().length).isGreaterThan(1000);
        e.clear(256);
        assertThat(e.length()).isZero();
        assertThat(e.array().length).isEqualTo(256);
        e.event(2, List.of(Channel.of("/a")), new byte[3], 0);
        assertThat(text(e)).startsWith("Orbit/1.0\r\nEvent\r\nid: 2\r\n");
    }
}
