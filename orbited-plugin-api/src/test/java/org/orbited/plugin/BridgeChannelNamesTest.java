package org.orbited.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class BridgeChannelNamesTest {

    /** The table of section 10.1. */
    @ParameterizedTest
    @CsvSource({
        "#orbited, /irc/libera/$23orbited",
        "##java, /irc/libera/$23$23java",
        "&local, /irc/libera/$26local",
        "#c++, /irc/libera/$23c$2B$2B",
        "#a$b, /irc/libera/$23a$24b",
        "#café, /irc/libera/$23caf$C3$A9"})
    void ircExamplesOfTheReference(String channel, String expected) {
        assertThat(BridgeChannelNames.ircChannel("libera", channel).name()).isEqualTo(expected);
        String segment = expected.substring("/irc/libera/".length());
        assertThat(BridgeChannelNames.unescape(segment)).isEqualTo(channel);
    }

    @ParameterizedTest
    @CsvSource({
        "conference.jabber.org, jdev, /xmpp/conference$2Ejabber$2Eorg/jdev",
        "muc.example.org, dev.team, /xmpp/muc$2Eexample$2Eorg/dev$2Eteam"})
    void xmppExamplesOfTheReference(String service, String room, String expected) {
        assertThat(BridgeChannelNames.xmppRoom(service, room).name()).isEqualTo(expected);
    }

    /** Every special character section 10.1 names, and the other IRC prefixes. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "#|$23", "&|$26", "+|$2B", "!|!", ".|$2E", ":|$3A", "$|$24", "%|$25", "/|$2F", "*|$2A", "**|$2A$2A",
        "' '|$20", "[|$5B", "]|$5D", "\\|$5C", "~|~", "{|$7B", "}|$7D", "^|$5E", "é|$C3$A9", "😀|$F0$9F$98$80",
        "@|@", "-_()|-_()", "Az09|Az09", ",|$2C", "\"|$22"})
    void escapesEachSpecialCharacter(String name, String escaped) {
        assertThat(BridgeChannelNames.escape(name)).isEqualTo(escaped);
        assertThat(BridgeChannelNames.unescape(escaped)).isEqualTo(name);
        assertThat(ChannelId.isValidSegment(escaped)).isTrue();
    }

    @Test
    void controlCharactersAreEscapedToo() {
        assertThat(BridgeChannelNames.escape("a\u0000\u0007\n\u007f")).isEqualTo("a$00$07$0A$7F");
        assertThat(BridgeChannelNames.unescape("a$00$07$0A$7F")).isEqualTo("a\u0000\u0007\n\u007f");
    }

    @Test
    void anEscapedWildcardIsNoWildcard() {
        ChannelId id = BridgeChannelNames.ircChannel("libera", "*");
        assertThat(id.isWildcard()).isFalse();
        assertThat(ChannelId.parse("/irc/libera/*").matches(id)).isTrue();
        assertThat(ChannelId.parse("/irc/**").matches(BridgeChannelNames.ircChannel("oftc", "#x"))).isTrue();
        assertThat(ChannelId.parse("/xmpp/conference$2Ejabber$2Eorg/*")
                .matches(BridgeChannelNames.xmppRoom("conference.jabber.org", "jdev"))).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "$2b|uppercase hex",
        "$a9|uppercase hex",
        "$2|truncated escape",
        "$|truncated escape",
        "ab$|truncated escape",
        "$G0|uppercase hex",
        "$41|escape of 'A'",
        "$7E|escape of '~'",
        "$40|escape of '@'",
        "a.b|character '.' must be escaped",
        "a b|character ' ' must be escaped",
        "é|character 'é' must be escaped",
        "*|character '*' must be escaped",
        "$C3|not UTF-8",
        "$C3$28|escape of '('",
        "$C3$2E|not UTF-8",
        "$FF|not UTF-8",
        "$ED$A0$80|not UTF-8",
        "$C0$AF|not UTF-8"})
    void unescapeRejectsNonCanonicalInput(String segment, String reason) {
        assertThatThrownBy(() -> BridgeChannelNames.unescape(segment))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + segment + "'")
                .hasMessageContaining(reason);
    }

    @Test
    void emptyAndBrokenNamesAreErrors() {
        assertThatThrownBy(() -> BridgeChannelNames.escape("")).hasMessageContaining("must not be empty");
        assertThatThrownBy(() -> BridgeChannelNames.escape(null)).hasMessageContaining("must not be empty");
        assertThatThrownBy(() -> BridgeChannelNames.unescape("")).hasMessageContaining("must not be empty");
        assertThatThrownBy(() -> BridgeChannelNames.escape("a\uD800b")).hasMessageContaining("lone surrogate at offset 1");
        assertThatThrownBy(() -> BridgeChannelNames.escape("a\uDC00")).hasMessageContaining("lone surrogate");
        assertThatThrownBy(() -> BridgeChannelNames.ircChannel("libera", "")).hasMessageContaining("empty");
    }

    /** Property: for many generated names, the round trip holds and the segment is always valid. */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 42, 1234567})
    void roundTripOverGeneratedNames(long seed) {
        Random random = new Random(seed);
        String alphabet = "#&+!.:$%/*@-_~()[]\\{}|^ ,\"'aZ09\u00e9\u00df\u4e2d\u0000\u007f";
        for (int n = 0; n < 2000; n++) {
            StringBuilder name = new StringBuilder();
            int length = 1 + random.nextInt(20);
            for (int i = 0; i < length; i++) {
                int pick = random.nextInt(4);
                if (pick == 0) {
                    name.appendCodePoint(1 + random.nextInt(0x7f));            // any ASCII
                } else if (pick == 1) {
                    int cp = random.nextInt(0x10FFFF + 1);
                    if (cp >= 0xD800 && cp <= 0xDFFF) {
                        cp = 0x1F600;                                           // no lone surrogates
                    }
                    name.appendCodePoint(cp);
                } else {
                    name.append(alphabet.charAt(random.nextInt(alphabet.length())));
                }
            }
            String s = name.toString();
            String escaped = BridgeChannelNames.escape(s);
            assertThat(ChannelId.isValidSegment(escaped)).as("segment for %s", escaped).isTrue();
            assertThat(escaped).isNotIn("*", "**");
            assertThat(BridgeChannelNames.unescape(escaped)).isEqualTo(s);
            assertThat(ChannelId.parse("/irc/net/" + escaped).depth()).isEqualTo(3);
        }
    }

    /** Property the other way: every accepted segment re-escapes to itself (canonical form is unique). */
    @ParameterizedTest
    @ValueSource(longs = {7, 8, 9})
    void acceptedSegmentsAreCanonical(long seed) {
        Random random = new Random(seed);
        String pieces = "aZ9-_!~()@$";
        String hex = "0123456789ABCDEFabcdef";
        int accepted = 0;
        for (int n = 0; n < 5000; n++) {
            StringBuilder seg = new StringBuilder();
            int length = 1 + random.nextInt(12);
            for (int i = 0; i < length; i++) {
                char c = pieces.charAt(random.nextInt(pieces.length()));
                seg.append(c);
                if (c == '$' && random.nextInt(8) != 0) {
                    seg.append(hex.charAt(random.nextInt(hex.length()))).append(hex.charAt(random.nextInt(hex.length())));
                }
            }
            String s = seg.toString();
            String unescaped;
            try {
                unescaped = BridgeChannelNames.unescape(s);
            } catch (IllegalArgumentException rejected) {
                continue;
            }
            accepted++;
            assertThat(BridgeChannelNames.escape(unescaped)).isEqualTo(s);
        }
        assertThat(accepted).as("the generator produces accepted segments too").isGreaterThan(500);
    }
}
