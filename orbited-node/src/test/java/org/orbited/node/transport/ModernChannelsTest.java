package org.orbited.node.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.orbited.node.testing.OrbitTestClient;
import org.orbited.node.testing.RunningNode;
import org.orbited.node.testing.SseClient;
import org.orbited.node.testing.SseClient.Message;

/** Channel subscriptions and fan-out (orbit-protocol.md 2.3) through real browsers. */
class ModernChannelsTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration QUIET = Duration.ofMillis(300);

    private static List<String> datas(SseClient c) {
        return c.messages().stream().filter(Message::isEvent).map(Message::data).toList();
    }

    private static SseClient open(RunningNode node, String user, String channels) {
        SseClient c = SseClient.open(node.httpPort(), "/loc?user=" + user + "&transport=sse" + channels);
        c.awaitMessages(1, WAIT);
        node.awaitConnections(user, "0", "/loc", 1);
        return c;
    }

    @Test
    void channelRecipientFansOutToEverySubscriberOnly() {
        try (RunningNode node = RunningNode.start();
             SseClient a = open(node, "a", "&channel=/rooms/a");
             SseClient b = open(node, "b", "&channel=/rooms/b&channel=/rooms/a");
             SseClient c = open(node, "c", "&channel=/rooms/c");
             OrbitTestClient app = node.orbit()) {
            String id = app.send("\"hello room\"", "/rooms/a");
            assertThat(app.reply()).isEqualTo("Success\r\nid: " + id + "\r\n\r\n");
            a.awaitMessages(2, WAIT);
            b.awaitMessages(2, WAIT);
            assertThat(datas(a)).containsExactly("\"hello room\"");
            assertThat(datas(b)).containsExactly("\"hello room\"");
            c.raw().drain(QUIET);
            assertThat(datas(c)).isEmpty();
        }
    }

    @Test
    void sessionNamedByKeyAndChannelGetsOneCopy() {
        try (RunningNode node = RunningNode.start();
             SseClient a = open(node, "a", "&channel=/rooms/a");
             OrbitTestClient app = node.orbit()) {
            String id = app.send("\"once\"", "/rooms/a", "a, 0, /loc");
            assertThat(app.reply()).isEqualTo("Success\r\nid: " + id + "\r\n\r\n");
            a.awaitMessages(2, WAIT);
            a.raw().drain(QUIET);
            assertThat(datas(a)).containsExactly("\"once\"");
            app.send("\"next\"", "a, 0, /loc", "/rooms/a");
            a.awaitMessages(3, WAIT);
            a.raw().drain(QUIET);
            assertThat(datas(a)).containsExactly("\"once\"", "\"next\"");
        }
    }

    @Test
    void channelWithoutSubscribersSucceeds() {
        try (RunningNode node = RunningNode.start();
             OrbitTestClient app = node.orbit()) {
            String id = app.send("\"nobody\"", "/rooms/empty");
            assertThat(app.reply()).isEqualTo("Success\r\nid: " + id + "\r\n\r\n");
        }
    }

    @Test
    void newConnectionReplacesTheSessionsSubscriptions() {
        try (RunningNode node = RunningNode.start(b -> b.sessionTimeout(Duration.ofSeconds(30)));
             OrbitTestClient app = node.orbit()) {
            try (SseClient first = open(node, "a", "&channel=/rooms/a")) {
                app.send("\"a1\"", "/rooms/a");
                first.awaitMessages(2, WAIT);
            }
            node.awaitConnections("a", "0", "/loc", 0); // the node saw it go, so a1's write is settled
            try (SseClient second = SseClient.open(node.httpPort(), "/loc?user=a&transport=sse&channel=/rooms/b")) {
                second.awaitMessages(1, WAIT);
                node.awaitConnections("a", "0", "/loc", 1);
                app.send("\"a2\"", "/rooms/a");
                app.send("\"b1\"", "/rooms/b");
                assertThat(app.replies(3, WAIT)).allMatch(r -> r.startsWith("Success\r\n"));
                second.awaitMessages(2, WAIT);
                second.raw().drain(QUIET);
                assertThat(datas(second)).containsExactly("\"b1\"");
                assertThat(node.node().hub().channelCount()).isEqualTo(1);
            }
        }
    }
}
