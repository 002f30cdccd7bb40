package org.orbited.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ChannelIdTest {

    @ParameterizedTest
    @ValueSource(strings = {"/a", "/chat/room1", "/meta/connect", "/service/echo", "/A-z_0!~()$@",
        "/irc/libera/$23orbited", "/*", "/**", "/foo/*", "/foo/**", "/meta/**", "/a/b/c/d/e/f"})
    void acceptsTheGrammar(String name) {
        ChannelId id = ChannelId.parse(name);
        assertThat(id.name()).isEqualTo(name);
        assertThat(id.toString()).isEqualTo(name);
        assertThat(ChannelId.isValid(name)).isTrue();
        assertThat(ChannelId.tryParse(name)).contains(id);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''|empty name",
        "foo|must start with '/'",
        "/|ends with '/'",
        "/foo/|ends with '/'",
        "//foo|empty segment at offset 1",
        "/foo//bar|empty segment at offset 5",
        "/foo/*/bar|wildcard '*' is allowed only as the last segment",
        "/foo/**/bar|wildcard '**' is allowed only as the last segment",
        "/a b|character ' ' at offset 2 is not allowed",
        "/a:b|character ':' at offset 2",
        "/a%20|character '%'",
        "/a&b|character '&'",
        "/a.b|character '.'",
        "/#chan|character '#'",
        "/a+b|character '+'",
        "/a{b}|character '{'",
        "/foo/***|character '*' at offset 5",
        "/foo/a*|character '*' at offset 6",
        "/café|U+00E9",
    })
    void rejectsWithAReason(String name, String reason) {
        assertThat(ChannelId.isValid(name)).isFalse();
        assertThat(ChannelId.tryParse(name)).isEmpty();
        assertThatThrownBy(() -> ChannelId.parse(name))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + name + "'")
                .hasMessageContaining(reason);
    }

    @Test
    void rejectsNull() {
        assertThat(ChannelId.isValid(null)).isFalse();
        assertThatThrownBy(() -> ChannelId.parse(null)).hasMessageContaining("no name");
    }

    @Test
    void lengthIsBoundedByANamedLimit() {
        String longest = "/" + "a".repeat(ChannelId.MAX_LENGTH - 1);
        assertThat(ChannelId.parse(longest).name()).hasSize(ChannelId.MAX_LENGTH);
        String over = longest + "a";
        assertThatThrownBy(() -> ChannelId.parse(over))
                .hasMessageContaining("longer than " + ChannelId.MAX_LENGTH)
                .hasMessageContaining("..."); // the name is abbreviated in the message
    }

    @ParameterizedTest
    @CsvSource({
        "/meta/connect, META", "/meta/**, META", "/meta/*, META", "/meta, BROADCAST", "/metadata/x, BROADCAST",
        "/service/echo, SERVICE", "/service/plugin/x, SERVICE", "/service, BROADCAST", "/chat/room, BROADCAST",
        "/**, BROADCAST", "/*, BROADCAST", "/Meta/connect, BROADCAST"})
    void classifiesKinds(String name, ChannelId.Kind kind) {
        ChannelId id = ChannelId.parse(name);
        assertThat(id.kind()).isEqualTo(kind);
        assertThat(id.isMeta()).isEqualTo(kind == ChannelId.Kind.META);
        assertThat(id.isService()).isEqualTo(kind == ChannelId.Kind.SERVICE);
        assertThat(id.isBroadcast()).isEqualTo(kind == ChannelId.Kind.BROADCAST);
    }

    @ParameterizedTest
    @CsvSource({"/a/b, NONE, 2", "/a/*, ONE_SEGMENT, 2", "/a/**, ANY_DEPTH, 2", "/*, ONE_SEGMENT, 1",
        "/**, ANY_DEPTH, 1", "/a, NONE, 1"})
    void wildcardKindsAndDepth(String name, ChannelId.Wildcard wildcard, int depth) {
        ChannelId id = ChannelId.parse(name);
        assertThat(id.wildcard()).isEqualTo(wildcard);
        assertThat(id.isWildcard()).isEqualTo(wildcard != ChannelId.Wildcard.NONE);
        assertThat(id.depth()).isEqualTo(depth);
        String rebuilt = java.util.stream.IntStream.range(0, depth).mapToObj(i -> "/" + id.segment(i))
                .collect(Collectors.joining());
        assertThat(rebuilt).isEqualTo(name);
    }

    /** Section 1.4's own examples, and the edges around them. */
    @ParameterizedTest
    @CsvSource({
        "/foo/*, /foo/bar, true", "/foo/*, /foo, false", "/foo/*, /foobar, false", "/foo/*, /foo/bar/boo, false",
        "/foo/**, /foo/bar, true", "/foo/**, /foo/bar/boo, true", "/foo/**, /foo, false", "/foo/**, /foobar/x, false",
        "/**, /a, true", "/**, /a/b/c, true", "/*, /a, true", "/*, /a/b, false",
        "/foo/bar, /foo/bar, true", "/foo/bar, /foo/baz, false", "/foo/bar, /foo/bar/x, false",
        "/Foo/*, /foo/bar, false", "/a/b/*, /a/c/d, false", "/a/b/**, /a/c/d, false"})
    void matchesPerSection14(String pattern, String concrete, boolean expected) {
        assertThat(ChannelId.parse(pattern).matches(ChannelId.parse(concrete))).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"/foo/*, /foo/*", "/foo/**, /foo/*", "/**, /foo/**", "/foo, /foo/*"})
    void aPatternNeverMatchesAPattern(String pattern, String other) {
        assertThat(ChannelId.parse(pattern).matches(ChannelId.parse(other))).isFalse();
    }

    @Test
    void wildcardIdsListEveryMatchingPatternDeepestFirst() {
        assertThat(ChannelId.parse("/a/b/c").wildcardIds()).extracting(ChannelId::name)
                .containsExactly("/a/b/*", "/a/b/**", "/a/**", "/**");
        assertThat(ChannelId.parse("/a").wildcardIds()).extracting(ChannelId::name).containsExactly("/*", "/**");
        assertThat(ChannelId.parse("/a/*").wildcardIds()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/a", "/a/b", "/chat/room1", "/irc/libera/$23orbited", "/a/b/c/d/e"})
    void wildcardIdsAreExactlyThePatternsThatMatch(String name) {
        ChannelId concrete = ChannelId.parse(name);
        List<ChannelId> wild = concrete.wildcardIds();
        for (ChannelId w : wild) {
            assertThat(w.matches(concrete)).as(w + " matches " + concrete).isTrue();
            assertThat(w).isEqualTo(ChannelId.parse(w.name())); // same as a parsed one: usable as a map key
            assertThat(w.wildcard()).isEqualTo(ChannelId.parse(w.name()).wildcard());
            assertThat(w.depth()).isEqualTo(ChannelId.parse(w.name()).depth());
        }
        // No pattern outside the list matches: try every prefix with both wildcards.
        String[] segs = name.substring(1).split("/");
        StringBuilder prefix = new StringBuilder();
        int matching = 0;
        for (int i = 0; i <= segs.length; i++) {
            for (String w : List.of("/*", "/**")) {
                ChannelId p = ChannelId.parse(prefix + w);
                if (p.matches(concrete)) {
                    matching++;
                    assertThat(wild).contains(p);
                }
            }
            if (i < segs.length) {
                prefix.append('/').append(segs[i]);
            }
        }
        assertThat(wild).hasSize(matching).doesNotHaveDuplicates();
    }

    @Test
    void equalityIsByName() {
        assertThat(ChannelId.parse("/a/b")).isEqualTo(ChannelId.parse("/a/b"))
                .hasSameHashCodeAs(ChannelId.parse("/a/b"))
                .isNotEqualTo(ChannelId.parse("/a/B"))
                .isNotEqualTo("/a/b");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "A-z_0!~()$@", "$23orbited"})
    void validSegments(String s) {
        assertThat(ChannelId.isValidSegment(s)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "*", "**", "a/b", "a b", "é", "a.b"})
    void invalidSegments(String s) {
        assertThat(ChannelId.isValidSegment(s)).isFalse();
        assertThat(ChannelId.isValidSegment(null)).isFalse();
    }
}
