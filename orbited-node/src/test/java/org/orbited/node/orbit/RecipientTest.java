package org.orbited.node.orbit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.orbited.node.orbit.Recipient.Channel;
import org.orbited.node.orbit.Recipient.Invalid;
import org.orbited.node.orbit.Recipient.Key;

class RecipientTest {

    @Test
    void plainAndParenthesisedKeys() {
        assertThat(Recipient.parse("alice, 0, /chat")).isEqualTo(new Key("alice", "0", "/chat"));
        assertThat(Recipient.parse(" (alice, 0, /chat) ")).isEqualTo(new Key("alice", "0", "/chat"));
    }

    @Test
    void onlyOnePairOfParenthesesIsRemoved() {
        assertThat(Recipient.parse("((alice, 0, /chat))")).isEqualTo(new Key("(alice", "0", "/chat)"));
    }

    @Test
    void channels() {
        assertThat(Recipient.parse("/rooms/lobby")).isEqualTo(new Channel("/rooms/lobby"));
        assertThat(Recipient.parse("(/rooms/lobby)")).isEqualTo(new Channel("/rooms/lobby"));
        // a slash value with a comma is not a channel; three fields make it a key
        assertThat(Recipient.parse("/a, b, c")).isEqualTo(new Key("/a", "b", "c"));
    }

    @Test
    void anythingElseIsInvalidAndKeepsTheRawValue() {
        assertThat(Recipient.parse("alice,0,/chat")).isEqualTo(new Invalid("alice,0,/chat"));
        assertThat(Recipient.parse("alice, 0")).isEqualTo(new Invalid("alice, 0"));
        assertThat(Recipient.parse("a, b, c, d")).isEqualTo(new Invalid("a, b, c, d"));
        assertThat(Recipient.parse("/a,b")).isEqualTo(new Invalid("/a,b"));
        assertThat(Recipient.parse("()")).isEqualTo(new Invalid("()"));
        assertThat(Recipient.parse("")).isEqualTo(new Invalid(""));
    }

    @Test
    void emptyFieldsStillCountAsFields() {
        assertThat(Recipient.parse("a, , c")).isEqualTo(new Key("a", "", "c"));
        assertThat(Recipient.parse("(a, b, )")).isEqualTo(new Key("a", "b", ""));
        // trimming comes first, so without parentheses the trailing field separator is lost
        assertThat(Recipient.parse("a, b, ")).isEqualTo(new Invalid("a, b,"));
    }

    @Test
    void failureForms() {
        assertThat(Recipient.parse("(bob, 0, /chat)").failureForm()).isEqualTo("(bob, 0, /chat)");
        assertThat(Recipient.parse("bob, 0, /chat").failureForm()).isEqualTo("(bob, 0, /chat)");
        assertThat(Recipient.parse("bob,0").failureForm()).isEqualTo("(bob,0)");
        assertThat(Recipient.parse("(/x)").failureForm()).isEqualTo("(/x)");
    }

    @Test
    void parseDistinctDeduplicatesByNormalisedFormKeepingFirstOrder() {
        assertThat(Recipient.parseDistinct(List.of("b, 0, /c", "(a, 0, /c)", "a, 0, /c", "/l", "(/l)",
                "bad", " bad ", "(b, 0, /c)")))
                .containsExactly(new Key("b", "0", "/c"), new Key("a", "0", "/c"), new Channel("/l"),
                        new Invalid("bad"));
    }
}
