package org.orbited.bridge.xmpp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jxmpp.jid.parts.Resourcepart;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orbited.bridge.common.BayeuxBrowser;
import org.orbited.node.testing.RunningNode;

/**
 * Roles after the join (docs/xmpp.md "Events"): an owner coming back into the room, and a moderator role granted and
 * revoked, make the occupant publish the room's {@code names} again, with {@code self}, so pages see who the
 * moderators are now. Real prosody, real node, a CometD client and Smack clients.
 */
class XmppRoleNamesEndToEndTest {
    @TempDir
    static Path dir;
    static ProsodyServer prosody;
    static RunningNode node;

    @BeforeAll
    static void start() throws Exception {
        prosody = ProsodyServer.start(dir);
        prosody.register("bridge", XmppTestOptions.BRIDGE_PASSWORD);
        prosody.register("helper", "helper-pw");
        prosody.register("other", "other-pw");
        node = XmppTestOptions.startNode(prosody);
    }

    @AfterAll
    static void stop() {
        XmppTestOptions.closeAll(node, prosody);
    }

    @SuppressWarnings("unchecked")
    static Predicate<Map<String, Object>> names(String... exactly) {
        return m -> "names".equals(m.get("type"))
                && new java.util.HashSet<>((List<String>) m.get("names")).equals(java.util.Set.of(exactly));
    }

    @Test
    void anOwnerComingBackAndAModeratorGrantedAreSeenByBrowsers() throws Exception {
        try (SmackClient helper = SmackClient.account(prosody, "helper", "helper-pw");
             SmackClient other = SmackClient.account(prosody, "other", "other-pw");
             BayeuxBrowser browser = new BayeuxBrowser(node.httpPort(), XmppTestOptions.SAY)) {
            MultiUserChat room = helper.join("chat-roles", "helper");  // creates the room: owner
            assertThat(browser.subscribe(XmppTestOptions.room("chat-roles")).isSuccessful()).isTrue();
            assertThat(browser.await(names("~helper", "bridge"))).containsEntry("self", "bridge");

            helper.leave("chat-roles");  // the room stays (the bridge is in it), and so does helper's ownership
            browser.await(m -> "part".equals(m.get("type")) && "helper".equals(m.get("sender")));
            room = helper.join("chat-roles", "helper");
            assertThat(browser.await(names("~helper", "bridge"))).containsEntry("self", "bridge");
            int before = browser.matching(BayeuxBrowser.type("names")).size();
            assertThat(browser.matching(names("~helper", "bridge"))).hasSize(2);

            other.join("chat-roles", "carol");  // a plain participant: a join, no names
            browser.await(m -> "join".equals(m.get("type")) && "carol".equals(m.get("sender")));
            room.grantModerator(Resourcepart.from("carol"));
            browser.await(names("~helper", "bridge", "@carol"));
            room.revokeModerator(Resourcepart.from("carol"));
            browser.await(names("~helper", "bridge", "carol"));
            assertThat(browser.matching(BayeuxBrowser.type("names"))).hasSize(before + 2);
        }
    }
}
