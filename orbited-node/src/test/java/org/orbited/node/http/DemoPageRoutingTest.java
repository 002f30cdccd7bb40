package org.orbited.node.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.orbited.node.testing.RawHttp;
import org.orbited.node.testing.RunningNode;

/**
 * {@code /} is the demo page for a GET that names no transport (the page's own tip, {@code /?user=alice},
 * included), and a comet location for everything else (docs/transports.md, Routing).
 */
class DemoPageRoutingTest {
    private static RunningNode node;

    @BeforeAll
    static void start() {
        node = RunningNode.start(b -> b);
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void theDemoPageWithAUserIsThePage() {
        for (String uri : new String[] {"/", "/?user=alice", "/?user=alice&session=7", "/?user=alice&transport="}) {
            try (RawHttp http = node.get(uri)) {
                assertThat(http.awaitText("</html>")).as(uri)
                        .startsWith("HTTP/1.1 200 OK\r\n")
                        .contains("Content-Type: text/html; charset=utf-8", "<title>Orbited node</title>");
            }
        }
        assertThat(node.node().hub().sessionCount()).as("no comet session was opened").isZero();
    }

    @Test
    void namingATransportOrUpgradingStillOpensTheLocationSlash() throws Exception {
        try (RawHttp sse = node.get("/?user=alice&transport=sse")) {
            assertThat(sse.awaitText("retry: ")).contains("text/event-stream");
            node.awaitConnections("alice", "0", "/", 1);
        }
        try (org.orbited.node.testing.WsClient ws =
                     org.orbited.node.testing.WsClient.connect(node.httpPort(), "/?user=bob")) {
            node.awaitConnections("bob", "0", "/", 1);
        }
    }
}
