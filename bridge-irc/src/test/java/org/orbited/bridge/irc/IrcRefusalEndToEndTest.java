package org.orbited.bridge.irc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orbited.bridge.common.BayeuxBrowser;
import org.orbited.node.testing.RunningNode;

/**
 * Server refusals end to end against ngircd, a raw IRC client being the channel operator who sets the modes: a
 * personal connection's refused TOPIC (482, +t) and JOIN (474, +b) reach that browser alone as error events on
 * {@code /service/irc/local/events}; the bridge's refused JOIN (473, +i) reaches the channel's subscribers as a
 * {@code join_refused} status (with the refusal's {@code code} and {@code numeric}), and what they say there is
 * refused at the call ({@code irc_join_refused}).
 */
class IrcRefusalEndToEndTest {
    static final Duration WAIT = Duration.ofSeconds(10);
    static final String EVENTS = "/service/irc/local/events";

    @TempDir
    static Path dir;
    static NgircdServer ircd;
    static RunningNode node;
    static RawIrcClient op;

    @BeforeAll
    static void start() throws Exception {
        ircd = NgircdServer.start(dir);
        node = RunningNode.start(b -> b.plugins(Map.of("irc.local", IrcTestOptions.local(ircd.port()))));
        op = RawIrcClient.connect("op", ircd.port());
    }

    @AfterAll
    static void stop() {
        if (op != null) {
            op.close();
        }
        if (node != null) {
            node.close();
        }
        if (ircd != null) {
            ircd.close();
        }
    }

    static BayeuxBrowser loggedIn(String nick) throws Exception {
        BayeuxBrowser b = new BayeuxBrowser(node.httpPort(), IrcTestOptions.SAY);
        b.listenPersonal(EVENTS);
        assertThat(b.call("irc/local/login", Map.of("nick", nick))).containsEntry("ok", true);
        return b;
    }

    @Test
    void aTopicChangeByANonOperatorOnAPlusTChannelIsReportedToThatBrowserAlone() throws Exception {
        op.join("#chat-t");
        op.send("MODE #chat-t +t");
        op.await(l -> l.startsWith(":op!") && l.contains(" MODE #chat-t +t"), WAIT);
        try (BayeuxBrowser alice = loggedIn("alice"); BayeuxBrowser bob = loggedIn("bob")) {
            for (BayeuxBrowser b : new BayeuxBrowser[] {alice, bob}) {
                b.subscribe("/irc/local/$23chat-t");
            }
            alice.awaitPersonal(m -> "join".equals(m.get("type")) && "#chat-t".equals(m.get("channel")));
            assertThat(alice.call("irc/local/topic", Map.of("channel", "#chat-t", "text", "mine now")))
                    .containsEntry("ok", true);
            Map<String, Object> refused = alice.awaitPersonal(m -> "error".equals(m.get("type")));
            assertThat(refused).containsEntry("code", "irc_not_channel_operator").containsEntry("channel", "#chat-t")
                    .containsEntry("numeric", 482L).containsKey("message").containsKey("time");
            assertThat(op.received()).noneMatch(l -> l.contains("TOPIC #chat-t") && l.contains("mine now"));
            bob.awaitPersonal(m -> "join".equals(m.get("type")) && "#chat-t".equals(m.get("channel")));
            assertThat(bob.personal).noneMatch(m -> "error".equals(m.get("type")));
            assertThat(bob.received).noneMatch(m -> "error".equals(m.get("type")));
        }
    }

    @Test
    void aBannedVisitorsJoinIsReportedToThatBrowserAlone() throws Exception {
        op.join("#chat-ban");
        op.send("MODE #chat-ban +b carl!*@*");
        op.await(l -> l.startsWith(":op!") && l.contains(" MODE #chat-ban +b carl!*@*"), WAIT);
        try (BayeuxBrowser carl = loggedIn("carl"); BayeuxBrowser dora = loggedIn("dora")) {
            dora.subscribe("/irc/local/$23chat-ban");
            carl.subscribe("/irc/local/$23chat-ban");
            Map<String, Object> refused = carl.awaitPersonal(m -> "error".equals(m.get("type")));
            assertThat(refused).containsEntry("code", "irc_banned").containsEntry("channel", "#chat-ban")
                    .containsEntry("numeric", 474L);
            dora.awaitPersonal(m -> "join".equals(m.get("type")) && "#chat-ban".equals(m.get("channel")));
            assertThat(dora.personal).noneMatch(m -> "error".equals(m.get("type")));
            assertThat(dora.received).noneMatch(m -> "error".equals(m.get("type")));
            op.await(l -> l.startsWith(":dora!") && l.endsWith(" JOIN :#chat-ban"), WAIT);
            assertThat(op.received()).noneMatch(l -> l.startsWith(":carl!") && l.contains(" JOIN "));
        }
    }

