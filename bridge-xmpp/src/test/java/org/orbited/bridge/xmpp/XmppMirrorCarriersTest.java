package org.orbited.bridge.xmpp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.orbited.bridge.common.OptionReader;
import org.orbited.bridge.common.mirror.MirrorCodec;
import org.orbited.bridge.common.mirror.MirrorOptions;

/** The XMPP rules of the shared mirror options, and one frame per message body. */
class XmppMirrorCarriersTest {
    static final String SECRET = "carriers-test-secret-0123456789abcdef";

    static MirrorOptions parse(String... pairs) {
        Map<String, String> m = new HashMap<>(Map.of("mirror", "/chat/**", "mirror.secret", SECRET));
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return MirrorOptions.parse(new OptionReader("xmpp", m), k -> null, XmppMirrorCarriers.INSTANCE);
    }

    @Test
    void thePrefixIsALowerCaseRoomLocalpartPrefixWithTheXmppDefault() {
        assertThat(parse().prefix()).isEqualTo("orbited-mirror-");
        assertThat(parse("mirror.prefix", "backbone.").prefix()).isEqualTo("backbone.");
        assertThatThrownBy(() -> parse("mirror.prefix", "Backbone-")).hasMessageContaining("[plugin:xmpp] mirror.prefix")
                .hasMessageContaining("lower case");
        assertThatThrownBy(() -> parse("mirror.prefix", "a@b")).hasMessageContaining("[plugin:xmpp] mirror.prefix");
    }

    @Test
    void theKeyIsARoomPasswordOfPrintableCharacters() {
        assertThat(parse("mirror.key", "s3cret room pässword 😀").key()).isEqualTo("s3cret room pässword 😀");
        assertThatThrownBy(() -> parse("mirror.key", "a\u0001b")).hasMessageContaining("[plugin:xmpp] mirror.key")
                .hasMessageContaining("U+0001");
        assertThatThrownBy(() -> parse("mirror.key", "a\uFFFFb")).hasMessageContaining("U+FFFF");
        assertThatThrownBy(() -> parse("mirror.key", "x".repeat(257))).hasMessageContaining("1 to 256");
    }

    @Test
    void theLargestMessageIsOneBodyAndNonXmlCharactersAreEscaped() throws Exception {
        MirrorOptions o = parse("mirror.max_bytes", "65536");
        String json = MirrorCodec.toJson(new ObjectMapper().readTree(
                "{\"t\":\"" + "é".repeat(32_000) + "\\ufffe\\uffff\"}"));
        assertThat(json).contains("\\ufffe").contains("\\uffff").doesNotContain("\uFFFE").doesNotContain("\uFFFF");
        List<String> frames = new MirrorCodec(SECRET.getBytes(StandardCharsets.UTF_8), XmppMirrorCarriers.INSTANCE)
                .encode("orbited-mirror-abcdefghijklmnop", "abcdefghijklmnop", 1, System.currentTimeMillis(),
                        "/chat/" + "x".repeat(240), json, "bridge");
        assertThat(frames).hasSize(1);
        assertThat(frames.get(0).getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(
                XmppMirrorCarriers.FRAME_BYTES).isLessThan(256 * 1024);
        assertThat(o.queue()).isGreaterThanOrEqualTo(1000);
    }
}
