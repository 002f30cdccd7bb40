package org.orbited.node.http.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WebSocketKeyCheckTest {
    @Test
    void version13WithTheRfcSampleKeyPasses() {
        assertThat(WebSocketKeyCheck.check("13", "dGhlIHNhbXBsZSBub25jZQ==")).isNull();
        assertThat(WebSocketKeyCheck.check(" 13 ", " dGhlIHNhbXBsZSBub25jZQ== ")).isNull();
        assertThat(WebSocketKeyCheck.check("13", Base64.getEncoder().encodeToString(new byte[16]))).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "0", "7", "8", "12", "14", "13, 8", "thirteen"})
    void anyVersionButThirteenIsUnsupported(String version) {
        assertThat(WebSocketKeyCheck.check(version, "dGhlIHNhbXBsZSBub25jZQ=="))
                .isEqualTo(WebSocketKeyCheck.Problem.UNSUPPORTED_VERSION);
    }

    @Test
    void noVersionIsUnsupportedEvenWithoutAKey() {
        assertThat(WebSocketKeyCheck.check(null, null)).isEqualTo(WebSocketKeyCheck.Problem.UNSUPPORTED_VERSION);
    }

    @Test
    void noKeyIsMissing() {
        assertThat(WebSocketKeyCheck.check("13", null)).isEqualTo(WebSocketKeyCheck.Problem.MISSING_KEY);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "dGhlIHNhbXBsZSBub25jZQ", "dGhlIHNhbXBsZSBub25jZSE=", "dGhlIHNhbXBsZSBub25jZSEh",
            "!!!!!!!!!!!!!!!!!!!!!!==", "dGhlIHNhbXBsZSBub25j ZQ==", "dGhlIHNhbXBsZSBub25jZQ==dGhl"})
    void aKeyThatIsNotSixteenBytesInBase64IsBad(String key) {
        assertThat(WebSocketKeyCheck.check("13", key)).isEqualTo(WebSocketKeyCheck.Problem.BAD_KEY);
    }
}
