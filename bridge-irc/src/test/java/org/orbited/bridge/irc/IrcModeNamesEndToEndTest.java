package org.orbited.bridge.irc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orbited.bridge.common.BayeuxBrowser;
import org.orbited.node.testing.RunningNode;

/**
 * Mode changes after the NAMES reply (docs/irc.md "Events"): an operator giving and taking {@code +o} and
 * {@code +v} makes the bridge publish the channel's {@code names} again, with {@code self}, and a later subscriber gets
 * the list as it is now. Real ngircd, real node, a CometD client and raw IRC clients.
 */
class IrcModeNamesEndToEndTest {
    static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    static Path dir;
    static NgircdServer ircd;
    static RunningNode node;

    @BeforeAll
    static void start() throws Exception {
        ircd = NgircdServer.start(dir);
        node = RunningNode.start(b -> b.plugins(Map.of("irc.local", IrcTestOptions.local(ircd.port()))));
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
        if (ircd != null) {
            ircd.close();
        }
    }

    @SuppressWarnings("unchecked")
    static Predicate<Map<String, Object>> names(String... exactly) {
        return m -> "names".equals(m.get("type"))
                && new java.util.HashSet<>((List<String>) m.get("names")).equals(java.util.Set.of(exactly));
    }

    @Test
    void opAndVoiceGivenAfterTheJoinAreSeenByBrowsers() throws Exception {
        try (RawIrcClient host = RawIrcClient.connect("host", ircd.port());
             RawIrcClient helper = RawIrcClient.connect("helper", ircd.port());
             BayeuxBrowser browser = new BayeuxBrowser(node.httpPort(), IrcTestOptions.SAY)) {
            host.join("#chat-modes");  // the first member: operator
            assertThat(browser.subscribe("/irc/local/$23chat-modes").isSuccessful()).isTrue();
            assertThat(browser.await(names("@host", "bridge"))).containsEntry("self", "bridge");
            helper.join("#chat-modes");
            browser.await(m -> "join".equals(m.get("type")) && "helper".equals(m.get("sender")));

            host.send("MODE #chat-modes +o helper");
            assertThat(browser.await(names("@host", "bridge", "@helper"))).containsEntry("self", "bridge");
            host.send("MODE #chat-modes -o helper");
            browser.await(names("@host", "bridge", "helper"));
            host.send("MODE #chat-modes +v helper");
            browser.await(names("@host", "bridge", "+helper"));
            host.send("MODE #chat-modes +o helper");
            browser.await(names("@host", "bridge", "@helper"));
            try (BayeuxBrowser late = new BayeuxBrowser(node.httpPort(), IrcTestOptions.SAY)) {
                assertThat(late.subscribe("/irc/local/$23chat-modes").isSuccessful()).isTrue();
                assertThat(late.await(BayeuxBrowser.type("names"))).satisfies(m -> assertThat(names("@host", "bridge",
                        "@helper").test(m)).as("the list as it is now: " + m).isTrue());
            }
            // a channel mode (+m) is no member's: no names event for it
            int before = browser.matching(BayeuxBrowser.type("names")).size();
            host.send("MODE #chat-modes +m");
            host.send("PRIVMSG #chat-modes :after +m");
            browser.await(m -> "after +m".equals(m.get("text")));
            assertThat(browser.matching(BayeuxBrowser.type("names"))).hasSize(before);
        }
    }
}
