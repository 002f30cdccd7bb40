package org.orbited.bridge.irc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.orbited.bridge.common.TextRules;
import org.orbited.bridge.common.mirror.MirrorCodec;
import org.orbited.bridge.common.mirror.MirrorInstances;
import org.orbited.bridge.common.mirror.MirrorOptions;
import org.orbited.bridge.common.mirror.MirrorReceiver;
import org.orbited.bridge.common.mirror.MirrorRoutes;
import org.orbited.plugin.ChannelId;
import org.orbited.plugin.Origin;
import org.orbited.plugin.PublishedMessage;

/** The mirror wire format: routes, framing, reassembly, MAC, dedup and bounds (no network). */
class IrcMirrorCodecTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String SECRET = "0123456789abcdef0123456789abcdef";
    static final String ORIGIN = "abcdefghijklmnop";
    static final String NICK = "n".repeat(30);

    final MirrorOptions options = options(SECRET, 4096);
    final MirrorRoutes routes = new MirrorRoutes(options);
    final MirrorCodec codec = new MirrorCodec(options.secret(), IrcMirrorCarriers.INSTANCE);
    final MirrorRoutes.Route chat = routes.route("/chat/room");
    final ChannelMapping mapping = new ChannelMapping("local", CaseMapping.ASCII, List.of("#*"));
    long now = 1_000;
    long wallMillis = 1_700_000_000_000L;

    static MirrorOptions options(String secret, int maxBytes) {
        Map<String, String> m = new HashMap<>(Map.of("host", "h", "channels", "#a", "mirror", "/chat/** /news/*",
                "mirror.secret", secret, "mirror.max_bytes", String.valueOf(maxBytes)));
        return IrcOptions.parse("irc", m).mirror();
    }

    static final String OWN = "ownownownownownn";

    MirrorReceiver receiver() {
        return receiver(routes, codec, options);
    }

    MirrorReceiver receiver(MirrorRoutes rs, MirrorCodec c, MirrorOptions o) {
        return new MirrorReceiver(rs, c, o.maxBytes(), OWN, () -> wallMillis,
                new MirrorReceiver.Limits(4, 2, TimeUnit.SECONDS.toNanos(5), 100, TimeUnit.MINUTES.toMillis(5)));
    }

    List<String> frames(long seq, String channel, JsonNode data) {
        return frames(ORIGIN, seq, wallMillis, channel, data);
    }

    List<String> frames(String origin, long seq, long sent, String channel, JsonNode data) {
        return codec.encode(routes.route(channel).carrier(), origin, seq, sent, channel, MirrorCodec.toJson(data),
                NICK);
    }

    MirrorReceiver.Result feed(MirrorReceiver r, MirrorRoutes.Route route, List<String> frames) {
        MirrorReceiver.Result last = null;
        for (String f : frames) {
            last = r.accept(route, "nodeA", f, now);
            if (last.dropped() != null) {
                return last;
            }
        }
        return last;
    }

    static JsonNode data(String text) {
        ObjectNode n = JSON.createObjectNode();
        n.put("text", text);
        return n;
    }

    @Test
    void channelNamesAreTheSameAsBeforeTheMoveToBridgeCommon() {
        // what bridge-irc computed with Guava's base32 before the mirror pieces moved: nodes of both versions meet
        String hash = com.google.common.io.BaseEncoding.base32().omitPadding().lowerCase()
                .encode(MirrorRoutes.hmac(SECRET.getBytes(StandardCharsets.UTF_8), "orbited-mirror-channel:/chat/**"))
                .substring(0, MirrorRoutes.HASH_CHARS);
        assertThat(chat.carrier()).isEqualTo("#orbited-mirror-" + hash);
    }

    @Test
    void routesAreKeyedHashesFirstPatternWinsAndOverlapIsExact() {
        assertThat(chat.pattern().name()).isEqualTo("/chat/**");
        assertThat(chat.carrier()).matches("#orbited-mirror-[a-z2-7]{16}").hasSizeLessThanOrEqualTo(50);
        assertThat(routes.route("/news/today").carrier()).isNotEqualTo(chat.carrier());
        assertThat(routes.route("/news/a/b")).isNull();
        assertThat(routes.route("/other")).isNull();
        assertThat(new MirrorRoutes(options(SECRET, 4096)).route("/chat/x").carrier()).isEqualTo(chat.carrier());
        assertThat(new MirrorRoutes(options("x" + SECRET, 4096)).route("/chat/x").carrier())
                .isNotEqualTo(chat.carrier());
        assertThat(routes.routesFor("/chat/*")).containsExactly(chat);
        assertThat(routes.routesFor("/**")).hasSize(2);
        assertThat(routes.routesFor("/news/*")).extracting(r -> r.pattern().name()).containsExactly("/news/*");
        assertThat(routes.routesFor("/news/a/*")).isEmpty();
        assertThat(routes.routesFor("/chat")).isEmpty();
        assertThat(routes.byCarrier(chat.carrier().toUpperCase(), mapping::fold)).isEqualTo(chat);
        String[][] overlapping = {{"/a/*", "/a/**"}, {"/a/b/*", "/a/**"}, {"/a/**", "/a/b/**"}, {"/a/b", "/a/*"},
                {"/**", "/x/y"}, {"/a/*", "/a/*"}};
        String[][] disjoint = {{"/a/*", "/a/b/*"}, {"/a/*", "/b/*"}, {"/a/**", "/b/**"}, {"/a", "/a/*"},
                {"/a/b/c", "/a/*"}, {"/a/b/*", "/a/c/**"}};
        for (String[] p : overlapping) {
            assertThat(MirrorRoutes.intersects(ChannelId.parse(p[0]), ChannelId.parse(p[1]))).as(p[0] + " " + p[1]).isTrue();
            assertThat(MirrorRoutes.intersects(ChannelId.parse(p[1]), ChannelId.parse(p[0]))).as(p[1] + " " + p[0]).isTrue();
        }
        for (String[] p : disjoint) {
            assertThat(MirrorRoutes.intersects(ChannelId.parse(p[0]), ChannelId.parse(p[1]))).as(p[0] + " " + p[1]).isFalse();
            assertThat(MirrorRoutes.intersects(ChannelId.parse(p[1]), ChannelId.parse(p[0]))).as(p[1] + " " + p[0]).isFalse();
        }
    }

    @Test
    void aSmallMessageIsOneFrameAndComesBackEqual() throws Exception {
        JsonNode d = JSON.readTree("{\"text\":\"hello\",\"n\":[1,2.5,true,null],\"o\":{}}");
        List<String> f = frames(1, "/chat/room", d);
        assertThat(f).singleElement().satisfies(s -> assertThat(s)
                .matches("OM2 abcdefghijklmnop 1 1/1 [A-Za-z0-9_-]{43} " + wallMillis + " /chat/room \\{.*\\}\\."));
        MirrorReceiver.Result r = feed(receiver(), chat, f);
        assertThat(r.complete()).isTrue();
        assertThat(r.bayeuxChannel()).isEqualTo("/chat/room");
        assertThat(r.data()).isEqualTo(d);
    }

    @Test
    void aLargeMessageWithControlsFourByteCharsAndSpacesSplitsIntoSafeLinesAndReassembles() {
        String text = "\u0000\r\n\u007f\u0001 \ud800 lone, 😀👍🏽 " + "𝄞😀".repeat(700) + " ".repeat(600) + "é" + "x "
                .repeat(300) + "   ";
        JsonNode d = data(text);
        MirrorOptions big = options(SECRET, 65536);
        MirrorCodec c = new MirrorCodec(big.secret(), IrcMirrorCarriers.INSTANCE);
        MirrorRoutes rs = new MirrorRoutes(big);
        MirrorRoutes.Route route = rs.route("/chat/room");
        List<String> f = c.encode(route.carrier(), ORIGIN, 7, wallMillis, "/chat/room", MirrorCodec.toJson(d), NICK);
        assertThat(f).hasSizeGreaterThan(10);
        for (String frame : f) {
            byte[] relayed = (":" + NICK + "!" + "u".repeat(11) + "@" + "h".repeat(63) + " PRIVMSG " + route.carrier()
                    + " :" + frame + "\r\n").getBytes(StandardCharsets.UTF_8);
            assertThat(relayed.length).isLessThanOrEqualTo(512);
            assertThat(frame).doesNotContain("\r", "\n", "\u0000", "\u007f").endsWith(".");
            assertThat(frame.chars().noneMatch(ch -> ch < 0x20)).isTrue();
            assertThat(new String(frame.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)).isEqualTo(frame);
        }
        MirrorReceiver r = receiver(rs, c, big);
        MirrorReceiver.Result result = feed(r, route, f);
        assertThat(result.complete()).isTrue();
        assertThat(result.data().get("text").asText()).isEqualTo(text);
        assertThat(r.partials()).isZero();
    }

    @Test
    void aWrongSecretATamperedChunkOrAnotherChannelIsDropped() {
        List<String> f = frames(1, "/chat/room", data("hi"));
        MirrorOptions other = options("y" + SECRET, 4096);
        MirrorCodec forger = new MirrorCodec(other.secret(), IrcMirrorCarriers.INSTANCE);
        List<String> forged = forger.encode(chat.carrier(), ORIGIN, 1, wallMillis, "/chat/room",
                "{\"text\":\"evil\"}", NICK);
        MirrorReceiver r = receiver();
        assertThat(feed(r, chat, forged).dropped()).isEqualTo("bad_mac");
        assertThat(feed(r, chat, List.of(f.get(0).replace("hi", "ho"))).dropped()).isEqualTo("bad_mac");
        // the same frame replayed into another mirror channel: the MAC covers the IRC channel
        MirrorRoutes.Route news = routes.route("/news/x");
        assertThat(feed(r, news, f).dropped()).isEqualTo("bad_mac");
        // signed for the chat IRC channel but naming a channel another route carries
        List<String> misrouted = codec.encode(chat.carrier(), ORIGIN, 2, wallMillis, "/news/x", "{}", NICK);
        assertThat(feed(r, chat, misrouted).dropped()).isEqualTo("wrong_channel");
        List<String> unmirrored = codec.encode(chat.carrier(), ORIGIN, 3, wallMillis, "/elsewhere", "{}", NICK);
        assertThat(feed(r, chat, unmirrored).dropped()).isEqualTo("wrong_channel");
        // the genuine one still goes through: drops advanced nothing
        assertThat(feed(r, chat, f).complete()).isTrue();
        assertThat(r.accept(chat, "human", "hello everyone", now).dropped()).isEqualTo("not_a_frame");
        assertThat(r.accept(chat, "human", "OM2 hello", now).dropped()).isEqualTo("malformed");
        // signed, but not exactly one JSON value (N1): nothing, or trailing tokens
        assertThat(feed(r, chat, codec.encode(chat.carrier(), ORIGIN, 4, wallMillis, "/chat/room", "", NICK))
                .dropped()).isEqualTo("bad_json");
        assertThat(feed(r, chat, codec.encode(chat.carrier(), ORIGIN, 5, wallMillis, "/chat/room", "{} {}", NICK))
                .dropped()).isEqualTo("bad_json");
    }

    @Test
    void duplicatesAndReplaysAreDroppedSoEachMessageIsPublishedOnce() {
        MirrorReceiver r = receiver();
        List<String> one = frames(1, "/chat/room", data("one"));
        List<String> two = frames(2, "/chat/room", data("two " + "z".repeat(900)));
        assertThat(feed(r, chat, one).complete()).isTrue();
        assertThat(feed(r, chat, one).dropped()).isEqualTo("duplicate");
        assertThat(feed(r, chat, two).complete()).isTrue();
        assertThat(feed(r, chat, two).dropped()).isEqualTo("duplicate");
        assertThat(feed(r, chat, one).dropped()).isEqualTo("duplicate");
        // another origin has its own sequence
        List<String> other = codec.encode(chat.carrier(), "qrstuvwxyz234567", 1, wallMillis, "/chat/room", "{}",
                NICK);
        assertThat(feed(r, chat, other).complete()).isTrue();
    }

    @Test
    void truncatedOrOutOfOrderFragmentsNeverComplete() {
        List<String> f = frames(1, "/chat/room", data("y".repeat(1500)));
        assertThat(f).hasSizeGreaterThanOrEqualTo(4);
        MirrorReceiver r = receiver();
        assertThat(r.accept(chat, "nodeA", f.get(1), now).dropped()).isEqualTo("out_of_order");
        assertThat(r.accept(chat, "nodeA", f.get(0), now).dropped()).isNull();
        assertThat(r.accept(chat, "nodeA", f.get(2), now).dropped()).isEqualTo("out_of_order");  // 2 missing
        assertThat(r.accept(chat, "nodeA", f.get(3), now).dropped()).isEqualTo("out_of_order");
        // fragments of one sender cannot be completed by another nick
        assertThat(r.accept(chat, "nodeA", f.get(0), now).dropped()).isNull();
        assertThat(r.accept(chat, "intruder", f.get(1), now).dropped()).isEqualTo("out_of_order");
        // a partial older than the timeout is forgotten
        now += TimeUnit.SECONDS.toNanos(6);
        assertThat(r.accept(chat, "nodeA", f.get(1), now).dropped()).isEqualTo("out_of_order");
        assertThat(r.partials()).isZero();
        // at most 4 partial messages in all (2 per nick here): the oldest goes
        Map<Integer, List<String>> started = new HashMap<>();
        for (int seq = 10; seq < 16; seq++) {
            started.put(seq, frames(seq, "/chat/room", data("y".repeat(1500))));
            assertThat(r.accept(chat, "node" + seq, started.get(seq).get(0), now).dropped()).isNull();
        }
        assertThat(r.partials()).isEqualTo(4);
        // 10 and 11 were evicted (the oldest), 12..15 survive: finish one of each
        MirrorReceiver.Result evicted = null;
        for (String frame : started.get(10).subList(1, started.get(10).size())) {
            evicted = r.accept(chat, "node10", frame, now);
            if (evicted.dropped() != null) {
                break;
            }
        }
        assertThat(evicted.dropped()).isEqualTo("out_of_order");
        MirrorReceiver.Result survivor = null;
        for (String frame : started.get(12).subList(1, started.get(12).size())) {
            survivor = r.accept(chat, "node12", frame, now);
        }
        assertThat(survivor.complete()).isTrue();
    }

    @Test
    void dataOverTheReceiversLimitIsDroppedAndSizeCountsEscapedUtf8() {
        MirrorOptions big = options(SECRET, 65536);
        MirrorCodec c = new MirrorCodec(big.secret(), IrcMirrorCarriers.INSTANCE);
        JsonNode d = data("é".repeat(3000));  // 6000 bytes of UTF-8
        assertThat(MirrorCodec.size(d)).isEqualTo(6000 + "{\"text\":\"\"}".length());
        assertThat(MirrorCodec.size(data("\u0000"))).isEqualTo("{\"text\":\"\\u0000\"}".length());
        List<String> f = c.encode(chat.carrier(), ORIGIN, 1, wallMillis, "/chat/room", MirrorCodec.toJson(d), NICK);
        assertThat(feed(receiver(), chat, f).dropped()).isEqualTo("oversize");
    }

    @Test
    void aFrameCarryingThisNodesOwnOriginIsDroppedEvenThoughItVerifies() {
        MirrorReceiver r = receiver();
        List<String> own = frames(OWN, 1, wallMillis, "/chat/room", data("mine"));
        assertThat(feed(r, chat, own).dropped()).isEqualTo("own_echo");
        assertThat(r.partials()).isZero();
        assertThat(feed(r, chat, frames(1, "/chat/room", data("theirs"))).complete()).isTrue();
    }

    @Test
    void aMessageSentMoreThanFiveMinutesFromThisClockIsDroppedAsStaleWhateverItsSeq() {
        MirrorReceiver r = receiver();
        long window = TimeUnit.MINUTES.toMillis(5);
        // a recording replayed after a restart: new to this receiver (empty dedup memory), but old
        assertThat(feed(r, chat, frames(1, wallMillis - window - 1, data("old"))).dropped()).isEqualTo("stale");
        assertThat(feed(r, chat, frames(2, wallMillis + window + 1, data("future"))).dropped()).isEqualTo("stale");
        // within the skew allowed either way: accepted; and a stale drop advanced nothing
        assertThat(feed(r, chat, frames(1, wallMillis - window, data("late"))).complete()).isTrue();
        assertThat(feed(r, chat, frames(3, wallMillis + window, data("early"))).complete()).isTrue();
        assertThat(feed(r, chat, frames(2, wallMillis, data("behind"))).dropped()).isEqualTo("duplicate");
        // the sent time is under the MAC
        String altered = frames(4, wallMillis - window - 1, data("x")).get(0)
                .replace(" " + (wallMillis - window - 1) + " ", " " + wallMillis + " ");
        assertThat(r.accept(chat, "nodeA", altered, now).dropped()).isEqualTo("bad_mac");
    }

    private List<String> frames(long seq, long sent, JsonNode data) {
        return frames(ORIGIN, seq, sent, "/chat/room", data);
    }

    @Test
    void oneNickFloodingFirstFragmentsEvictsOnlyItsOwnPartials() {
        MirrorReceiver r = receiver();  // 4 in all, 2 per nick
        List<String> legit = frames(1, "/chat/room", data("y".repeat(1500)));
        assertThat(r.accept(chat, "nodeA", legit.get(0), now).dropped()).isNull();
        for (int i = 0; i < 50; i++) {
            assertThat(r.accept(chat, "attacker", "OM2 " + "q".repeat(16) + " " + (i + 1) + " 1/999 x.", now)
                    .dropped()).isNull();
        }
        assertThat(r.partials()).isEqualTo(3);
        MirrorReceiver.Result last = null;
        for (String frame : legit.subList(1, legit.size())) {
            last = r.accept(chat, "nodeA", frame, now);
        }
        assertThat(last.complete()).isTrue();
    }

    @Test
    void maxFragmentsBoundsTheWorstCaseSplitAndTheQueueMinimumUsesIt() {
        MirrorOptions big = options(SECRET, 65536);
        MirrorCodec c = new MirrorCodec(big.secret(), IrcMirrorCarriers.INSTANCE);
        String channel = "/chat/" + "c".repeat(200);
        // ASCII words followed by runs of 3-byte characters: a word-break preference would cut short pieces
        String text = ("a ".repeat(40) + "中".repeat(60)).repeat(200).substring(0, 21_000);
        String json = MirrorCodec.toJson(data(text));
        assertThat(TextRules.utf8Length(json)).isLessThanOrEqualTo(65536);
        String longest = IrcMirrorCarriers.DEFAULT_PREFIX.substring(0, 1)
                + "x".repeat(IrcMirrorCarriers.MAX_CHANNEL_LENGTH - 1);
        List<String> f = c.encode(longest, ORIGIN, Long.MAX_VALUE, Long.MAX_VALUE, channel, json, NICK);
        int payload = TextRules.utf8Length(Long.MAX_VALUE + " " + channel + " " + json);
        assertThat(f.size()).isLessThanOrEqualTo(IrcMirrorCarriers.maxFragments(payload));
        assertThat(MirrorCodec.maxPayloadBytes(65536)).isGreaterThanOrEqualTo(payload);
        assertThat(MirrorCodec.chunks("ab😀c", 4)).containsExactly("ab", "😀", "c");
        // the partial timeout covers the largest message at a slow rate
        Map<String, String> slow = new HashMap<>(Map.of("host", "h", "channels", "#a", "mirror", "/chat/**",
                "mirror.secret", SECRET, "mirror.max_bytes", "65536", "mirror.rate", "1"));
        MirrorOptions o = IrcOptions.parse("irc", slow).mirror();
        int fragments = IrcMirrorCarriers.maxFragments(MirrorCodec.maxPayloadBytes(65536));
        assertThat(MirrorBridge.receiverLimits(o).partialTimeoutNanos())
                .isGreaterThanOrEqualTo(TimeUnit.SECONDS.toNanos(fragments));
        assertThat(MirrorBridge.receiverLimits(options).partialTimeoutNanos()).isEqualTo(TimeUnit.SECONDS.toNanos(60));
    }

    @Test
    void publicationsOfAnyIrcBridgeInstanceAreNeverCarried() {
        JsonNode d = data("x");
        assertThat(MirrorInstances.byBridge(new PublishedMessage("/chat/a", d, Origin.PLUGIN, null, "irc.b"))).isTrue();
        assertThat(MirrorInstances.byBridge(new PublishedMessage("/chat/a", d, Origin.PLUGIN, null, "irc"))).isTrue();
        assertThat(MirrorInstances.byBridge(new PublishedMessage("/chat/a", d, Origin.PLUGIN, null, "ircx"))).isFalse();
        assertThat(MirrorInstances.byBridge(new PublishedMessage("/chat/a", d, Origin.PLUGIN, null, "presence")))
                .isFalse();
        assertThat(MirrorInstances.byBridge(new PublishedMessage("/chat/a", d, Origin.BAYEUX_CLIENT, "c1", null)))
                .isFalse();
    }

    @Test
    void mirrorOptionsRefuseServerLocalChannelsAndOtherBridgesNamespaces() {
        Map<String, String> amp = new HashMap<>(Map.of("host", "h", "channels", "#a", "mirror", "/chat/**",
                "mirror.secret", SECRET, "mirror.prefix", "&mirror-"));
        assertThatThrownBy(() -> IrcOptions.parse("irc", amp)).hasMessageContaining(
                "mirror.prefix: '&mirror-' starts with &: & channels are local to one IRC server");
        for (String reserved : List.of("/xmpp/**", "/xmpp/a/b", "/service/**")) {
            Map<String, String> m = new HashMap<>(Map.of("host", "h", "channels", "#a", "mirror", reserved,
                    "mirror.secret", SECRET));
            assertThatThrownBy(() -> IrcOptions.parse("irc", m)).as(reserved).hasMessageContaining("mirror: '" + reserved);
        }
    }
}