    @Test
    void theBridgesRefusedJoinGoesToTheChannelsSubscribersAndTheirSaysAreRefused() throws Exception {
        op.join("#chat-inv");
        op.send("MODE #chat-inv +i");
        op.await(l -> l.startsWith(":op!") && l.contains(" MODE #chat-inv +i"), WAIT);
        try (BayeuxBrowser visitor = new BayeuxBrowser(node.httpPort(), IrcTestOptions.SAY)) {
            visitor.subscribe("/irc/local/$23chat-inv");
            Map<String, Object> refused = visitor.await(m -> "join_refused".equals(m.get("status")));
            assertThat(refused).containsEntry("type", "status").containsEntry("code", "irc_invite_only")
                    .containsEntry("channel", "#chat-inv").containsEntry("numeric", 473L);
            assertThat(String.valueOf(refused.get("text"))).contains("#chat-inv").contains("(473)");
            Map<String, Object> said = visitor.say("#chat-inv", "let me in", "name", "vi");
            assertThat(said).containsEntry("ok", false).containsEntry("code", "irc_join_refused");
            assertThat(String.valueOf(said.get("message"))).contains("refused the bridge's JOIN");
            assertThat(op.received()).noneMatch(l -> l.contains("let me in"));
            assertThat(visitor.received).noneMatch(m -> String.valueOf(m.get("text")).contains("let me in"));
        }
    }

    /**
     * Mirror mode puts the {@link MirrorBridge} in front of the relay: every connection callback still reaches it
     * (review B4), so with mirror on, the bridge's refused JOIN reaches browsers the same way and is retried.
     */
    @Test
    void withMirrorOnTheBridgesRefusedJoinStillReachesTheChannelsSubscribers() throws Exception {
        op.join("#chat-minv");
        op.send("MODE #chat-minv +i");
        op.await(l -> l.startsWith(":op!") && l.contains(" MODE #chat-minv +i"), WAIT);
        try (RunningNode mirrored = RunningNode.start(b -> b.plugins(Map.of("irc.local", IrcTestOptions.local(
                ircd.port(), "nick", "mbridge", "mirror", "/mirrored/**", "mirror.secret", "s".repeat(40)))));
             BayeuxBrowser visitor = new BayeuxBrowser(mirrored.httpPort(), IrcTestOptions.SAY)) {
            visitor.subscribe("/irc/local/$23chat-minv");
            Map<String, Object> refused = visitor.await(m -> "join_refused".equals(m.get("status")));
            assertThat(refused).containsEntry("code", "irc_invite_only").containsEntry("channel", "#chat-minv")
                    .containsEntry("numeric", 473L);
            assertThat(visitor.say("#chat-minv", "let me in", "name", "vi")).containsEntry("ok", false)
                    .containsEntry("code", "irc_join_refused");
            // invited, a new subscriber makes the bridge try again: it gets in and the conversation goes on
            op.send("INVITE mbridge #chat-minv");
            op.await(l -> l.contains(" 341 op mbridge #chat-minv"), WAIT);
            try (BayeuxBrowser second = new BayeuxBrowser(mirrored.httpPort(), IrcTestOptions.SAY)) {
                second.subscribe("/irc/local/$23chat-minv");
                op.await(l -> l.startsWith(":mbridge!") && l.endsWith(" JOIN :#chat-minv"), WAIT);
                visitor.await(m -> "join".equals(m.get("type")) && "mbridge".equals(m.get("sender")));
            }
        }
    }
}
