package org.orbited.node.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The allocation-free UTF-8 check agrees with the JDK's strict decoder. */
class EventUtf8Test {
    private static boolean jdk(byte[] b) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    @Test
    void agreesWithTheJdkOnEdgeCasesAndRandomBytes() {
        String[] hex = {"", "41", "c280", "c1bf", "c0af", "e0a080", "e09f80", "eda080", "edbfbf", "ee8080", "efbfbf",
                "f0908080", "f08f8080", "f48fbfbf", "f4908080", "f5808080", "ff", "80", "c2", "e0a0", "f09080",
                "e282ac41", "41c3", "c3a9c3a9", "fe", "f8888080"};
        for (String h : hex) {
            byte[] b = java.util.HexFormat.of().parseHex(h);
            assertThat(Event.wellFormedUtf8(b)).as(h).isEqualTo(jdk(b));
        }
        Random r = new Random(42);
        for (int i = 0; i < 200_000; i++) {
            byte[] b = new byte[r.nextInt(8)];
            r.nextBytes(b);
            if (r.nextBoolean()) {
                for (int k = 0; k < b.length; k++) {
                    b[k] = (byte) (0x80 | (b[k] & 0x7f)); // mostly continuation and lead bytes
                }
                if (b.length > 0) {
                    b[0] = (byte) (0xc0 + r.nextInt(0x40));
                }
            }
            assertThat(Event.wellFormedUtf8(b)).as(java.util.HexFormat.of().formatHex(b)).isEqualTo(jdk(b));
        }
    }
}
