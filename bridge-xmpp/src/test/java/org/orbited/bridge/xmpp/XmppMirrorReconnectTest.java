package org.orbited.bridge.xmpp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orbited.bridge.common.BayeuxBrowser;
import org.orbited.node.testing.RunningNode;

/**
 * Mirror mode across a prosody restart: the mirror room (not persistent) is gone with the server; after the link
 * logs in again the node enters it again, creating it again with its password, and frames cross both ways again.
 */
class XmppMirrorReconnectTest {
    @TempDir
    Path dir;

    @Test
    void afterAServerRestartTheNodeReentersTheMirrorRoomWithItsPasswordAndFramesCrossAgain() throws Exception {
        List<String[]> bodies = new CopyOnWriteArrayList<>();
        try (ProsodyServer prosody = ProsodyServer.start(dir)) {
            prosody.register("bridge", XmppTestOptions.BRIDGE_PASSWORD);
            Map<String, String> section = XmppMirrorReplayTest.mirrored(prosody.port());
            try (RunningNode node = RunningNode.start(b -> b.plugins(Map.of("xmpp", section)));
                 BayeuxBrowser a = new BayeuxBrowser(node.httpPort())) {
                assertThat(a.subscribe("/chat/room").isSuccessful()).isTrue();
                try (SmackClient before = SmackClient.anonymous(prosody)) {
                    XmppMirrorRoom probe = enterAfterTheNode(before, bodies);
                    XmppMirrorReplayTest.marker(probe, a, "before");
                }

                prosody.restart();

                try (SmackClient after = SmackClient.anonymous(prosody);
                     SmackClient intruder = SmackClient.anonymous(prosody)) {
                    XmppMirrorRoom probe = enterAfterTheNode(after, bodies);
                    // The room the node made again is password-protected again.
                    assertThatThrownBy(() -> XmppMirrorRoom.enter(intruder.connection(), XmppMirrorReplayTest.ROOM,
                            "intruder", null, 5000, XmppCrossNodeTest.ignore()))
                            .isInstanceOf(XMPPException.XMPPErrorException.class).hasMessageContaining("not-authorized");
                    assertThat(a.publish("/chat/room", Map.of("text", "after the restart")).isSuccessful()).isTrue();
                    await().atMost(Duration.ofSeconds(10)).until(() -> bodies.stream()
                            .anyMatch(b -> b[0].startsWith("bridge-") && b[1].contains("after the restart")));
                    XmppMirrorReplayTest.marker(probe, a, "after");
                }
            }
        }
    }

    /** Waits (bounded) until the node's occupant is in the mirror room, then enters it with the password. */
    private static XmppMirrorRoom enterAfterTheNode(SmackClient client, List<String[]> bodies) throws Exception {
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> MultiUserChatManager
                .getInstanceFor(client.connection()).getRoomInfo(XmppMirrorReplayTest.ROOM).getOccupantsCount() == 1);
        XmppMirrorRoom probe = XmppMirrorRoom.enter(client.connection(), XmppMirrorReplayTest.ROOM, "probe",
                XmppMirrorReplayTest.KEY, 5000, XmppCrossNodeTest.recorder(bodies));
        assertThat(probe.created()).isFalse();
        return probe;
    }
}
