package org.orbited.bridge.xmpp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.orbited.bridge.common.Refused;

class XmppTextTest {
    private static String codeOf(String text, int max) {
        try {
            XmppText.checkOutgoing(text, max);
            return null;
        } catch (Refused e) {
            return e.code();
        }
    }

    @Test
    void markupAndMultipleLinesAreFineBecauseSmackEscapesThem() {
        assertThatCode(() -> XmppText.checkOutgoing("</body></message><message to='x'><body>& <script>", 4096))
                .doesNotThrowAnyException();
        assertThatCode(() -> XmppText.checkOutgoing("line one\nline two\ttab\r\n", 4096)).doesNotThrowAnyException();
        assertThatCode(() -> XmppText.checkOutgoing("emoji \uD83D\uDE00 flag \uD83C\uDFF4\uDB40\uDC67\uDB40\uDC62"
                + "\uDB40\uDC7F", 4096)).doesNotThrowAnyException();
    }

    @Test
    void charactersThatWouldKillTheSessionAreRefusedWithCodes() {
        assertThat(codeOf("a\u0000b", 4096)).isEqualTo("xmpp_text_control");
        assertThat(codeOf("a\u001Bb", 4096)).isEqualTo("xmpp_text_control");
        assertThat(codeOf("a\u007Fb", 4096)).isEqualTo("xmpp_text_control");
        assertThat(codeOf("a\u0085b", 4096)).isEqualTo("xmpp_text_control");
        assertThat(codeOf("a\uFFFFb", 4096)).isEqualTo("xmpp_text_invalid_char");
        assertThat(codeOf("a\uFFFEb", 4096)).isEqualTo("xmpp_text_invalid_char");
        assertThat(codeOf("lone\uD800x", 4096)).isEqualTo("xmpp_text_lone_surrogate");
        assertThat(codeOf("x\uDC00", 4096)).isEqualTo("xmpp_text_lone_surrogate");
        assertThat(codeOf("\u202Eevil", 4096)).isEqualTo("xmpp_text_invisible");
        assertThat(codeOf("a\u200Bb", 4096)).isEqualTo("xmpp_text_invisible");
        assertThat(codeOf("", 4096)).isEqualTo("xmpp_text_empty");
        assertThat(codeOf("  \n", 4096)).isEqualTo("xmpp_text_empty");
    }

    @Test
    void sizeIsCountedInUtf8Bytes() {
        assertThat(codeOf("a".repeat(64), 64)).isNull();
        assertThat(codeOf("a".repeat(65), 64)).isEqualTo("xmpp_text_too_long");
        assertThat(codeOf("\u00e9".repeat(32), 64)).isNull();
        assertThat(codeOf("\u00e9".repeat(33), 64)).isEqualTo("xmpp_text_too_long");
    }

    @Test
    void nicks() {
        assertThat(XmppText.nickProblem("alice_web")).isNull();
        assertThat(XmppText.nickProblem("Zoë")).isNull();
        assertThat(XmppText.nickProblem("a b")).contains("U+0020");
        assertThat(XmppText.nickProblem(" a")).contains("white space");
        assertThat(XmppText.nickProblem("a@b")).contains("U+0040");
        assertThat(XmppText.nickProblem("a\u0000b")).contains("U+0000");
        assertThat(XmppText.nickProblem("a\u202Eb")).contains("U+202E");
        assertThat(XmppText.nickProblem("x".repeat(65))).contains("64");
        assertThat(XmppText.nickProblem("")).isNotNull();
        assertThatThrownBy(() -> XmppText.checkNick("a\uFFFF")).isInstanceOf(Refused.class)
                .extracting(e -> ((Refused) e).code()).isEqualTo("xmpp_bad_nick");
    }

    @Test
    void incomingTextIsCleanedAndCutAtACharacterBoundary() {
        assertThat(XmppText.clean("a\u202Eb\u0001c\nd\te\u200B")).isEqualTo(new XmppText.Cleaned("abc\nd\te", false));
        assertThat(XmppText.clean("<b>&amp;</b>").text()).isEqualTo("<b>&amp;</b>");  // text, never markup
        assertThat(XmppText.clean(null).text()).isEmpty();
        String big = "\u00e9".repeat(40_000);  // 80,000 bytes
        XmppText.Cleaned cut = XmppText.clean(big);
        assertThat(cut.truncated()).isTrue();
        assertThat(XmppText.utf8Length(cut.text())).isEqualTo(65_536);
        String emoji = "a" + "\uD83D\uDE00".repeat(20_000);  // 1 + 80,000 bytes
        XmppText.Cleaned cutEmoji = XmppText.clean(emoji);
        assertThat(cutEmoji.truncated()).isTrue();
        assertThat(Character.isHighSurrogate(cutEmoji.text().charAt(cutEmoji.text().length() - 1))).isFalse();
        assertThat(XmppText.utf8Length(cutEmoji.text())).isEqualTo(1 + 16_383 * 4);
    }
}
