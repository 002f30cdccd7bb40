package org.orbited.bridge.xmpp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orbited.bridge.common.BayeuxBrowser;
import org.orbited.node.testing.RunningNode;

/**
 * A visitor session's own flood bucket ({@code flood.rate}, {@code flood.burst}, {@code flood.queue}): lines beyond
 * the queue are refused at the call with {@code xmpp_flood_queue_full} (nobody sees them), the others reach the room
 * in order, paced.
 */
class XmppPersonalFloodTest {
    @TempDir
    Path dir;

    @Test
    void linesBeyondTheQueueAreRefusedAndTheOthersArriveInOrder() throws Exception {
        try (ProsodyServer prosody = ProsodyServer.start(dir)) {
            prosody.register("bridge", XmppTestOptions.BRIDGE_PASSWORD);
            prosody.register("helper", "helper-pw");
            try (RunningNode node = RunningNode.start(b -> b.plugins(Map.of("xmpp", XmppTestOptions.local(
                         prosody.port(), "flood.rate", "0.5", "flood.burst", "1", "flood.queue", "2"))));
                 SmackClient helper = SmackClient.account(prosody, "helper", "helper-pw");
                 BayeuxBrowser ivy = new BayeuxBrowser(node.httpPort(), XmppTestOptions.SAY)) {
                helper.join("chat-flood", "helper");
                assertThat(ivy.subscribe(XmppTestOptions.room("chat-flood")).isSuccessful()).isTrue();
                assertThat(ivy.call(XmppPersonalEndToEndTest.SERVICE + "login", Map.of("nick", "ivy")))
                        .containsEntry("ok", true);
                List<Map<String, Object>> answers = new ArrayList<>();
                for (int i = 1; i <= 5; i++) {
                    answers.add(ivy.say("chat-flood", "line " + i));
                }
                // one goes at once (burst 1), two wait (queue 2), the rest are refused; a token comes every 2 s, far
                // longer than five calls take, so which line is refused does not depend on timing
                assertThat(answers.subList(0, 3)).allSatisfy(a -> assertThat(a).containsEntry("ok", true));
                assertThat(answers.subList(3, 5)).allSatisfy(a -> assertThat(a).containsEntry("ok", false)
                        .containsEntry("code", "xmpp_flood_queue_full"));
                helper.awaitLine("chat-flood", "line 3");
                assertThat(helper.lines.stream().filter(l -> "ivy".equals(l.nick())).map(SmackClient.Line::body))
                        .containsExactly("line 1", "line 2", "line 3");
                assertThat(ivy.say("chat-flood", "later")).containsEntry("ok", true);
                helper.awaitLine("chat-flood", "later");
                assertThat(helper.lines).noneMatch(l -> "line 4".equals(l.body()) || "line 5".equals(l.body()));
            }
        }
    }
}
