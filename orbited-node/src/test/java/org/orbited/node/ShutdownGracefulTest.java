package org.orbited.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.orbited.node.testing.LongPollClient;
import org.orbited.node.testing.OrbitTestClient;
import org.orbited.node.testing.RawHttp;
import org.orbited.node.testing.RunningNode;
import org.orbited.node.testing.SseClient;
import org.orbited.node.testing.WsClient;

/** Graceful shutdown with every kind of browser connection open (orbit-protocol.md 4.2 (11)-(12)). */
class ShutdownGracefulTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void everyStreamGetsItsReconnectInstructionAndPendingRequestsFail() throws Exception {
        RunningNode node = RunningNode.start(b -> b.shutdownDrain(Duration.ofMillis(500))
                .sessionTimeout(Duration.ofSeconds(30)));
        int http = node.httpPort();
        int orbit = node.orbitPort();
        try (SseClient sse = SseClient.open(http, "/loc?user=sse&transport=sse");
             RawHttp xs = node.get("/loc?user=xs&transport=xhr_stream");
             WsClient ws = WsClient.connect(http, "/loc?user=ws");
             LongPollClient lp = new LongPollClient(http);
             RawHttp iframe = node.get("/loc|if,0,iframe");
             OrbitTestClient app = node.orbit()) {
            lp.send("/loc?user=lp&transport=long_poll");
            for (String user : new String[] {"sse", "xs", "ws", "lp", "if"}) {
                node.awaitConnections(user, "0", "/loc", 1);
            }
            // A key in its grace period with an event queued for it.
            try (SseClient gone = SseClient.open(http, "/loc?user=grace&transport=sse")) {
                gone.awaitMessages(1, WAIT);
            }
            node.awaitConnections("grace", "0", "/loc", 0);
            String pending = app.send("\"for nobody yet\"", "grace, 0, /loc");

            CompletableFuture<Void> shutdown = CompletableFuture.runAsync(() -> node.node().close());

            sse.raw().awaitText("event: reconnect\ndata: reconnect\n\n\r\n0\r\n\r\n");
            assertThat(sse.raw().awaitClose(WAIT)).endsWith("\r\n22\r\nevent: reconnect\ndata: reconnect\n\n\r\n0\r\n\r\n");
            assertThat(xs.awaitClose(WAIT)).endsWith("\r\n|O|\r\nreconnect\r\n|O|\r\n");
            assertThat(iframe.awaitClose(WAIT))
                    .endsWith("<script>window.parent.reconnect && window.parent.reconnect();</script>\n");
            assertThat(ws.awaitClose(WAIT)).isEqualTo(1012);
            LongPollClient.Response r = lp.await(WAIT);
            assertThat(r.body()).isEqualTo("[{\"type\":\"reconnect\"}]");
            assertThat(r.closes()).isTrue();

            // New connections are refused once shutdown has begun.
            assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), http).close())
                    .isInstanceOf(ConnectException.class);
            assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), orbit).close())
                    .isInstanceOf(ConnectException.class);

            assertThat(app.reply(WAIT)).isEqualTo("Failure\r\nid: " + pending + "\r\n"
                    + "msg: Failed to reach one or more recipients\r\nrecipient: (grace, 0, /loc)\r\n\r\n");
            assertThat(app.closedByServer(WAIT)).isTrue();

            assertThat(shutdown).as("shutdown ends after the 500 ms drain, not at the 30 s session timeout")
                    .succeedsWithin(WAIT);
        } finally {
            node.close();
        }
    }

    @Test
    void keepAliveConnectionGets503ForANewCometRequestDuringShutdown() throws Exception {
        RunningNode node = RunningNode.start(b -> b.shutdownDrain(Duration.ofSeconds(3))
                .longPollTimeout(Duration.ofMillis(200)));
        try (RawHttp keep = RawHttp.send(node.httpPort(),
                "GET /loc?user=x&transport=long_poll HTTP/1.1\r\nHost: x\r\n\r\n")) {
            // An answered long poll leaves a kept-alive comet connection between polls: the drain waits for it.
            keep.awaitText("\r\n\r\n[]");
            CompletableFuture<Void> shutdown = CompletableFuture.runAsync(() -> node.node().close());
            org.awaitility.Awaitility.await().atMost(WAIT).ignoreExceptionsMatching(e -> false).until(() -> {
                try (Socket s = new Socket(InetAddress.getLoopbackAddress(), node.httpPort())) {
                    return false;
                } catch (ConnectException refused) {
                    return true;
                }
            });
            int before = keep.text().length();
            keep.write("GET /loc?user=late&transport=sse HTTP/1.1\r\nHost: x\r\n\r\n"
                    .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            String late = keep.awaitClose(WAIT).substring(before);
            assertThat(late).startsWith("HTTP/1.1 503 ").contains("node is shutting down");
            assertThat(node.node().hub().find(new org.orbited.node.core.SessionKey("late", "0", "/loc")))
                    .as("the refused request started no session").isNull();
            shutdown.get(10, TimeUnit.SECONDS);
        } finally {
            node.close();
        }
    }

    @Test
    void idleKeptAlivePageConnectionsDoNotHoldUpShutdown() throws Exception {
        RunningNode node = RunningNode.start(b -> b.shutdownDrain(Duration.ofSeconds(60)));
        try (RawHttp page = RawHttp.send(node.httpPort(), "GET /_/about HTTP/1.1\r\nHost: x\r\n\r\n")) {
            page.awaitText("HTTP/1.1 200 OK\r\n");
            assertThat(CompletableFuture.runAsync(() -> node.node().close()))
                    .as("no comet connection was open, so the 60 s drain is not waited for")
                    .succeedsWithin(Duration.ofSeconds(20));
            page.awaitClose(WAIT);
        } finally {
            node.close();
        }
    }
}
