package org.orbited.bridge.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NickSuggestionsTest {
    @Test
    void aSuggestionIsTheNickAnUnderscoreAndTwoDigitsWithinTheMaximumAndAcceptable() {
        List<String> asked = new ArrayList<>();
        String s = NickSuggestions.suggest("alice", 30, c -> asked.add(c) && asked.size() == 3);
        assertThat(asked).hasSize(3).allMatch(c -> c.matches("alice_\\d{2}"));
        assertThat(s).isEqualTo(asked.get(2));
        String longNick = "a".repeat(40);
        assertThat(NickSuggestions.suggest(longNick, 30, c -> true)).hasSize(30).startsWith("a".repeat(27) + "_");
    }

    @Test
    void afterTwentyRefusalsThreeDigitsAreOffered() {
        assertThat(NickSuggestions.suggest("bob", 30, c -> false)).matches("bob_\\d{3}");
    }

    @Test
    void theCutNeverSplitsASurrogatePair() {
        String emoji = "\uD83D\uDE00";  // one code point, two chars
        String nick = "a".repeat(26) + emoji + "bbbb";  // the pair sits across the cut at 27 chars
        String s = NickSuggestions.suggest(nick, 30, c -> true);
        assertThat(s).matches("a{26}_\\d{2}");
        String whole = "a".repeat(25) + emoji + "bbbb";  // the pair ends at the cut: kept whole
        assertThat(NickSuggestions.suggest(whole, 30, c -> true)).startsWith("a".repeat(25) + emoji + "_");
        for (String c : List.of(s, NickSuggestions.suggest(emoji.repeat(20), 30, x -> true))) {
            assertThat(c.codePoints().noneMatch(cp -> cp >= 0xD800 && cp <= 0xDFFF)).as(c).isTrue();  // no half pair
        }
    }
}
