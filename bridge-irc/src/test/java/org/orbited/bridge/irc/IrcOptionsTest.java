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
        assertThat(o.mirror()).isNull();
        assertThat(o.channelFloodRate()).isEqualTo(2.0);
        assertThat(o.channelFloodBurst()).isEqualTo(5);
        assertThat(o.channelFloodQueue()).isEqualTo(100);
        assertThat(o.visitorFloodRate()).isEqualTo(1.0);
        assertThat(o.visitorFloodBurst()).isEqualTo(3);
        assertThat(o.visitorFloodQueue()).isEqualTo(10);
        assertThat(o.timing()).isEqualTo(new NetworkConnection.Timing(Duration.ofSeconds(1), Duration.ofSeconds(60),
                Duration.ofSeconds(30), Duration.ofSeconds(60)));
        assertThat(o.personalLoginRate()).isEqualTo(5);
        assertThat(IrcOptions.parse("irc", minimal()).network()).isEqualTo("default");
        assertThat(o.mapping().toBayeux("#Help").name()).isEqualTo("/irc/libera/$23help");
    }

    @Test
    void plainTextPortAndDurations() {
        Map<String, String> m = minimal();
        m.put("tls", "0");
        m.put("join.grace", "500ms");
        m.put("flood.rate", "0.5");
        m.put("mirror", "/chat/**, /news/*");
        m.put("mirror.secret", "0123456789abcdef0123456789abcdef-secret");
        m.put("password", "secret");
        IrcOptions o = IrcOptions.parse("irc", m);
        assertThat(o.port()).isEqualTo(6667);
        assertThat(o.joinGrace()).isEqualTo(Duration.ofMillis(500));
        assertThat(o.floodRate()).isEqualTo(0.5);
        assertThat(o.mirror().patterns()).extracting(c -> c.name()).containsExactly("/chat/**", "/news/*");
        assertThat(o.mirror().maxBytes()).isEqualTo(4096);
        assertThat(o.mirror().prefix()).isEqualTo("#orbited-mirror-");
        assertThat(o.toString()).doesNotContain("secret");
    }

    @Test
    void channelsWithoutAPrefixGetAHashBecauseTheFileTreatsHashAsAComment() {
        Map<String, String> m = minimal();
        m.put("channels", "help, chat-* &local +modeless");
        m.put("mirror", "/chat/**");
        m.put("mirror.secret", "0123456789abcdef0123456789abcdef-secret");
        m.put("mirror.prefix", "backbone-");
        IrcOptions o = IrcOptions.parse("irc", m);
        assertThat(o.channels()).containsExactly("#help", "#chat-*", "&local", "+modeless");
        assertThat(o.mirror().prefix()).isEqualTo("#backbone-");
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
        m.put("nick.regain", "500ms");
        m.put("personal.login.rate", "2");
        assertThat(IrcOptions.parse("irc", m).timing().nickRegain()).isEqualTo(Duration.ofMillis(500));
        assertThat(IrcOptions.parse("irc", m).personalLoginRate()).isEqualTo(2);
        m.put("personal.login.rate", "0");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> IrcOptions.parse("irc", m))
                .hasMessageContaining("personal.login.rate");
        m.remove("personal.login.rate");
        m.remove("nick.regain");
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
        // what "channels = #help" in a configuration file becomes: the # starts a comment, the value is empty
        assertBad(with("channels", ""), "channels: is required (in a configuration file write help or \\#help");
        assertBad(with("network", "a.b"), "network: 'a.b' must match");
        assertBad(with("relay.format", "[x]"), "relay.format: '[x]' must contain {nick}");
        assertBad(with("nick.pattern", "(["), "nick.pattern: not a regular expression");
        assertBad(with("join.grace", "soon"), "join.grace: 'soon' is not a duration");
        assertBad(with("join.grace", "2h"), "join.grace: 2h is longer than the maximum");
        assertBad(with("flood.rate", "0"), "flood.rate: 0 must be above 0");
        assertBad(with("mirror", "/chat/**"), "mirror.secret: is required with mirror");
        assertBad(mirror("/irc/**"), "mirror: '/irc/**' overlaps /irc/**");
        assertBad(mirror("/**"), "mirror: '/**' overlaps /irc/**");
        assertBad(mirror("/irc/local/*"), "mirror: '/irc/local/*' overlaps /irc/**");
        assertBad(mirror("/service/x"), "mirror: '/service/x' is not a broadcast channel");
        assertBad(mirror("chat"), "mirror: 'chat' is not a broadcast channel");
        Map<String, String> shortSecret = mirror("/chat/**");
        shortSecret.put("mirror.secret", "too-short");
        assertBad(shortSecret, "mirror.secret: is 9 bytes; at least 32 are required");
        Map<String, String> both = mirror("/chat/**");
        both.put("mirror.secret_env", "X");
        assertBad(both, "mirror.secret_env: set mirror.secret or mirror.secret_env, not both");
        Map<String, String> prefix = mirror("/chat/**");
        prefix.put("mirror.prefix", "#" + "p".repeat(40));
        assertBad(prefix, "mirror.prefix: '#pppp");
        Map<String, String> key = mirror("/chat/**");
        key.put("mirror.key", "has space");
        assertBad(key, "mirror.key: must be 1 to 23 printable ASCII");
        Map<String, String> max = mirror("/chat/**");
        max.put("mirror.max_bytes", "100000");
        assertBad(max, "mirror.max_bytes: 100000 is outside 64..65536");
        assertBad(with("mirror.secret", "x".repeat(40)), "mirror.secret: is set without mirror");
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
        assertBad(with("flood.visitor.queue", "7"), "flood.visitor.queue: 7 is outside 8..100000");  // a say's 8 lines
        assertBad(with("password", "a b"), "password: character U+0020 at offset 1 is not allowed");
        assertBad(with("password", "pw\r\nQUIT"), "password: character U+000D at offset 2");
        assertBad(Map.of("host", "h", "channels", "#a", "sasl.user", "u", "sasl.password", "p\u0000w"),
                "sasl.password: character U+0000 at offset 1");
        assertBad(with("chanels", "#typo"), "[plugin:irc] chanels: unknown option; known options:");
    }

    @Test
    void mirrorSecretFromTheEnvironment() {
        Map<String, String> m = minimal();
        m.put("mirror", "/chat/**");
        m.put("mirror.secret_env", "ORBITED_MIRROR_SECRET");
        String secret = "s".repeat(32);
        assertThat(IrcOptions.parse("irc", m, Map.of("ORBITED_MIRROR_SECRET", secret)::get).mirror().secret())
                .isEqualTo(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThatThrownBy(() -> IrcOptions.parse("irc", m, name -> null))
                .hasMessageContaining("[plugin:irc] mirror.secret_env: environment variable ORBITED_MIRROR_SECRET is not set");
    }

    private static Map<String, String> mirror(String patterns) {
        Map<String, String> m = with("mirror", patterns);
        m.put("mirror.secret", "0123456789abcdef0123456789abcdef");
        return m;
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
