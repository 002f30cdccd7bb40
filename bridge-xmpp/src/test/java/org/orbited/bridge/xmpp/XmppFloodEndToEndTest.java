package org.orbited.bridge.xmpp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.orbited.bridge.common.BayeuxBrowser.type;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orbited.bridge.common.BayeuxBrowser;
import org.orbited.node.testing.RunningNode;

/**
 * Relay flood control end to end, with a visitor rate so low (0.01 line/s) that nothing is released during the
 * test: a visitor's burst goes out, its queue fills, the next say is refused at the call, and another visitor still
 * gets through; the canonical event is published for exactly the lines the room showed.
 */
class XmppFloodEndToEndTest {
    @TempDir
    static Path dir;
    static ProsodyServer prosody;
    static RunningNode node;

    @BeforeAll
    static void start() throws Exception {
        prosody = ProsodyServer.start(dir);
        prosody.register("bridge", XmppTestOptions.BRIDGE_PASSWORD);
        prosody.register("helper", "helper-pw");
        node = RunningNode.start(b -> b.plugins(Map.of("xmpp", XmppTestOptions.local(prosody.port(),
                "flood.visitor.rate", "0.01", "flood.visitor.burst", "3", "flood.visitor.queue", "10"))));
    }

    @AfterAll
    static void stop() {
        XmppTestOptions.closeAll(node, prosody);
    }

    @Test
    void oneVisitorsFloodIsQueuedThenRefusedWhileOthersGetThrough() throws Exception {
        try (SmackClient helper = SmackClient.account(prosody, "helper", "helper-pw");
             BayeuxBrowser flooder = new BayeuxBrowser(node.httpPort(), XmppTestOptions.SAY);
             BayeuxBrowser other = new BayeuxBrowser(node.httpPort(), XmppTestOptions.SAY)) {
            helper.join("chat-flood", "helper");
            flooder.subscribe(XmppTestOptions.room("chat-flood"));
            other.subscribe(XmppTestOptions.room("chat-flood"));
            flooder.await(type("names"));
            other.await(type("names"));
            for (int i = 1; i <= 13; i++) {
                assertThat(flooder.say("chat-flood", "line " + i, "name", "fay")).as("line " + i)
                        .containsEntry("ok", true);
            }
            assertThat(flooder.say("chat-flood", "line 14", "name", "fay")).containsEntry("ok", false)
                    .containsEntry("code", "xmpp_flood_queue_full");
            assertThat(other.say("chat-flood", "me too", "name", "gus")).containsEntry("ok", true);
            helper.awaitLine("chat-flood", "<gus_web> me too");
            other.await(m -> "me too".equals(m.get("text")));
            for (int i = 1; i <= 3; i++) {
                helper.awaitLine("chat-flood", "<fay_web> line " + i);
                String text = "line " + i;
                other.await(m -> text.equals(m.get("text")));
            }
            assertThat(helper.lines).noneMatch(l -> "<fay_web> line 4".equals(l.body()));
            assertThat(other.matching(m -> String.valueOf(m.get("text")).startsWith("line "))).hasSize(3);
        }
    }
}
