package org.orbited.bridge.irc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.orbited.bridge.irc.ChannelRefusedException.Refusal;
import org.orbited.plugin.ChannelId;

class ChannelMappingTest {
    private final ChannelMapping mapping = new ChannelMapping("libera", CaseMapping.RFC1459,
            List.of("#help", "#Chat-*", "#room?"));

    @Test
    void ircChannelMapsToTheEscapedFoldedBayeuxChannelAndBack() throws Exception {
        ChannelId id = mapping.toBayeux("#Help");
        assertThat(id.name()).isEqualTo("/irc/libera/$23help");
        assertThat(mapping.toIrc(id)).isEqualTo("#help");
        assertThat(mapping.toBayeux("#chat-caf\u00E9").name()).isEqualTo("/irc/libera/$23chat-caf$C3$A9");
        assertThat(mapping.toIrc(ChannelId.parse("/irc/libera/$23chat-caf$C3$A9"))).isEqualTo("#chat-caf\u00E9");
    }

    @Test
    void rfc1459FoldsBracketsAndTilde() {
        assertThat(CaseMapping.RFC1459.fold("#A[B]\\~")).isEqualTo("#a{b}|^");
        assertThat(CaseMapping.STRICT_RFC1459.fold("#A[B]\\~")).isEqualTo("#a{b}|~");
        assertThat(CaseMapping.ASCII.fold("#A[B]\\~\u00C9")).isEqualTo("#a[b]\\~\u00C9");
        assertThat(CaseMapping.known("ascii")).contains(CaseMapping.ASCII);
        assertThat(CaseMapping.known("STRICT-RFC1459")).contains(CaseMapping.STRICT_RFC1459);
        assertThat(CaseMapping.known("rfc8265")).isEmpty();
    }

    @Test
    void allowlistMatchesCaseInsensitivelyWithGlobs() {
        assertThat(mapping.isAllowed("#HELP")).isTrue();
        assertThat(mapping.isAllowed("#chat-anything")).isTrue();
        assertThat(mapping.isAllowed("#CHAT-")).isTrue();
        assertThat(mapping.isAllowed("#room1")).isTrue();
        assertThat(mapping.isAllowed("#room12")).isFalse();
        assertThat(mapping.isAllowed("#helpers")).isFalse();
        assertThat(mapping.isAllowed("#other")).isFalse();
        assertThat(new ChannelMapping("n", CaseMapping.ASCII, List.of()).isAllowed("#help")).isFalse();
    }

    @Test
    void refusalsSayWhy() {
        assertRefused("/chat/room", Refusal.NOT_AN_IRC_CHANNEL);
        assertRefused("/irc/libera", Refusal.NOT_AN_IRC_CHANNEL);
        assertRefused("/irc/libera/*", Refusal.NOT_AN_IRC_CHANNEL);
        assertRefused("/irc/libera/$23help/x", Refusal.NOT_AN_IRC_CHANNEL);
        assertRefused("/irc/oftc/$23help", Refusal.OTHER_NETWORK);
        assertRefused("/irc/libera/$23$68elp", Refusal.BAD_ESCAPE);
        assertRefused("/irc/libera/$23Help", Refusal.NOT_CANONICAL);
        assertRefused("/irc/libera/help", Refusal.INVALID_NAME);
        assertRefused("/irc/libera/$23a$2Cb", Refusal.INVALID_NAME);
        assertRefused("/irc/libera/$23a$07b", Refusal.INVALID_NAME);
        assertRefused("/irc/libera/$23other", Refusal.NOT_ALLOWED);
    }

    @Test
    void invalidNamesAndNetworksAreRefusedUpFront() {
        assertThat(ChannelMapping.invalidity("#ok")).isNull();
        assertThat(ChannelMapping.invalidity("#")).contains("nothing after");
        assertThat(ChannelMapping.invalidity("#a b")).contains("U+0020");
        assertThat(ChannelMapping.invalidity("#" + "x".repeat(50))).contains("longer than 50");
        assertThat(ChannelMapping.invalidity("#\uD83D\uDE00")).isNull();
        assertThat(ChannelMapping.invalidity("#\uD83D")).contains("U+D83D");
        assertThatThrownBy(() -> mapping.toBayeux("nohash")).hasMessageContaining("must start with");
        assertThatThrownBy(() -> new ChannelMapping("irc.example.org", CaseMapping.ASCII, List.of()))
                .hasMessageContaining("irc.example.org");
        assertThatThrownBy(() -> new ChannelMapping("n", CaseMapping.ASCII, List.of("help")))
                .hasMessageContaining("allowlist entry 'help'");
    }

    private void assertRefused(String channel, Refusal refusal) {
        assertThatThrownBy(() -> mapping.toIrc(ChannelId.parse(channel)))
                .isInstanceOfSatisfying(ChannelRefusedException.class, e -> {
                    assertThat(e.refusal()).isEqualTo(refusal);
                    assertThat(e.getMessage()).contains(channel);
                });
    }
}
