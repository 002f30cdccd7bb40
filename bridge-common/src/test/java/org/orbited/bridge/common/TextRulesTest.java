package org.orbited.bridge.common;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextRulesTest {
    @Test
    void invisibleFormatCharactersAreStrippedButFlagTagSequencesKept() {
        assertThat(TextRules.stripInvisible("a\u202Eb\u200Bc\uFEFF")).isEqualTo("abc");
        String scotland = "\uD83C\uDFF4\uDB40\uDC67\uDB40\uDC62\uDB40\uDC73\uDB40\uDC63\uDB40\uDC74\uDB40\uDC7F";
        assertThat(TextRules.stripInvisible(scotland)).isEqualTo(scotland);
        assertThat(TextRules.stripInvisible("x\uDB40\uDC67y")).as("a tag outside a flag").isEqualTo("xy");
        assertThat(TextRules.stripInvisible("plain")).isSameAs("plain");
        assertThat(TextRules.isInvisible(0x200D)).as("ZWJ is real text").isFalse();
        assertThat(TextRules.isInvisible(0x200F)).as("RLM is a mark, not an override").isFalse();
    }

    @Test
    void loneSurrogatesAreFoundByIndex() {
        assertThat(TextRules.loneSurrogate("ok \uD83D\uDE00")).isEqualTo(-1);
        assertThat(TextRules.loneSurrogate("ab\uD800c")).isEqualTo(2);
        assertThat(TextRules.loneSurrogate("ab\uDC00")).isEqualTo(2);
        assertThat(TextRules.loneSurrogate("\uD83D")).isEqualTo(0);
    }

    @Test
    void xmlCharsAreXml10sCharProduction() {
        assertThat(TextRules.isXmlChar('\t')).isTrue();
        assertThat(TextRules.isXmlChar('\n')).isTrue();
        assertThat(TextRules.isXmlChar(0x1)).isFalse();
        assertThat(TextRules.isXmlChar(0x1F)).isFalse();
        assertThat(TextRules.isXmlChar(0x7F)).as("DEL is a Char in XML 1.0").isTrue();
        assertThat(TextRules.isXmlChar(0xD800)).isFalse();
        assertThat(TextRules.isXmlChar(0xFFFD)).isTrue();
        assertThat(TextRules.isXmlChar(0xFFFE)).isFalse();
        assertThat(TextRules.isXmlChar(0xFFFF)).isFalse();
        assertThat(TextRules.isXmlChar(0x1F600)).isTrue();
    }

    @Test
    void utf8LengthsAndCutsAtCodePointBoundaries() {
        String text = "a\u00E9\u20AC\uD83D\uDE00";  // 1 + 2 + 3 + 4 bytes
        assertThat(TextRules.utf8Length(text)).isEqualTo(10);
        assertThat(TextRules.utf8Length(text, 1, 3)).isEqualTo(5);
        assertThat(TextRules.cutToUtf8(text, 10)).isSameAs(text);
        assertThat(TextRules.cutToUtf8(text, 9)).isEqualTo("a\u00E9\u20AC");
        assertThat(TextRules.cutToUtf8(text, 2)).isEqualTo("a");
        assertThat(TextRules.cutToUtf8(text, 0)).isEmpty();
    }
}
