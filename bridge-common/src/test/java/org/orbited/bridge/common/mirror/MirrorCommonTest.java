package org.orbited.bridge.common.mirror;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.orbited.bridge.common.BridgeCodes;
import org.orbited.bridge.common.OptionReader;
import org.orbited.bridge.common.TextRules;
import org.orbited.plugin.ChannelId;
import org.orbited.plugin.Origin;
import org.orbited.plugin.PublishedMessage;
import org.orbited.plugin.SecurityPolicy;

/**
 * The shared mirror pieces over carriers with a fixed budget (as XMPP rooms); IRC's carriers and the exact IRC
 * frames are covered by bridge-irc's IrcMirrorCodecTest, IrcMirrorReplayTest and IrcCrossNodeTest.
 */
class MirrorCommonTest {
    static final String SECRET = "0123456789abcdef0123456789abcdef";
    final MirrorCarriers carriers = new FixedCarriers(400);
    final MirrorOptions options = MirrorOptions.parse(new OptionReader("xmpp", Map.of("mirror", "/chat/** /news/*",
            "mirror.secret", SECRET)), name -> null, carriers);
    final MirrorRoutes routes = new MirrorRoutes(options);
    final MirrorCodec codec = new MirrorCodec(options.secret(), carriers);
    long wall = 1_700_000_000_000L;

    @Test
    void nonXmlCharactersAreEscapedSoAStanzaCanCarryEveryPayload() throws Exception {
        String nasty = "a\uFFFE\uFFFF\u0001\u007F\u0085\uD800z\uD83D\uDE00";
        JsonNode data = JsonNodeFactory.instance.objectNode().put("text", nasty);
        String json = MirrorCodec.toJson(data);
        assertThat(json.codePoints()).allMatch(TextRules::isXmlChar).noneMatch(cp -> cp < 0x20 || cp == 0x7F
                || (cp >= 0x80 && cp <= 0x9F));
        assertThat(json).contains("\\ufffe", "\\uffff", "\\u0001", "\\u007f", "\\u0085", "\\ud800", "\uD83D\uDE00");
        assertThat(MirrorCodec.parse(json).get("text").asText()).isEqualTo(nasty);
        for (String frame : codec.encode("orbited-mirror-x", "abcdefghijklmnop", 1, wall, "/chat/a", json, "n")) {
            assertThat(frame.codePoints()).allMatch(TextRules::isXmlChar);
        }
    }

    @Test
    void framesFitTheCarriersBudgetAndAReceiverReassemblesThemOnce() {
        MirrorRoutes.Route route = routes.route("/chat/room");
        assertThat(route.carrier()).matches("orbited-mirror-[a-z2-7]{16}");
        String json = MirrorCodec.toJson(JsonNodeFactory.instance.objectNode().put("text", "x".repeat(2000)));
        List<String> frames = codec.encode(route.carrier(), "abcdefghijklmnop", 1, wall, "/chat/room", json, "bot");
        assertThat(frames).hasSizeGreaterThan(5).allMatch(f -> TextRules.utf8Length(f) <= 400);
        assertThat(frames.size()).isLessThanOrEqualTo(MirrorCodec.maxFragments(
                MirrorCodec.maxPayloadBytes(options.maxBytes()), carriers));
        MirrorReceiver receiver = new MirrorReceiver(routes, codec, options.maxBytes(), "ownownownownownn",
                () -> wall, new MirrorReceiver.Limits(4, 2, TimeUnit.SECONDS.toNanos(5), 100, 300_000));
        MirrorReceiver.Result last = null;
        for (String f : frames) {
            last = receiver.accept(route, "bot", f, 1);
        }
        assertThat(last.complete()).isTrue();
        assertThat(last.bayeuxChannel()).isEqualTo("/chat/room");
        assertThat(receiver.accept(route, "bot", frames.get(frames.size() - 1), 2).dropped()).isEqualTo("duplicate");
        assertThat(routes.byCarrier(route.carrier().toUpperCase(), s -> s.toLowerCase())).isEqualTo(route);
    }

    @Test
    void base32IsRfc4648LowerCase() {
        assertThat(MirrorRoutes.base32("foobar".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 10))
                .isEqualTo("mzxw6ytboi");
    }

    @Test
    void noBridgeCarriesWhatAnyBridgeInstancePublished() {
        JsonNode d = JsonNodeFactory.instance.objectNode();
        for (String name : List.of("irc", "irc.b", "xmpp", "xmpp.muc")) {
            assertThat(MirrorInstances.byBridge(new PublishedMessage("/chat/a", d, Origin.PLUGIN, null, name)))
                    .as(name).isTrue();
        }
        for (String name : List.of("ircx", "xmppx", "presence")) {
            assertThat(MirrorInstances.byBridge(new PublishedMessage("/chat/a", d, Origin.PLUGIN, null, name)))
                    .as(name).isFalse();
        }
        assertThat(MirrorInstances.byBridge(new PublishedMessage("/chat/a", d, Origin.BAYEUX_CLIENT, "c1", null)))
                .isFalse();
    }

    @Test
    void thePolicyRefusesOversizedPublicationsAndCarrierNames() {
        MirrorPolicy policy = new MirrorPolicy("/xmpp/muc/", id -> id.segment(2).startsWith("orbited-mirror-"),
                routes, 64, new BridgeCodes("xmpp"));
        JsonNode big = JsonNodeFactory.instance.objectNode().put("text", "x".repeat(100));
        assertThat(policy.canPublish("c", "/chat/a", big))
                .isEqualTo(SecurityPolicy.Decision.deny("xmpp_mirror_too_large"));
        assertThat(policy.canPublish("c", "/other", big).allowed()).isTrue();
        assertThat(policy.canSubscribe("c", "/xmpp/muc/orbited-mirror-abc"))
                .isEqualTo(SecurityPolicy.Decision.deny("xmpp_mirror_channel"));
        assertThat(policy.canSubscribe("c", "/xmpp/muc/lobby").allowed()).isTrue();
        assertThat(policy.canSubscribe("c", "/xmpp/muc/*").allowed()).isTrue();
        assertThat(ChannelId.parse("/xmpp/muc/lobby").depth()).isEqualTo(3);
    }

    @Test
    void optionsTakeTheBridgesPrefixAndKeyRulesAndReservedNamespacesStayOut() {
        assertThat(options.prefix()).isEqualTo("orbited-mirror-");
        assertThatThrownBy(() -> MirrorOptions.parse(new OptionReader("xmpp", Map.of("mirror", "/chat/**",
                "mirror.secret", SECRET, "mirror.key", "a b")), n -> null, carriers))
                .hasMessage("[plugin:xmpp] mirror.key: no spaces");
        assertThatThrownBy(() -> MirrorOptions.parse(new OptionReader("xmpp", Map.of("mirror", "/xmpp/**",
                "mirror.secret", SECRET)), n -> null, carriers)).hasMessageContaining("never mirrored");
        assertThat(MirrorOptions.parse(new OptionReader("xmpp", Map.of()), n -> null, carriers)).isNull();
    }
}
