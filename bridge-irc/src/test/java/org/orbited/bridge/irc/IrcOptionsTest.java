package org.orbited.bridge.irc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IrcOptionsTest {
    private static Map<String, String> minimal() {
        Map<String, String> m = new HashMap<>();
        m.put("host", "irc.example.org");
        m.put("channels", "#help, #chat-*");
        return m;
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        IrcOptions o = IrcOptions.parse("irc.libera", minimal());
        assertThat(o.network()).isEqualTo("libera");
        assertThat(o.tls()).isTrue();
        assertThat(o.port()).isEqualTo(6697);
        assertThat(o.nick()).isEqualTo("orbited");
        assertThat(o.channels()).containsExactly("#help", "#chat-*");
        assertThat(o.caseMapping()).isEqualTo(CaseMapping.RFC1459);
        assertThat(o.guestSuffix()).isEqualTo("_web");
        assertThat(o.relayFormat()).isEqualTo("<{nick}>");
        assertThat(o.joinGrace()).isEqualTo(Duration.ofSeconds(30));
        assertThat(o.floodRate()).isEqualTo(2.0);
        assertThat(o.floodBurst()).isEqualTo(5);
        assertThat(o.floodQueue()).isEqualTo(100);
        assertThat(o.mirrorPattern()).isNull();
        assertThat(IrcOptions.parse("irc", minimal()).network()).isEqualTo("default");
        assertThat(o.mapping().toBayeux("#Help").name()).isEqualTo("/irc/libera/$23help");
    }

    @Test
    void plainTextPortAndDurations() {
        Map<String, String> m = minimal();
        m.put("tls", "0");
        m.put("join.grace", "500ms");
        m.put("flood.rate", "0.5");
        m.put("mirror.pattern", "/chat/**");
        m.put("mirror.channel", "#backbone");
        m.put("password", "secret");
        IrcOptions o = IrcOptions.parse("irc", m);
        assertThat(o.port()).isEqualTo(6667);
        assertThat(o.joinGrace()).isEqualTo(Duration.ofMillis(500));
        assertThat(o.floodRate()).isEqualTo(0.5);
        assertThat(o.mirrorPattern().name()).isEqualTo("/chat/**");
        assertThat(o.toString()).doesNotContain("secret");
    }

    @Test
    void everyBadOptionNamesItsKey() {
        assertBad(Map.of("channels", "#a"), "[plugin:irc] host: is required");
        assertBad(with("port", "70000"), "[plugin:irc] port: 70000 is outside 1..65535");
        assertBad(with("port", "x"), "port: 'x' is not a whole number");
        assertBad(with("tls", "maybe"), "tls: 'maybe' is not a boolean");
        assertBad(with("nick", "1bad"), "nick: '1bad' is not a valid IRC nick");
        assertBad(with("sasl.user", "u"), "sasl.password: sasl.user and sasl.password go together");
        assertBad(with("channels", "help"), "channels: allowlist entry 'help'");
        // what "channels = #help" in a configuration file becomes: the # starts a comment, the value is empty
        assertBad(with("channels", ""), "channels: is required (in a configuration file write \\#help");
        assertBad(with("network", "a.b"), "network: 'a.b' must match");
        assertBad(with("relay.format", "[x]"), "relay.format: '[x]' must contain {nick}");
        assertBad(with("nick.pattern", "(["), "nick.pattern: not a regular expression");
        assertBad(with("join.grace", "soon"), "join.grace: 'soon' is not a duration");
        assertBad(with("join.grace", "2h"), "join.grace: 2h is longer than the maximum");
        assertBad(with("flood.rate", "0"), "flood.rate: 0 must be above 0");
        assertBad(with("mirror.pattern", "/chat/**"), "mirror.channel: is required with mirror.pattern");
        assertBad(with("mirror.pattern", "/irc/**"), "mirror.pattern: must not cover /irc/");
        assertBad(with("mirror.pattern", "chat"), "mirror.pattern: 'chat' is not a broadcast channel");
        assertBad(with("mirror.channel", "#x"), "mirror.channel: is set without mirror.pattern");
        assertBad(with("truststore", "/nonexistent/store.p12"), "truststore: cannot read");
        assertBad(with("truststore.password", "pw"), "truststore.password: is set without truststore");
        assertBad(with("guest.suffix", "a b"), "guest.suffix: character U+0020");
        assertBad(with("casemapping", "unicode"), "casemapping: 'unicode' is not");
        assertBad(with("chanels", "#typo"), "[plugin:irc] chanels: unknown option; known options:");
    }

    private static Map<String, String> with(String key, String value) {
        Map<String, String> m = minimal();
        m.put(key, value);
        return m;
    }

    private static void assertBad(Map<String, String> options, String message) {
        assertThatThrownBy(() -> IrcOptions.parse("irc", options))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }
}
