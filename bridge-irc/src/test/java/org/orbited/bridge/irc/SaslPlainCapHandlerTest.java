package org.orbited.bridge.irc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The AUTHENTICATE payload we produce ourselves (IRCv3 SASL 3.1): PLAIN fields, base64, 400-byte chunks. */
class SaslPlainCapHandlerTest {
    @Test
    void aShortPayloadIsOneLineOfBase64OfTheThreeNulSeparatedFields() {
        List<String> lines = SaslPlainCapHandler.authenticateLines("bridge", "bridge", "s3cret pass");
        assertThat(lines).containsExactly("AUTHENTICATE " + Base64.getEncoder()
                .encodeToString("bridge\0bridge\0s3cret pass".getBytes(StandardCharsets.UTF_8)));
        assertThat(lines.get(0)).isEqualTo("AUTHENTICATE YnJpZGdlAGJyaWRnZQBzM2NyZXQgcGFzcw==");
    }

    @Test
    void aLongPayloadIsChunkedAt400AndAnExact400ChunkIsFollowedByAPlus() {
        // 2 + 1 + 1 + 1 + 295 = 300 bytes -> exactly 400 base64 characters
        List<String> exact = SaslPlainCapHandler.authenticateLines("", "u", "p".repeat(297));
        assertThat(exact).hasSize(2);
        assertThat(exact.get(0)).hasSize("AUTHENTICATE ".length() + 400);
        assertThat(exact.get(1)).isEqualTo("AUTHENTICATE +");

        String password = "é".repeat(200);  // 400 UTF-8 bytes
        List<String> lines = SaslPlainCapHandler.authenticateLines("user", "user", password);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).hasSize("AUTHENTICATE ".length() + 400);
        assertThat(lines.get(1)).doesNotContain("+").hasSizeLessThan("AUTHENTICATE ".length() + 400);
        String joined = lines.stream().map(l -> l.substring("AUTHENTICATE ".length())).reduce("", String::concat);
        assertThat(new String(Base64.getDecoder().decode(joined), StandardCharsets.UTF_8))
                .isEqualTo("user\0user\0" + password);
        assertThat(lines).allSatisfy(l -> assertThat(l).doesNotContain("\r", "\n", "\0"));
    }
}
