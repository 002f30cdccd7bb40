package org.orbited.bridge.irc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IrcTextTest {
    private static final LineBudget SMALL = new LineBudget(64);

    @Test
    void injectionIsRefusedWithTheLineBreakReasonAndOffset() {
        assertThatThrownBy(() -> IrcText.checkOutgoing("hi\r\nQUIT :bye"))
                .isInstanceOfSatisfying(IrcTextException.class, e -> {
                    assertThat(e.reason()).isEqualTo(IrcTextException.Reason.LINE_BREAK);
                    assertThat(e.offset()).isEqualTo(2);
                    assertThat(e.reason().code()).isEqualTo("irc_text_line_break");
                });
        assertThatThrownBy(() -> IrcText.checkOutgoing("a\nb")).hasMessageContaining("offset 1");
        assertThatThrownBy(() -> IrcText.checkOutgoing("nul\u0000")).isInstanceOfSatisfying(IrcTextException.class,
                e -> assertThat(e.reason()).isEqualTo(IrcTextException.Reason.LINE_BREAK));
    }

    @ParameterizedTest
    @ValueSource(ints = {0x01, 0x07, 0x08, 0x09, 0x0B, 0x0C, 0x1B, 0x7F})
    void otherControlsAreRefused(int c) {
        assertThatThrownBy(() -> IrcText.checkOutgoing("x" + (char) c + "y"))
                .isInstanceOfSatisfying(IrcTextException.class, e -> {
                    assertThat(e.reason()).isEqualTo(IrcTextException.Reason.CONTROL_CHARACTER);
                    assertThat(e.offset()).isEqualTo(1);
                });
    }

    @Test
    void formattingCodesMayBeSent() {
        IrcText.checkOutgoing("\u0002bold\u0002 \u000304,12red\u000f \u001ditalic\u001d \u000400FF00hex");
        for (char c : IrcText.FORMATTING_CODES.toCharArray()) {
            IrcText.checkOutgoing("a" + c + "b");
        }
    }

    @Test
    void loneSurrogatesAreRefusedButPairsPass() {
        IrcText.checkOutgoing("smile \uD83D\uDE00");
        assertThatThrownBy(() -> IrcText.checkOutgoing("bad \uD83D end")).isInstanceOfSatisfying(
                IrcTextException.class, e -> {
                    assertThat(e.reason()).isEqualTo(IrcTextException.Reason.LONE_SURROGATE);
                    assertThat(e.offset()).isEqualTo(4);
                });
        assertThatThrownBy(() -> IrcText.checkOutgoing("\uDE00")).isInstanceOf(IrcTextException.class);
        assertThatThrownBy(() -> IrcText.checkOutgoing("end\uD83D")).isInstanceOf(IrcTextException.class);
    }

    @Test
    void emptyTextIsRefused() {
        assertThatThrownBy(() -> IrcText.checkOutgoing("")).isInstanceOfSatisfying(IrcTextException.class,
                e -> assertThat(e.reason()).isEqualTo(IrcTextException.Reason.EMPTY));
    }

    @Test
    void shortTextIsOnePiece() {
        assertThat(IrcText.split("hello", SMALL, 4)).containsExactly("hello");
    }

    @Test
    void splitPrefersSpacesAndReassemblesExactly() {
        String text = "word ".repeat(40).trim();
        List<String> pieces = IrcText.split(text, SMALL, 10);
        assertThat(String.join("", pieces)).isEqualTo(text);
        assertThat(pieces).allSatisfy(p -> assertThat(bytes(p)).isLessThanOrEqualTo(64));
        assertThat(pieces.subList(0, pieces.size() - 1)).allSatisfy(p -> assertThat(p).endsWith(" "));
    }

    @Test
    void splitNeverCutsAUtf8SequenceOrACombiningMark() {
        // 'e' + combining acute (3 bytes total) repeated: a cut between them would split a grapheme.
        String text = "e\u0301".repeat(100) + "\u20AC".repeat(50) + "\uD83D\uDE00".repeat(30);
        List<String> pieces = IrcText.split(text, SMALL, 100);
        assertThat(String.join("", pieces)).isEqualTo(text);
        for (String p : pieces) {
            assertThat(bytes(p)).isLessThanOrEqualTo(64);
            assertThat(p.charAt(0)).isNotEqualTo('\u0301');
            assertThat(Character.isLowSurrogate(p.charAt(0))).isFalse();
            // decodes back to itself: no sequence was cut
            assertThat(new String(p.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)).isEqualTo(p);
        }
    }

    @Test
    void aGraphemeLargerThanTheBudgetIsCutAtCodePoints() {
        String huge = "a" + "\u0301".repeat(60); // one grapheme of 121 bytes
        List<String> pieces = IrcText.split(huge, SMALL, 5);
        assertThat(String.join("", pieces)).isEqualTo(huge);
        assertThat(pieces).hasSize(2).allSatisfy(p -> assertThat(bytes(p)).isLessThanOrEqualTo(64));
    }

    @Test
    void twoKilobytesNeedSeveralLinesAndTooManyIsRefused() {
        String text = "x".repeat(2048);
        LineBudget budget = LineBudget.forSender("visitor", null, null, "#help");
        List<String> pieces = IrcText.split(text, budget, 10);
        assertThat(pieces).hasSize((2048 + budget.textBytes() - 1) / budget.textBytes());
        assertThatThrownBy(() -> IrcText.split(text, budget, 2)).isInstanceOfSatisfying(IrcTextException.class,
                e -> assertThat(e.reason()).isEqualTo(IrcTextException.Reason.TOO_LONG));
    }

    @Test
    void budgetCountsTheRelayedPrefix() {
        LineBudget b = LineBudget.forSender("nick", "user", "host", "#c");
        // ":nick!" + 11 + "@" + 63 + " PRIVMSG #c :" + "\u0001ACTION " ... "\u0001" + CRLF
        int relayed = 1 + 4 + 1 + 11 + 1 + 63 + " PRIVMSG ".length() + 2 + 2 + 9 + 2;
        assertThat(b.textBytes()).isEqualTo(512 - relayed);
        LineBudget longHost = LineBudget.forSender("nick", "user", "h".repeat(100), "#c");
        assertThat(longHost.textBytes()).isEqualTo(b.textBytes() - 37);
        assertThatThrownBy(() -> LineBudget.forSender("n".repeat(400), null, null, "#c"))
                .hasMessageContaining("too long");
    }

    @Test
    void stripFormattingRemovesCodesAndColourArguments() {
        assertThat(IrcText.stripFormatting("\u0002bold\u0002 \u001Fu\u001F \u001Di\u001D \u001Es\u001E \u0011m"
                + "\u0016r\u000F")).isEqualTo("bold u i s mr");
        assertThat(IrcText.stripFormatting("\u000304red\u0003 \u00034,12both\u0003 \u000312,\u0003x"))
                .isEqualTo("red both ,x");
        assertThat(IrcText.stripFormatting("\u0003123")).isEqualTo("3");
        assertThat(IrcText.stripFormatting("\u0004FF00AAhex \u0004FF00AA,000000bg \u0004FFz"))
                .isEqualTo("hex bg FFz");
        assertThat(IrcText.stripFormatting("bell\u0007 ctcp\u0001 tab\t")).isEqualTo("bell ctcp tab");
        assertThat(IrcText.stripFormatting("caf\u00E9 \uD83D\uDE00")).isEqualTo("caf\u00E9 \uD83D\uDE00");
    }

    @Test
    void decodeReplacesInvalidUtf8() {
        byte[] latin1 = "caf\u00E9".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(IrcText.decode(latin1)).isEqualTo("caf\uFFFD");
        assertThat(IrcText.decode("caf\u00E9".getBytes(StandardCharsets.UTF_8))).isEqualTo("caf\u00E9");
        assertThat(IrcText.decode(new byte[] {(byte) 0xE2, (byte) 0x82})).isEqualTo("\uFFFD");
    }

    private static int bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    @ParameterizedTest
    @ValueSource(ints = {0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069, 0x200B, 0x2060,
            0xFEFF, 0x3164, 0xE0041})
    void invisibleFormatCharactersAreRefusedFromBrowsersAndStrippedFromIrc(int cp) {
        String text = "ab" + new String(Character.toChars(cp)) + "cd";
        assertThatThrownBy(() -> IrcText.checkOutgoing(text)).isInstanceOfSatisfying(IrcTextException.class, e -> {
            assertThat(e.reason().code()).isEqualTo("irc_text_invisible");
            assertThat(e.offset()).isEqualTo(2);
        });
        assertThat(IrcText.stripFormatting(text)).isEqualTo("abcd");
    }

    @Test
    void textThatNeedsJoinersMarksAndFlagTagsIsKept() {
        String family = "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67";  // ZWJ sequence
        String persian = "\u0645\u06CC\u200C\u062E\u0648\u0627\u0645";             // ZWNJ
        String marks = "abc\u200Edef\u200Fghi";                                         // LRM, RLM
        String scotland = "\uD83C\uDFF4\uDB40\uDC67\uDB40\uDC62\uDB40\uDC73\uDB40\uDC63\uDB40\uDC74\uDB40\uDC7F";
        for (String t : List.of(family, persian, marks, scotland)) {
            IrcText.checkOutgoing(t);
            assertThat(IrcText.stripFormatting(t)).isEqualTo(t);
        }
        // a tag character after something else than the black flag is hidden text
        assertThat(IrcText.stripFormatting("x\uDB40\uDC41y")).isEqualTo("xy");
        assertThat(IrcText.stripFormatting("\u202Eevil\u202C nick")).isEqualTo("evil nick");
    }
}
