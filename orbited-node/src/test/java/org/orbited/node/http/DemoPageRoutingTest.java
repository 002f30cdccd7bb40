package org.orbited.node.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.orbited.node.testing.RawHttp;
import org.orbited.node.testing.RunningNode;

/**
 * {@code /} is the demo page for a GET that names no transport and either no user or comes from a browser's page
 * load (the page's own tip, {@code /?user=alice}, typed into a browser), and a comet location for everything else,
 * the 0.2/0.3 default transport included (docs/transports.md, Routing).
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

    /** A GET as a browser's address bar sends it (Chromium, Firefox and Safari 16.4+ send Sec-Fetch-Dest). */
    private static RawHttp pageLoad(String uri) {
        return RawHttp.send(node.httpPort(), "GET " + uri + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Accept: text/html,application/xhtml+xml\r\nSec-Fetch-Dest: document\r\nSec-Fetch-Mode: navigate\r\n\r\n");
    }

    @Test
    void theDemoPageWithAUserIsThePageInABrowser() {
        int sessions = node.node().hub().sessionCount();
        for (String uri : new String[] {"/", "/?user=alice", "/?user=alice&session=7", "/?user=alice&transport="}) {
            try (RawHttp http = pageLoad(uri)) {
                assertThat(http.awaitText("</html>")).as(uri)
                        .startsWith("HTTP/1.1 200 OK\r\n")
                        .contains("Content-Type: text/html; charset=utf-8", "<title>Orbited node</title>");
            }
        }
        assertThat(node.node().hub().sessionCount()).as("no comet session was opened").isEqualTo(sessions);
    }

    @Test
    void withoutABrowserPageLoadAUserStillOpensTheDefaultTransportOnSlash() {
        assertThat(node.get("/").awaitText("</html>")).contains("<title>Orbited node</title>");
        try (RawHttp stream = node.get("/?user=carol&session=0")) { // curl, an 0.2 client relying on the default
            node.awaitConnections("carol", "0", "/", 1);
            assertThat(stream.awaitText("HTTP/1.1 200 OK")).doesNotContain("<title>");
        }
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
