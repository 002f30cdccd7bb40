package org.orbited.node.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.orbited.node.config.ProxyRule;
import org.orbited.node.plugin.IdentityTestPlugin;
import org.orbited.node.testing.RawHttp;
import org.orbited.node.testing.RunningNode;
import org.orbited.node.testing.SseClient;
import org.slf4j.LoggerFactory;

/**
 * The client address a PROXY v2 header names (the relay's client, 192.0.2.7 at the client's own port) is the one
 * the node reports everywhere, not the relay's 127.0.0.1: in the access log, in a plugin's
 * {@code ClientInfo.remoteAddress} (Bayeux handshake) and in the {@code X-Forwarded-For} of a proxied request.
 */
class ClusterClientAddressTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void theHeadersClientIsWhatTheAccessLogPluginsAndTheBackendSee() throws Exception {
        IdentityTestPlugin.reset();
        ListAppender<ILoggingEvent> access = new ListAppender<>();
        access.start();
        Logger accessLog = (Logger) LoggerFactory.getLogger("orbited.access");
        ch.qos.logback.classic.Level level = accessLog.getLevel();
        accessLog.setLevel(ch.qos.logback.classic.Level.INFO);
        accessLog.addAppender(access);
        try (HeldBackend backend = new HeldBackend();
             RunningNode node = ClusterSeamTest.clusterNode(300, b -> b
                     .plugins(Map.of(IdentityTestPlugin.NAME, Map.of()))
                     .proxyRules(List.of(new ProxyRule("/app/", "127.0.0.1", backend.port(), false))));
             ProxyingRelay route1 = new ProxyingRelay(node.httpPort(), ClusterSeamTest.BROWSER_BASE);
             SseClient sse = SseClient.open(route1.port(), "/loc?user=who&transport=sse")) {
            node.awaitConnections("who", "0", "/loc", 1);
            Awaitility.await().atMost(WAIT).until(() -> access.list.stream()
                    .anyMatch(e -> e.getFormattedMessage().contains("(who, 0, /loc)")));
            assertThat(access.list).filteredOn(e -> e.getFormattedMessage().contains("(who, 0, /loc)"))
                    .singleElement().satisfies(e -> assertThat(e.getFormattedMessage()).startsWith("/192.0.2.7:"));

            String handshake = "[{\"channel\":\"/meta/handshake\",\"version\":\"1.0\","
                    + "\"supportedConnectionTypes\":[\"long-polling\"]}]";
            try (RawHttp bayeux = RawHttp.send(route1.port(), "POST /cometd HTTP/1.1\r\nHost: x\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + handshake.length() + "\r\n\r\n" + handshake)) {
                assertThat(bayeux.awaitText("\"successful\":true")).startsWith("HTTP/1.1 200 OK\r\n");
                Awaitility.await().atMost(WAIT).until(() -> IdentityTestPlugin.seen().stream()
                        .anyMatch(s -> s.what().equals("connected")));
                assertThat(IdentityTestPlugin.seen()).filteredOn(s -> s.what().equals("connected")).singleElement()
                        .satisfies(s -> assertThat(s.client().remoteAddress()).matches("192\\.0\\.2\\.7:\\d+"));
            }

            try (RawHttp proxied = RawHttp.send(route1.port(), "GET /app/who HTTP/1.1\r\nHost: x\r\n\r\n")) {
                assertThat(proxied.await(ClusterKeepAliveMoveTest::wholeResponse, "the proxied answer", WAIT))
                        .startsWith("HTTP/1.1 200 OK\r\n");
                assertThat(backend.forwardedFor()).isEqualTo("192.0.2.7");
            }
        } finally {
            accessLog.detachAppender(access);
            accessLog.setLevel(level);
        }
    }
}
