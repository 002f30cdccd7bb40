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
 * Flood control end to end with rates so small (0.01 line/s: the next token is 100 s away) that nothing queued is
 * released while a test runs: per connection ({@code flood.*}, each personal connection its own bucket) and per IRC
 * channel ({@code flood.channel.*}, one bucket for everything the node sends into a channel, relay and personal).
 * A line over a full queue is refused to its speaker ({@code irc_flood_queue_full}: the say call's answer when known
 * then, else an error event), never dropped silently.
 */
class IrcFloodEndToEndTest {
    static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    static Path dir;
    static NgircdServer ircd;

    @BeforeAll
    static void start() throws Exception {
        ircd = NgircdServer.start(dir);
    }

    @AfterAll
    static void stop() {
        if (ircd != null) {
            ircd.close();
        }
    }

    static RunningNode node(String... options) {
        return RunningNode.start(b -> b.plugins(Map.of("irc.local", IrcTestOptions.local(ircd.port(), options))));
    }

    static BayeuxBrowser loggedIn(RunningNode node, String nick, String channel) throws Exception {
        BayeuxBrowser b = new BayeuxBrowser(node.httpPort(), IrcTestOptions.SAY);
        b.listenPersonal("/service/irc/local/events");
        assertThat(b.subscribe(channel).isSuccessful()).isTrue();
        assertThat(b.call("irc/local/login", Map.of("nick", nick))).containsEntry("ok", true);
        b.awaitPersonal(m -> "join".equals(m.get("type")) && nick.equals(m.get("sender")));
        return b;
    }

    @Test
    void relayAndPersonalLinesIntoOneChannelShareItsBucket() throws Exception {
        String chat = "/irc/local/$23chat-shared";
        try (RunningNode node = node("flood.channel.rate", "0.01", "flood.channel.burst", "1",
                "flood.channel.queue", "1");
             RawIrcClient helper = RawIrcClient.connect("helper", ircd.port());
             BayeuxBrowser visitor = new BayeuxBrowser(node.httpPort(), IrcTestOptions.SAY)) {
            helper.join("#chat-shared");
            visitor.subscribe(chat);
            helper.await(l -> l.startsWith(":bridge!") && l.endsWith(" JOIN :#chat-shared"), WAIT);
            try (BayeuxBrowser alice = loggedIn(node, "alice", chat)) {
                assertThat(visitor.say("#chat-shared", "r1", "name", "ray")).containsEntry("ok", true);
                helper.await(l -> l.endsWith(" PRIVMSG #chat-shared :<ray_web> r1"), WAIT);  // the one token
                assertThat(alice.say("#chat-shared", "p1")).containsEntry("ok", true);  // queued: the channel's queue is now full
                assertThat(visitor.say("#chat-shared", "r2", "name", "ray")).containsEntry("ok", false)
                        .containsEntry("code", "irc_flood_queue_full");  // the relay knows at the call
                // passes alice's own bucket, not the channel's: accepted, then reported to alice alone
                assertThat(alice.say("#chat-shared", "p2")).containsEntry("ok", true);
                assertThat(alice.await(m -> "error".equals(m.get("type")))).containsEntry("code",
                        "irc_flood_queue_full");
                assertThat(String.valueOf(alice.received.stream().filter(m -> "error".equals(m.get("type")))
                        .findFirst().orElseThrow().get("message"))).contains("#chat-shared");
            }
            assertThat(helper.received()).noneMatch(l -> l.endsWith(" :<ray_web> r2") || l.endsWith(" :p2"));
        }
    }

    @Test
    void eachPersonalConnectionHasItsOwnBucket() throws Exception {
        String chat = "/irc/local/$23chat-users";
        try (RunningNode node = node("flood.rate", "0.01", "flood.burst", "1", "flood.queue", "1");
             RawIrcClient helper = RawIrcClient.connect("helper2", ircd.port())) {
            helper.join("#chat-users");
            try (BayeuxBrowser bea = loggedIn(node, "bea", chat);
                 BayeuxBrowser cal = loggedIn(node, "cal", chat)) {
                assertThat(bea.say("#chat-users", "a1")).containsEntry("ok", true);
                helper.await(l -> l.startsWith(":bea!") && l.endsWith(" PRIVMSG #chat-users :a1"), WAIT);
                assertThat(bea.say("#chat-users", "a2")).containsEntry("ok", true);  // queued in bea's bucket
                assertThat(bea.say("#chat-users", "a3")).containsEntry("ok", false)  // over bea's queue
                        .containsEntry("code", "irc_flood_queue_full");
                assertThat(cal.say("#chat-users", "c1")).containsEntry("ok", true);  // cal's bucket is full of tokens
                helper.await(l -> l.startsWith(":cal!") && l.endsWith(" PRIVMSG #chat-users :c1"), WAIT);
                assertThat(cal.received).noneMatch(m -> "error".equals(m.get("type")));
            }
            assertThat(helper.received()).noneMatch(l -> l.endsWith(" :a3"));
        }
    }

    /**
     * Relayed visitors each have their own bucket ({@code flood.visitor.*}) before the channel's: amy's flood fills
     * her own queue and is refused there, holding at most her burst of the channel's queue, so bob still speaks.
     */
    @Test
    void oneRelayedVisitorsFloodDoesNotSilenceAnother() throws Exception {
        String chat = "/irc/local/$23chat-visitors";
        try (RunningNode node = node("flood.channel.rate", "0.01", "flood.channel.burst", "4",
                "flood.channel.queue", "5", "flood.visitor.rate", "0.01", "flood.visitor.burst", "3",
                "flood.visitor.queue", "10");
             RawIrcClient helper = RawIrcClient.connect("helper3", ircd.port());
             BayeuxBrowser amy = new BayeuxBrowser(node.httpPort(), IrcTestOptions.SAY);
             BayeuxBrowser bob = new BayeuxBrowser(node.httpPort(), IrcTestOptions.SAY)) {
            helper.join("#chat-visitors");
            amy.subscribe(chat);
            bob.subscribe(chat);
            amy.await(m -> "join".equals(m.get("type")) && "bridge".equals(m.get("sender")));
            for (int i = 1; i <= 13; i++) {  // 3 pass her bucket at once, 10 wait in her own queue
                assertThat(amy.say("#chat-visitors", "a" + i, "name", "amy")).containsEntry("ok", true);
            }
            helper.await(l -> l.endsWith(" PRIVMSG #chat-visitors :<amy_web> a3"), WAIT);
            Map<String, Object> refused = amy.say("#chat-visitors", "a14", "name", "amy");
            assertThat(refused).containsEntry("ok", false).containsEntry("code", "irc_flood_queue_full");
            assertThat(String.valueOf(refused.get("message"))).contains("your lines");
            // the old shared-queue-only relay refused bob here: amy's lines had filled the channel's 5 places
            assertThat(bob.say("#chat-visitors", "b1", "name", "bob")).containsEntry("ok", true);
            helper.await(l -> l.endsWith(" PRIVMSG #chat-visitors :<bob_web> b1"), WAIT);
            bob.await(m -> "message".equals(m.get("type")) && "bob_web".equals(m.get("sender")));
            // events on one channel arrive in order: by bob's own, every accepted line of amy's came, and only those
            assertThat(bob.received.stream().filter(m -> "amy_web".equals(m.get("sender")))
                    .map(m -> m.get("text"))).hasSize(13).doesNotContain("a14");
            assertThat(amy.received).noneMatch(m -> "error".equals(m.get("type")));
            assertThat(helper.received()).noneMatch(l -> l.endsWith(" :<amy_web> a14"));
        }
    }
}
