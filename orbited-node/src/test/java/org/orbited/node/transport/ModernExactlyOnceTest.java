package org.orbited.node.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.orbited.node.testing.LongPollClient;
import org.orbited.node.testing.OrbitTestClient;
import org.orbited.node.testing.RunningNode;
import org.orbited.node.testing.SseClient;
import org.orbited.node.testing.WsClient;

/**
 * Exactly-once, in-order delivery on every resumable transport while the connection is repeatedly
 * broken, by the node (reconnect instruction) and by the browser (socket dropped), and resumed with the
 * last id seen (orbit-protocol.md 4.2 (6)-(7)).
 */
class ModernExactlyOnceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "u, s, /loc";
    private static final String BASE = "/loc?user=u&session=s";
    private static final int TOTAL = 500;

    /** One (id, data) event as the browser saw it. */
    record Seen(String id, String data) {
    }

    /** A browser on one resumable transport. */
    interface Browser extends AutoCloseable {
        void open(String lastId);

        /** Events that arrived since the last call (one bounded read); fails on a control it should not see. */
        List<Seen> read();

        /** True when the server ended the connection and the browser must reconnect. */
        boolean ended();

        /** Drops the TCP connection from the browser side. */
        void drop();

        @Override
        void close();
    }

    static final class SseBrowser implements Browser {
        private final int port;
        private SseClient c;

        SseBrowser(int port) {
            this.port = port;
        }

        @Override
        public void open(String lastId) {
            c = lastId == null ? SseClient.open(port, BASE + "&transport=sse")
                    : SseClient.open(port, BASE + "&transport=sse", "Last-Event-ID: " + lastId);
        }

        @Override
        public List<Seen> read() {
            List<Seen> out = new ArrayList<>();
            for (SseClient.Message m : c.poll()) {
                if (m.isEvent()) {
                    out.add(new Seen(m.id(), m.data()));
                } else {
                    assertThat(m.event()).as("control").isIn(null, "reconnect");
                }
            }
            return out;
        }

        @Override
        public boolean ended() {
            return c.closedByServer();
        }

        @Override
        public void drop() {
            c.close();
        }

        @Override
        public void close() {
            c.close();
        }
    }

    static final class WsBrowser implements Browser {
        private final int port;
        private WsClient c;

        WsBrowser(int port) {
            this.port = port;
        }

        @Override
        public void open(String lastId) {
            c = WsClient.connect(port, BASE + (lastId == null ? "" : "&last_event_id=" + lastId));
        }

        @Override
        public List<Seen> read() {
            List<Seen> out = new ArrayList<>();
            String m = c.poll(Duration.ofMillis(20));
            while (m != null) {
                JsonNode n = json(m);
                assertThat(n.has("id")).as("control frame %s", m).isTrue();
                out.add(new Seen(n.get("id").asText(), n.get("data").asText()));
                m = c.poll(Duration.ZERO);
            }
            return out;
        }

        @Override
        public boolean ended() {
            if (c.closed()) {
                assertThat(c.awaitClose(Duration.ZERO)).isEqualTo(1012);
                return true;
            }
            return false;
        }

        @Override
        public void drop() {
            c.abort();
        }

        @Override
        public void close() {
            c.close();
        }
    }

    static final class LongPollBrowser implements Browser {
        private static final String URI = BASE + "&transport=long_poll";
        private final LongPollClient c;
        private final RunningNode node;
        private String lastId;

        LongPollBrowser(RunningNode node) {
            this.node = node;
            c = new LongPollClient(node.httpPort());
        }

        @Override
        public void open(String last) {
            lastId = last;
            c.send(URI + (last == null ? "" : "&last_event_id=" + last));
        }

        @Override
        public List<Seen> read() {
            LongPollClient.Response r = c.tryAwait();
            if (r == null) {
                return List.of();
            }
            List<Seen> out = new ArrayList<>();
            for (JsonNode n : json(r.body())) {
                if (n.has("type")) {
                    assertThat(n.get("type").asText()).as("control element").isEqualTo("reconnect");
                    continue;
                }
                out.add(new Seen(n.get("id").asText(), n.get("data").asText()));
                lastId = n.get("id").asText();
            }
            open(lastId);
            return out;
        }

        @Override
        public boolean ended() {
            return false; // every answer is followed by the next poll in read()
        }

        /**
         * Drops the connection once the node has taken the outstanding poll (held or answered). A poll
         * abandoned before the node read it may reach the node after the next one and replace it (4500):
         * this client sends no instance/attempt, which would have the node refuse it instead
         * (docs/transports.md, Stale attempts; StaleAttemptTest).
         */
        @Override
        public void drop() {
            org.orbited.node.core.SessionKey key = new org.orbited.node.core.SessionKey("u", "s", "/loc");
            org.awaitility.Awaitility.await("outstanding poll taken").atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(2)).until(() -> {
                        org.orbited.node.core.Session s = node.node().hub().find(key);
                        return (s != null && s.connections() == 1) || c.answerReady();
                    });
            c.drop();
        }

        @Override
        public void close() {
            c.close();
        }
    }

    private static JsonNode json(String s) {
        try {
            return JSON.readTree(s);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + s, e);
        }
    }

    private static Browser browser(String transport, RunningNode node) {
        int port = node.httpPort();
        return switch (transport) {
            case "sse" -> new SseBrowser(port);
            case "websocket" -> new WsBrowser(port);
            case "long_poll" -> new LongPollBrowser(node);
            default -> throw new IllegalArgumentException(transport);
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"sse", "websocket", "long_poll"})
    void everyEventExactlyOnceInOrderWhileConnectionsAreBroken(String transport) {
        try (RunningNode node = RunningNode.start(b -> b.sessionTimeout(Duration.ofSeconds(30))
                .longPollTimeout(Duration.ofSeconds(2)).longPollMaxBatch(16));
             Browser browser = browser(transport, node);
             OrbitTestClient app = node.orbit()) {
            browser.open(null);
            node.awaitConnections("u", "s", "/loc", 1);
            List<String> data = new ArrayList<>();
            String last = null;
            int sent = 0;
            int nextBreak = 40;
            int serverBreaks = 0;
            int clientBreaks = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            for (int round = 0; data.size() < TOTAL; round++) {
                assertThat(round).as("rounds").isLessThan(20_000);
                assertThat(System.nanoTime() < deadline).as("all events within 90 s; got " + data.size()).isTrue();
                if (sent < TOTAL && sent - data.size() < 60) {
                    for (int i = 0; i < 10 && sent < TOTAL; i++) {
                        app.send(String.valueOf(++sent), KEY);
                    }
                }
                for (Seen e : browser.read()) {
                    assertThat(e.data()).as("event after %s (id %s)", data.size(), e.id())
                            .isEqualTo(String.valueOf(data.size() + 1));
                    data.add(e.data());
                    last = e.id();
                }
                if (browser.ended()) {
                    browser.read();
                    browser.open(last);
                } else if (data.size() >= nextBreak && data.size() < TOTAL) {
                    nextBreak += 70;
                    if ((serverBreaks + clientBreaks) % 2 == 0) {
                        serverBreaks++;
                        node.node().hub().reconnectAll();
                    } else {
                        clientBreaks++;
                        browser.drop();
                        browser.open(last);
                    }
                }
            }
            assertThat(serverBreaks).isGreaterThanOrEqualTo(3);
            assertThat(clientBreaks).isGreaterThanOrEqualTo(3);
            List<String> replies = app.replies(TOTAL, Duration.ofSeconds(20));
            assertThat(replies).allMatch(r -> r.startsWith("Success\r\n"), "every reply is Success");
            assertThat(browser.read()).isEmpty();
        }
    }
}
