package org.orbited.node.bayeux.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.cometd.bayeux.Message;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.orbited.node.bayeux.conformance.CometdJavaClients.JavaClient;
import org.orbited.node.plugin.DataPolicyTestPlugin;
import org.orbited.node.plugin.ScopedTestPlugin;
import org.orbited.node.testing.RunningNode;

/**
 * A plugin's scoped security policy ({@code PluginContext.addSecurityPolicy}) against the CometD 8.0.9 Java client
 * in a real node: in force while the plugin is started, absent when its section is missing or its start failed; a
 * data-aware policy ({@code canPublish(clientId, channel, data)}) refuses by content before any subscriber sees it.
 */
class JavaClientScopedPolicyTest {
    @RegisterExtension
    final CometdJavaClients clients = new CometdJavaClients();

    @BeforeEach
    void reset() {
        ScopedTestPlugin.reset();
        DataPolicyTestPlugin.reset();
    }

    private static String url(RunningNode node) {
        return "http://127.0.0.1:" + node.httpPort() + "/cometd";
    }

    @Test
    void aStartedPluginsPolicyRefusesWithItsReason() {
        try (RunningNode node = RunningNode.start(b -> b.plugins(Map.of(ScopedTestPlugin.NAME, Map.of())))) {
            JavaClient c = clients.connected(url(node));

            Message pub = c.publish("/policed/x", Map.of("n", 1));
            assertThat(pub.isSuccessful()).isFalse();
            assertThat(pub.get(Message.ERROR_FIELD)).isEqualTo("403:scoped_test:publish_denied");
            Message sub = c.subscribe("/policed/room", new Inbox());
            assertThat(sub.isSuccessful()).isFalse();
            assertThat(sub.get(Message.ERROR_FIELD)).isEqualTo("403:scoped_test:subscribe_denied");

            Inbox free = new Inbox();
            c.subscribeOk("/free/room", free);
            c.publishOk("/free/room", Map.of("n", 2));
            free.awaitField("n", 2L);
            assertThat(ScopedTestPlugin.askedOn()).isNotEmpty()
                    .allSatisfy(t -> assertThat(t).as("never an I/O thread").startsWith("bayeux-policy-"));
        }
    }

    @Test
    void thePolicyOfAPluginWhoseStartFailedDoesNotApply() {
        try (RunningNode node = RunningNode.start(b -> b.plugins(Map.of(ScopedTestPlugin.NAME, Map.of("fail", "1"))))) {
            assertThat(ScopedTestPlugin.started()).as("it added its policy, then threw").containsKey(ScopedTestPlugin.NAME);
            JavaClient c = clients.connected(url(node));

            Inbox policed = new Inbox();
            c.subscribeOk("/policed/room", policed);
            c.publishOk("/policed/room", Map.of("n", 1));
            policed.awaitField("n", 1L);
        }
    }

    @Test
    void thePolicyOfAPluginWithoutAnActiveSectionDoesNotApply() {
        try (RunningNode node = RunningNode.start(b -> b.plugins(Map.of("lifecycle-test", Map.of())))) {
            JavaClient c = clients.connected(url(node));

            Inbox policed = new Inbox();
            c.subscribeOk("/policed/room", policed);
            c.publishOk("/policed/room", Map.of("n", 1));
            policed.awaitField("n", 1L);
            assertThat(ScopedTestPlugin.started()).isEmpty();
        }
    }

    @Test
    void aDataAwarePolicyRefusesByContentAndNoSubscriberReceivesTheRefusedPublication() {
        try (RunningNode node = RunningNode.start(b -> b.plugins(Map.of(
                ScopedTestPlugin.NAME, Map.of(), DataPolicyTestPlugin.NAME, Map.of())))) {
            JavaClient publisher = clients.connected(url(node));
            JavaClient other = clients.connected(url(node));
            Inbox room = new Inbox();
            other.subscribeOk("/free/room", room);

            for (String bad : new String[] {"hi\r\nQUIT", "a\nb", "nul\u0000"}) {
                Message pub = publisher.publish("/free/room", Map.of("text", bad, "n", 1));
                assertThat(pub.isSuccessful()).as("publish of %s", bad).isFalse();
                assertThat(pub.get(Message.ERROR_FIELD)).isEqualTo("403:data_test:publish_denied");
            }
            publisher.publishOk("/free/room", Map.of("text", "fine", "n", 2));
            // Deliveries keep publish order: once the later, allowed one is here, a refused one would be too.
            room.awaitField("n", 2L);
            assertThat(room.data()).as("only the allowed publication").hasSize(1);
            assertThat(other.wireDeliveries).as("nothing refused on the wire").hasSize(1);

            // A policy that overrides only the two-argument form is still asked (by the default of the new one).
            Message policed = publisher.publish("/policed/x", Map.of("text", "fine"));
            assertThat(policed.get(Message.ERROR_FIELD)).isEqualTo("403:scoped_test:publish_denied");
            assertThat(DataPolicyTestPlugin.askedOn()).isNotEmpty()
                    .allSatisfy(t -> assertThat(t).as("never an I/O thread").startsWith("bayeux-policy-"));
        }
    }

    @Test
    void reservedBridgeNamespacesAreClosedUnlessAStartedPluginClaimsThem() {
        try (RunningNode bare = RunningNode.start(b -> b)) {
            JavaClient c = clients.connected(url(bare));
            for (String name : new String[] {"/irc/net/$23help", "/irc/net/*", "/irc/**", "/xmpp/muc/room", "/irc"}) {
                Message sub = c.subscribe(name, new Inbox());
                assertThat(sub.get(Message.ERROR_FIELD)).as(name).isEqualTo("403:unclaimed_channel:subscribe_denied");
            }
            Message pub = c.publish("/irc/net/$23help", Map.of("type", "message", "sender", "helper", "text", "x"));
            assertThat(pub.get(Message.ERROR_FIELD)).isEqualTo("403:unclaimed_channel:publish_denied");
            Inbox near = new Inbox();
            c.subscribeOk("/ircx/room", near); // only the first segment irc/xmpp is reserved
            c.publishOk("/ircx/room", Map.of("n", 1));
            near.awaitField("n", 1L);
        }
        try (RunningNode node = RunningNode.start(b -> b.plugins(Map.of(ScopedTestPlugin.NAME, Map.of())))) {
            JavaClient c = clients.connected(url(node));
            Inbox claimed = new Inbox();
            c.subscribeOk("/irc/scoped/$23help", claimed);
            c.subscribeOk("/irc/scoped/*", new Inbox());
            c.publishOk("/irc/scoped/$23help", Map.of("n", 3));
            claimed.awaitField("n", 3L);
            for (String name : new String[] {"/irc/other/$23help", "/irc/**", "/irc/*", "/xmpp/scoped/room"}) {
                Message sub = c.subscribe(name, new Inbox());
                assertThat(sub.get(Message.ERROR_FIELD)).as(name).isEqualTo("403:unclaimed_channel:subscribe_denied");
            }
        }
        try (RunningNode failed = RunningNode.start(b -> b.plugins(Map.of(ScopedTestPlugin.NAME, Map.of("fail", "1"))))) {
            JavaClient c = clients.connected(url(failed));
            Message sub = c.subscribe("/irc/scoped/$23help", new Inbox());
            assertThat(sub.get(Message.ERROR_FIELD)).as("a failed start leaves its namespace closed")
                    .isEqualTo("403:unclaimed_channel:subscribe_denied");
        }
    }
}
