package org.orbited.webirc.helpdesk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class HelpDeskTextTest {
    private static void refused(Runnable r, String code) {
        assertThatThrownBy(r::run).isInstanceOf(HelpDeskRefusal.class)
                .satisfies(e -> assertThat(((HelpDeskRefusal) e).code()).isEqualTo(code));
    }

    @Test
    void textIsTrimmedAndKeepsLineFeedsTabsAndEmoji() {
        assertThat(HelpDeskText.text("  hello\n\tworld 👋🏽  ", 100)).isEqualTo("hello\n\tworld 👋🏽");
        assertThat(HelpDeskText.text("<img src=x onerror=alert(1)>", 100)).isEqualTo("<img src=x onerror=alert(1)>");
    }

    @Test
    void emptyOrBlankTextIsRefused() {
        refused(() -> HelpDeskText.text("", 10), HelpDeskCodes.TEXT_EMPTY);
        refused(() -> HelpDeskText.text(" \n\t ", 10), HelpDeskCodes.TEXT_EMPTY);
    }

    @Test
    void textIsMeasuredInCodePoints() {
        assertThat(HelpDeskText.text("😀".repeat(5), 5)).hasSize(10);   // 5 characters, 10 UTF-16 units
        refused(() -> HelpDeskText.text("😀".repeat(6), 5), HelpDeskCodes.TEXT_TOO_LONG);
        refused(() -> HelpDeskText.text("x".repeat(2001), 2000), HelpDeskCodes.TEXT_TOO_LONG);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\u0000b", "a\rb", "a\u0007b", "a\u001bb", "a\u007fb", "a\u0085b", "a\u009bb",
            "a\u202Eb", "a\u2066b", "a\u200Bb", "a\uFEFFb", "a\u2060b", "a\uDB40\uDC41b", "a\uD800b", "a\uDC00b"})
    void controlsInvisibleAndBidiCharactersAndLoneSurrogatesAreRefused(String text) {
        refused(() -> HelpDeskText.text(text, 100), HelpDeskCodes.TEXT_CONTROL);
    }

    @Test
    void tagCharactersAreAllowedInsideAFlagSequenceOnly() {
        String scotland = "\uD83C\uDFF4\uDB40\uDC67\uDB40\uDC62\uDB40\uDC73\uDB40\uDC63\uDB40\uDC74\uDB40\uDC7F";
        assertThat(HelpDeskText.text("go " + scotland, 100)).endsWith(scotland);
        refused(() -> HelpDeskText.text("go \uDB40\uDC67", 100), HelpDeskCodes.TEXT_CONTROL);
    }

    @Test
    void namesAreOneLineOfAtMost40Characters() {
        assertThat(HelpDeskText.name("  Jane Doe ")).isEqualTo("Jane Doe");
        assertThat(HelpDeskText.name("é".repeat(40))).hasSize(40);
        refused(() -> HelpDeskText.name("x".repeat(41)), HelpDeskCodes.BAD_NAME);
        refused(() -> HelpDeskText.name("  "), HelpDeskCodes.BAD_NAME);
        refused(() -> HelpDeskText.name("Jane\nDoe"), HelpDeskCodes.BAD_NAME);
        refused(() -> HelpDeskText.name("Jane\tDoe"), HelpDeskCodes.BAD_NAME);
        refused(() -> HelpDeskText.name("evil\u202Eeod"), HelpDeskCodes.BAD_NAME);
    }

    @Test
    void trustedNamesAreCleanedNotRefused() {
        assertThat(HelpDeskText.cleanName("  Ann\n\u202EBee\t ", "Helper")).isEqualTo("Ann Bee");
        assertThat(HelpDeskText.cleanName("\u200B", "Helper")).isEqualTo("Helper");
        assertThat(HelpDeskText.cleanName("n".repeat(50), "Helper")).hasSize(40);
    }

    @Test
    void emailAddressesFollowTheHtmlRule() {
        assertThat(HelpDeskText.email(" ann@example.org ")).isEqualTo("ann@example.org");
        assertThat(HelpDeskText.email("a.b+c@mail.example.co.uk")).isEqualTo("a.b+c@mail.example.co.uk");
        assertThat(HelpDeskText.email(null)).isNull();
        assertThat(HelpDeskText.email("  ")).isNull();
        for (String bad : new String[] {"ann", "ann@", "@example.org", "ann@ex ample.org", "ann@@example.org",
                "ann\n@example.org", "a<b>@example.org", "ann@-example.org", "x".repeat(250) + "@example.org"}) {
            refused(() -> HelpDeskText.email(bad), HelpDeskCodes.BAD_EMAIL);
        }
    }

    @Test
    void desksIdsPagesAndLanguages() {
        assertThat(HelpDeskText.isDeskName("support")).isTrue();
        assertThat(HelpDeskText.isDeskName("sales-2_eu")).isTrue();
        assertThat(HelpDeskText.isDeskName("Support")).isFalse();
        assertThat(HelpDeskText.isDeskName("x".repeat(33))).isFalse();
        assertThat(HelpDeskText.isDeskName("")).isFalse();
        assertThat(HelpDeskText.isId(Ids.id('c'))).isTrue();
        assertThat(HelpDeskText.isId("../etc")).isFalse();
        assertThat(HelpDeskText.page("https://example.org/a?b=c#d")).isEqualTo("https://example.org/a?b=c#d");
        assertThat(HelpDeskText.page("")).isNull();
        refused(() -> HelpDeskText.page("https://example.org/a b"), HelpDeskCodes.BAD_DATA);
        refused(() -> HelpDeskText.page("https://example.org/" + "a".repeat(2048)), HelpDeskCodes.BAD_DATA);
        assertThat(HelpDeskText.lang("de-CH")).isEqualTo("de-CH");
        refused(() -> HelpDeskText.lang("de_CH;drop"), HelpDeskCodes.BAD_DATA);
    }

    @Test
    void secretsAreComparedByHash() {
        String key = Ids.secret();
        assertThat(key).hasSize(32);
        assertThat(Ids.matchesHash(key, Ids.hash(key))).isTrue();
        assertThat(Ids.matchesHash(key + "x", Ids.hash(key))).isFalse();
        assertThat(Ids.sameSecret("abc", "abc")).isTrue();
        assertThat(Ids.sameSecret("abc", "abd")).isFalse();
        assertThat(Ids.sameSecret("abc", "abcd")).isFalse();
    }
}
