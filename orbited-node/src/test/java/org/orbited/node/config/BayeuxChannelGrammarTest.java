package org.orbited.node.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.orbited.node.bayeux.ChannelId;

/** The configuration's copy of the channel grammar gives the protocol's verdict and message, name for name. */
class BayeuxChannelGrammarTest {
    static List<String> names() {
        char[] longName = new char[ChannelId.MAX_LENGTH];
        Arrays.fill(longName, 'a');
        longName[0] = '/';
        return Arrays.asList(null, "", "a", "/", "/a", "/a/", "//a", "/a//b", "/a/b", "/meta/connect", "/a/*", "/a/**",
                "/*", "/**", "/a/*/b", "/a/**/b", "/a/***", "/a.b", "/a b", "/a\u0000", "/caf\u00e9", "/x-_!~()$@9Z",
                "/not.fine", new String(longName), new String(longName) + "a", "/" + "b".repeat(100) + "#");
    }

    @ParameterizedTest
    @MethodSource("names")
    void sameVerdictAndMessageAsChannelId(String name) {
        Throwable ours = catchThrowable(() -> BayeuxChannelGrammar.check(name));
        Throwable reference = catchThrowable(() -> ChannelId.parse(name));
        if (reference == null) {
            assertThat(ours).isNull();
        } else {
            assertThat(ours).isInstanceOf(IllegalArgumentException.class).hasMessage(reference.getMessage());
        }
    }

    @Test
    void sameLengthLimit() {
        assertThat(BayeuxChannelGrammar.MAX_LENGTH).isEqualTo(ChannelId.MAX_LENGTH);
    }
}
