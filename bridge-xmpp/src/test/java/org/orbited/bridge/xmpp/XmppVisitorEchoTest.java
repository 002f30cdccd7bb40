package org.orbited.bridge.xmpp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orbited.bridge.common.BayeuxBrowser;
import org.orbited.node.testing.RunningNode;

/**
 * A visitor's line announced to the occupant ({@link OutgoingLines#expect}) when it leaves, not when it is queued: a
 * line that waits in its session's flood bucket longer than {@link OutgoingLines#CONFIRM_SECONDS} still gets its
 * canonical {@code web:true} event on the room's reflection and no false {@code xmpp_not_confirmed}.
 */
class XmppVisitorEchoTest {
    @TempDir
    Path dir;

    @Test
    void aLineThatWaitedLongerThanTheConfirmTimeIsStillConfirmed() throws Exception {
        try (ProsodyServer prosody = ProsodyServer.start(dir)) {
            prosody.register("bridge", XmppTestOptions.BRIDGE_PASSWORD);
            prosody.register("helper", "helper-pw");
            // burst 1: line 1 leaves at once; a token every 40 s: line 2 waits 40 s, longer than the 30 s confirm
            // time plus the 5 s expiry sweep, so without the fix it is always reported unconfirmed before it leaves
            try (RunningNode node = RunningNode.start(b -> b.plugins(Map.of("xmpp", XmppTestOptions.local(
                         prosody.port(), "flood.rate", "0.025", "flood.burst", "1", "flood.queue", "2"))));
                 SmackClient helper = SmackClient.account(prosody, "helper", "helper-pw");
                 BayeuxBrowser ivy = new BayeuxBrowser(node.httpPort(), XmppTestOptions.SAY)) {
                ivy.listenPersonal(XmppPersonalEndToEndTest.EVENTS);
                helper.join("chat-slow", "helper");
                assertThat(ivy.subscribe(XmppTestOptions.room("chat-slow")).isSuccessful()).isTrue();
                assertThat(ivy.call(XmppPersonalEndToEndTest.SERVICE + "login", Map.of("nick", "ivy")))
                        .containsEntry("ok", true);
                assertThat(ivy.say("chat-slow", "line 1")).containsEntry("ok", true);
                assertThat(ivy.say("chat-slow", "line 2")).containsEntry("ok", true);
                Predicate<Map<String, Object>> line2 = m -> "line 2".equals(m.get("text"));
                Map<String, Object> event = Awaitility.await().atMost(Duration.ofSeconds(120))
                        .until(() -> ivy.received.stream().filter(line2).findFirst(),
                                java.util.Optional::isPresent).orElseThrow();
                assertThat(event).containsEntry("type", "message").containsEntry("sender", "ivy")
                        .containsEntry("web", true);
                assertThat(helper.awaitLine("chat-slow", "line 2").nick()).isEqualTo("ivy");
                // without the fix the false xmpp_not_confirmed came at 30..35 s, before line 2 even left
                Predicate<Map<String, Object>> unconfirmed = m -> "xmpp_not_confirmed".equals(m.get("code"));
                assertThat(ivy.received).noneMatch(unconfirmed);
                assertThat(ivy.personal).noneMatch(unconfirmed);
                assertThat(ivy.matching(line2)).hasSize(1);
            }
        }
    }
}
