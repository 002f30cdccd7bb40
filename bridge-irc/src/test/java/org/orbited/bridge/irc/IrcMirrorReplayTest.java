package org.orbited.bridge.irc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orbited.bridge.common.BayeuxBrowser;
import org.orbited.bridge.common.mirror.MirrorCodec;
import org.orbited.bridge.common.mirror.MirrorOptions;
import org.orbited.bridge.common.mirror.MirrorRoutes;
import org.orbited.node.testing.RunningNode;

/**
 * Mirror mode against copies and old frames, with a real ngircd, node and CometD client: a channel member re-sending
 * a node's own frame (B3), a validly signed frame from before a restart (R1), and two bridge instances of one node
 * mirroring the same channels (B2). A raw client holding the secret sends a fresh, signed marker frame after each
 * attack: IRC keeps one sender's order, so once the marker is delivered the attack frame was handled before it.
 */
class IrcMirrorReplayTest {
    static final Duration WAIT = Duration.ofSeconds(20);
    static final String SECRET = "replay-test-secret-0123456789abcdef0123";

    @TempDir
    Path dir;

    static Map<String, String> mirrored(int port, String nick) {
        return IrcTestOptions.local(port, "nick", nick, "mirror", "/chat/**", "mirror.secret", SECRET,
                "mirror.rate", "200", "mirror.burst", "200");
    }

    static final MirrorOptions OPTIONS = IrcOptions.parse("irc.local", mirrored(1, "x")).mirror();
    static final String CHAN = new MirrorRoutes(OPTIONS).route("/chat/room").carrier();

    /** A signed frame (one line) from {@code origin}, sent at {@code sentMillis}. */
    static String frame(String origin, long seq, long sentMillis, String json) {
        List<String> f = new MirrorCodec(OPTIONS.secret(), IrcMirrorCarriers.INSTANCE).encode(CHAN, origin, seq,
                sentMillis, "/chat/room", json, "probe");
        assertThat(f).hasSize(1);
        return f.get(0);
    }

    static void marker(RawIrcClient probe, BayeuxBrowser browser, String name) throws Exception {
        probe.send("PRIVMSG " + CHAN + " :" + frame("mmmmmmmmmmmmmmmm", System.nanoTime() & Long.MAX_VALUE | 1,
                System.currentTimeMillis(), "{\"marker\":\"" + name + "\"}"));
        browser.await(m -> name.equals(m.get("marker")));
    }

    static long count(BayeuxBrowser b, String text) {
        return b.received.stream().filter(m -> text.equals(m.get("text"))).count();
    }

    @Test
    void ownFramesSentBackAndSignedFramesFromBeforeARestartReachNoBrowser() throws Exception {
        try (NgircdServer ircd = NgircdServer.start(dir);
             RunningNode node = RunningNode.start(b -> b.plugins(Map.of("irc.local", mirrored(ircd.port(), "bridge"))));
             RawIrcClient probe = RawIrcClient.connect("probe", ircd.port());
             BayeuxBrowser a = new BayeuxBrowser(node.httpPort(), IrcTestOptions.SAY)) {
            assertThat(a.subscribe("/chat/room").isSuccessful()).isTrue();
            probe.send("JOIN " + CHAN);
            IrcCrossNodeTest.awaitNames(probe, CHAN, "bridge");
            assertThat(a.publish("/chat/room", Map.of("text", "once")).isSuccessful()).isTrue();
            String line = new String(probe.await(l -> l.contains(" PRIVMSG " + CHAN + " :OM2 "), WAIT),
                    StandardCharsets.UTF_8);
            // B3: a member (no secret needed) copies the bridge's own line back into the channel
            probe.send("PRIVMSG " + CHAN + " :" + line.substring(line.indexOf(" :OM2 ") + 2));
            marker(probe, a, "after-echo");
            assertThat(count(a, "once")).isEqualTo(1);

            // R1: a genuine frame recorded 10 minutes ago, from an origin this node never saw (as after a restart)
            long old = System.currentTimeMillis() - TimeUnit.MINUTES.toMillis(10);
            probe.send("PRIVMSG " + CHAN + " :" + frame("rrrrrrrrrrrrrrrr", 1, old, "{\"text\":\"recorded\"}"));
            // the same, sent now, is delivered: only its age stopped the first
            probe.send("PRIVMSG " + CHAN + " :" + frame("ssssssssssssssss", 1, System.currentTimeMillis(),
                    "{\"text\":\"fresh\"}"));
            a.await(m -> "fresh".equals(m.get("text")));
            marker(probe, a, "after-stale");
            assertThat(count(a, "recorded")).isZero();
        }
    }

    @Test
    void twoInstancesMirroringTheSameChannelsDoNotLoop() throws Exception {
        try (NgircdServer ircd = NgircdServer.start(dir);
             RunningNode node = RunningNode.start(b -> b.plugins(Map.of("irc.a", mirrored(ircd.port(), "bra"),
                     "irc.b", mirrored(ircd.port(), "brb"))));
             RawIrcClient probe = RawIrcClient.connect("probe", ircd.port());
             BayeuxBrowser a = new BayeuxBrowser(node.httpPort(), IrcTestOptions.SAY)) {
            assertThat(a.subscribe("/chat/room").isSuccessful()).isTrue();
            probe.send("JOIN " + CHAN);
            IrcCrossNodeTest.awaitNames(probe, CHAN, "bra");
            IrcCrossNodeTest.awaitNames(probe, CHAN, "brb");
            assertThat(a.publish("/chat/room", Map.of("text", "once")).isSuccessful()).isTrue();
            probe.await(l -> l.startsWith(":bra!") && l.contains(" PRIVMSG " + CHAN + " :OM2 "), WAIT);
            probe.await(l -> l.startsWith(":brb!") && l.contains(" PRIVMSG " + CHAN + " :OM2 "), WAIT);
            marker(probe, a, "m1");
            marker(probe, a, "m2");
            // Overlapping instances (a misconfiguration, logged): the local copy, plus each instance publishing the
            // other's frame; neither carries what the other published, so it stops there (it looped before).
            assertThat(count(a, "once")).isEqualTo(3);
            assertThat(probe.received().stream().filter(l -> l.contains(" PRIVMSG " + CHAN + " :OM2 ")
                    && !l.contains("marker"))).hasSize(2);
        }
    }
}
