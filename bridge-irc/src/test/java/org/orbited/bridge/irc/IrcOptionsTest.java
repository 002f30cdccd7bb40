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
        assertThat(o.channelFloodRate()).isEqualTo(2.0);
        assertThat(o.channelFloodBurst()).isEqualTo(5);
        assertThat(o.channelFloodQueue()).isEqualTo(100);
        assertThat(o.timing()).isEqualTo(new NetworkConnection.Timing(Duration.ofSeconds(1), Duration.ofSeconds(60),
                Duration.ofSeconds(30)));
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
    void channelsWithoutAPrefixGetAHashBecauseTheFileTreatsHashAsAComment() {
        Map<String, String> m = minimal();
        m.put("channels", "help, chat-* &local +modeless");
        m.put("mirror.pattern", "/chat/**");
        m.put("mirror.channel", "backbone");
        IrcOptions o = IrcOptions.parse("irc", m);
        assertThat(o.channels()).containsExactly("#help", "#chat-*", "&local", "+modeless");
        assertThat(o.mirrorChannel()).isEqualTo("#backbone");
    }

    @Test
    void timingsAreOptionsInTheDurationSyntax() {
        Map<String, String> m = minimal();
        m.put("reconnect.min", "250ms");
        m.put("reconnect.max", "2m");
        m.put("register.timeout", "5");
        m.put("flood.channel.rate", "0.01");
        assertThat(IrcOptions.parse("irc", m).timing()).isEqualTo(new NetworkConnection.Timing(Duration.ofMillis(250),
                Duration.ofMinutes(2), Duration.ofSeconds(5)));
        assertThat(IrcOptions.parse("irc", m).channelFloodRate()).isEqualTo(0.01);
        m.remove("reconnect.max");
        m.put("reconnect.min", "5m");
        assertThat(IrcOptions.parse("irc", m).timing().maxBackoff()).as("the default max follows a larger min")
                .isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void everyBadOptionNamesItsKey() {
        assertBad(Map.of("channels", "#a"), "[plugin:irc] host: is required");
        assertBad(with("port", "70000"), "[plugin:irc] port: 70000 is outside 1..65535");
        assertBad(with("port", "x"), "port: 'x' is not a whole number");
        assertBad(with("tls", "maybe"), "tls: 'maybe' is not a boolean");
        assertBad(with("nick", "1bad"), "nick: '1bad' is not a valid IRC nick");
        assertBad(with("sasl.user", "u"), "sasl.password: sasl.user and sasl.password go together");
        assertBad(with("channels", "#he:lp"), "channels: allowlist entry '#he:lp'");
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
        assertBad(with("reconnect.min", "10ms"), "reconnect.min: 10ms is shorter than the minimum PT0.1S");
        assertBad(with("reconnect.min", "11m"), "reconnect.min: 11m is longer than the maximum PT10M");
        assertBad(with("reconnect.max", "500ms"), "reconnect.max: 500ms is shorter than the minimum PT1S");
        assertBad(with("register.timeout", "0"), "register.timeout: 0 is shorter than the minimum PT1S");
        assertBad(with("register.timeout", "later"), "register.timeout: 'later' is not a duration");
        assertBad(with("flood.channel.queue", "0"), "flood.channel.queue: 0 is outside 1..100000");
        assertBad(with("password", "a b"), "password: character U+0020 at offset 1 is not allowed");
        assertBad(with("password", "pw\r\nQUIT"), "password: character U+000D at offset 2");
        assertBad(Map.of("host", "h", "channels", "#a", "sasl.user", "u", "sasl.password", "p\u0000w"),
                "sasl.password: character U+0000 at offset 1");
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
