package org.orbited.bridge.xmpp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jxmpp.jid.EntityBareJid;
import org.orbited.bridge.common.BayeuxBrowser;
import org.orbited.bridge.common.mirror.MirrorCodec;
import org.orbited.node.testing.RunningNode;

/**
 * Mirror mode against copies and old frames, with a real prosody, node and CometD client: an occupant of the mirror
 * room (it has the room password, not the secret) sending a node's own frame back, and a validly signed frame from
 * before a restart. A probe holding the secret sends a fresh, signed marker frame after each attack: the room keeps
 * one sender's order, so once the marker is delivered the attack frame was handled before it.
 */
class XmppMirrorReplayTest {
    static final String SECRET = "replay-test-secret-0123456789abcdef0123";
    static final String KEY = "replay-room-key";

    @TempDir
    Path dir;

    static Map<String, String> mirrored(int port) {
        return XmppTestOptions.local(port, "mirror", "/chat/**", "mirror.secret", SECRET, "mirror.key", KEY,
                "mirror.rate", "200", "mirror.burst", "200");
    }

    static final EntityBareJid ROOM = XmppMirror.carrierRoom(XmppOptions.parse("xmpp", mirrored(1)), "/chat/room");

    /** A signed frame (one body) from {@code origin}, sent at {@code sentMillis}. */
    static String frame(String origin, long seq, long sentMillis, String json) {
        List<String> f = new MirrorCodec(SECRET.getBytes(StandardCharsets.UTF_8), XmppMirrorCarriers.INSTANCE)
                .encode(ROOM.getLocalpart().toString(), origin, seq, sentMillis, "/chat/room", json, "probe");
        assertThat(f).hasSize(1);
        return f.get(0);
    }

    static void marker(XmppMirrorRoom probe, BayeuxBrowser browser, String name) throws Exception {
        probe.send(frame("mmmmmmmmmmmmmmmm", System.nanoTime() & Long.MAX_VALUE | 1, System.currentTimeMillis(),
                "{\"marker\":\"" + name + "\"}"));
        browser.await(m -> name.equals(m.get("marker")));
    }

    static long count(BayeuxBrowser b, String text) {
        return b.received.stream().filter(m -> text.equals(m.get("text"))).count();
    }

    @Test
    void ownFramesSentBackAndSignedFramesFromBeforeARestartReachNoBrowser() throws Exception {
        List<String[]> bodies = new CopyOnWriteArrayList<>();
        try (ProsodyServer prosody = ProsodyServer.start(dir)) {
            prosody.register("bridge", XmppTestOptions.BRIDGE_PASSWORD);
            try (RunningNode node = RunningNode.start(b -> b.plugins(Map.of("xmpp", mirrored(prosody.port()))));
                 SmackClient client = SmackClient.anonymous(prosody);
                 BayeuxBrowser a = new BayeuxBrowser(node.httpPort())) {
                assertThat(a.subscribe("/chat/room").isSuccessful()).isTrue();
                // The node creates the room when its first subscriber arrives; the probe joins it with the key.
                await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> MultiUserChatManager
                        .getInstanceFor(client.connection()).getRoomInfo(ROOM).getOccupantsCount() == 1);
                XmppMirrorRoom probe = XmppMirrorRoom.enter(client.connection(), ROOM, "probe", KEY, 5000,
                        XmppCrossNodeTest.recorder(bodies));
                assertThat(probe.created()).isFalse();
                marker(probe, a, "ready");

                assertThat(a.publish("/chat/room", Map.of("text", "once")).isSuccessful()).isTrue();
                String[] own = await().atMost(Duration.ofSeconds(10)).until(() -> bodies.stream()
                        .filter(b -> b[0].startsWith("bridge-") && b[1].contains("\"once\"")).findFirst(),
                        java.util.Optional::isPresent).orElseThrow();
                // An occupant (no secret needed) copies the node's own frame back into the room.
                probe.send(own[1]);
                marker(probe, a, "after-echo");
                assertThat(count(a, "once")).isEqualTo(1);

                // A genuine frame recorded 10 minutes ago, from an origin this node never saw (as after a restart).
                long old = System.currentTimeMillis() - TimeUnit.MINUTES.toMillis(10);
                probe.send(frame("rrrrrrrrrrrrrrrr", 1, old, "{\"text\":\"recorded\"}"));
                // The same, sent now, is delivered: only its age stopped the first.
                probe.send(frame("ssssssssssssssss", 1, System.currentTimeMillis(), "{\"text\":\"fresh\"}"));
                a.await(m -> "fresh".equals(m.get("text")));
                // And sent twice, it is delivered once (per origin seq).
                probe.send(frame("ssssssssssssssss", 1, System.currentTimeMillis(), "{\"text\":\"fresh\"}"));
                marker(probe, a, "after-stale");
                assertThat(count(a, "recorded")).isZero();
                assertThat(count(a, "fresh")).isEqualTo(1);
                probe.leave();
            }
        }
    }
}
