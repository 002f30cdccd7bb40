package org.orbited.bridge.xmpp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class XmppOptionsTest {
    private static Map<String, String> minimal() {
        Map<String, String> m = new HashMap<>();
        m.put("host", "xmpp.example.org");
        m.put("domain", "example.org");
        m.put("muc", "conference.example.org");
        m.put("rooms", "lobby, support-*");
        m.put("anon.domain", "anon.example.org");
        return m;
    }

    private static XmppOptions parse(Map<String, String> m) {
        return XmppOptions.parse("xmpp", m, k -> null);
    }

    private static void refused(Map<String, String> m, String message) {
        assertThatThrownBy(() -> parse(m)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }

    @Test
    void defaultsAreTheDocumentedOnesAndIrcs() {
        XmppOptions o = parse(minimal());
        assertThat(o.port()).isEqualTo(5222);
        assertThat(o.tls()).isTrue();
        assertThat(o.nick()).isEqualTo("orbited");
        assertThat(o.rooms()).containsExactly("lobby", "support-*");
        assertThat(o.registerTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(o.reconnectMin()).isEqualTo(Duration.ofSeconds(2));
        assertThat(o.reconnectMax()).isEqualTo(Duration.ofMinutes(5));
        assertThat(o.replyTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(o.joinGrace()).isEqualTo(Duration.ofSeconds(30));
        assertThat(o.joinMax()).isEqualTo(10);
        assertThat(o.historyMax()).isEqualTo(20);
        assertThat(o.presence()).isTrue();
        assertThat(o.textMax()).isEqualTo(4096);
        assertThat(o.relayFormat()).isEqualTo("<{nick}>");
        assertThat(o.guestPrefix()).isEmpty();
        assertThat(o.guestSuffix()).isEqualTo("_web");
        assertThat(o.mode()).isEqualTo(XmppOptions.Mode.BOTH);
        assertThat(o.personalAuth()).isEqualTo(XmppOptions.PersonalAuth.ANONYMOUS);
        assertThat(o.personalMax()).isEqualTo(20);
        assertThat(o.personalGrace()).isEqualTo(Duration.ofSeconds(30));
        assertThat(o.nickFromPrincipal()).isFalse();
        assertThat(o.personalLoginRate()).isEqualTo(5);
        assertThat(o.floodRate()).isEqualTo(2.0);
        assertThat(o.floodBurst()).isEqualTo(5);
        assertThat(o.floodQueue()).isEqualTo(100);
        assertThat(o.channelFloodRate()).isEqualTo(2.0);
        assertThat(o.channelFloodBurst()).isEqualTo(5);
        assertThat(o.channelFloodQueue()).isEqualTo(100);
        assertThat(o.visitorFloodRate()).isEqualTo(1.0);
        assertThat(o.visitorFloodBurst()).isEqualTo(3);
        assertThat(o.visitorFloodQueue()).isEqualTo(10);
        assertThat(o.mirror()).isNull();
        assertThat(o.anonymousOccupant()).isTrue();
        assertThat(o.mapping().toBayeux("lobby").name()).isEqualTo("/xmpp/conference$2Eexample$2Eorg/lobby");
    }

    @Test
    void channelsIsRefusedWithAHint() {
        Map<String, String> m = minimal();
        m.put("channels", "lobby");
        refused(m, "[plugin:xmpp] channels: unknown option for an XMPP bridge; did you mean rooms?");
    }

    @Test
    void requiredKeysAreNamed() {
        for (String key : new String[] {"host", "muc", "rooms"}) {
            Map<String, String> m = minimal();
            m.remove(key);
            refused(m, "[plugin:xmpp] " + key + ":");
        }
        Map<String, String> noDomain = minimal();
        noDomain.remove("domain");
        noDomain.put("sasl.user", "bridge");
        noDomain.put("sasl.password", "pw");
        refused(noDomain, "[plugin:xmpp] domain: is required");
    }

    @Test
    void anAnonymousOccupantNeedsNoDomain() {
        Map<String, String> m = minimal();
        m.remove("domain");
        m.put("mode", "relay");
        XmppOptions o = parse(m);
        assertThat(o.domain()).isNull();
        assertThat(o.anonymousOccupant()).isTrue();
        assertThat(o.personalMax()).isZero();
    }

    @Test
    void plainXmppOnlyOnLoopback() {
        Map<String, String> m = minimal();
        m.put("tls", "0");
        refused(m, "[plugin:xmpp] tls: 0 (no TLS) is allowed only when host is a loopback address");
        for (String host : new String[] {"127.0.0.1", "localhost", "::1", "[::1]", "127.0.0.2"}) {
            m.put("host", host);
            assertThat(parse(m).tls()).as(host).isFalse();
        }
        m.put("truststore", "/etc/hostname");
        refused(m, "[plugin:xmpp] truststore: is set but tls = 0");
    }

    @Test
    void rangesAndValuesAreChecked() {
        String[][] bad = {
                {"port", "0", "port: 0 is outside 1..65535"},
                {"history.max", "101", "history.max: 101 is outside 0..100"},
                {"text.max", "63", "text.max: 63 is outside 64..65536"},
                {"text.max", "65537", "text.max: 65537 is outside 64..65536"},
                {"join.max", "0", "join.max: 0 is outside 1..1000"},
                {"mode", "loud", "mode: 'loud' is not relay, personal or both"},
                {"personal.auth", "magic", "personal.auth: 'magic' is not anonymous, account or both"},
                {"personal.nick", "x", "personal.nick: 'x' is not chosen or principal"},
                {"relay.format", "[x]", "relay.format: '[x]' must contain {nick}"},
                {"nick.pattern", "[", "nick.pattern: not a regular expression"},
                {"nick", "a b", "nick: a nick must not contain U+0020"},
                {"nick", "a/b", "nick: a nick must not contain U+002F"},
                {"muc", "not a domain", "muc:"},
                {"rooms", "a b, c@d", "rooms:"},
                {"reconnect.min", "50ms", "reconnect.min: 50ms is shorter than the minimum"},
                {"presence", "maybe", "presence: 'maybe' is not a boolean"},
                {"guest.suffix", "_ web", "guest.suffix: character U+0020"},
                {"truststore", "/no/such/file.p12", "truststore: cannot read"},
                {"truststore.password", "x", "truststore.password: is set without truststore"},
                {"sasl.user", "bridge", "sasl.password: sasl.user and sasl.password go together"},
                {"whatever", "1", "whatever: unknown option; known options:"},
                {"mirror.secret", "x", "mirror.secret: is set without mirror"},
        };
        for (String[] b : bad) {
            Map<String, String> m = minimal();
            m.put(b[0], b[1]);
            refused(m, "[plugin:xmpp] " + b[2]);
        }
    }

    @Test
    void personalAnonymousNeedsAnAnonDomain() {
        Map<String, String> m = minimal();
        m.remove("anon.domain");
        m.put("sasl.user", "bridge");
        m.put("sasl.password", "pw");
        refused(m, "[plugin:xmpp] anon.domain: is required");
        m.put("personal.auth", "account");
        assertThat(parse(m).personalAuth().allowsAnonymous()).isFalse();
        m.put("personal.auth", "anonymous");
        m.put("mode", "relay");
        assertThat(parse(m).mode().allowsPersonal()).isFalse();
    }

    @Test
    void mirrorKeysAndSecretsNeverPrinted() {
        Map<String, String> m = minimal();
        m.put("sasl.user", "bridge");
        m.put("sasl.password", "very-secret-password");
        m.put("mirror", "/chat/**");
        m.put("mirror.secret_env", "MIRROR");
        m.put("mirror.key", "roompw");
        XmppOptions o = XmppOptions.parse("xmpp.support", m, k -> k.equals("MIRROR")
                ? "0123456789abcdef0123456789abcdef-mirror" : null);
        assertThat(o.mirror().prefix()).isEqualTo("orbited-mirror-");
        assertThat(o.mirror().maxBytes()).isEqualTo(4096);
        assertThat(o.mirror().patterns()).extracting(c -> c.name()).containsExactly("/chat/**");
        assertThat(o.toString()).doesNotContain("very-secret-password").doesNotContain("roompw")
                .doesNotContain("0123456789abcdef");
        assertThat(o.tag()).isEqualTo("xmpp.support");
        m.put("mirror", "/xmpp/**");
        assertThatThrownBy(() -> XmppOptions.parse("xmpp", m, k -> "0123456789abcdef0123456789abcdef-mirror"))
                .hasMessageContaining("[plugin:xmpp] mirror: '/xmpp/**' overlaps");
    }
}
