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
}
