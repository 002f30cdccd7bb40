package org.orbited.node.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import org.orbited.node.testing.IoTransports;
import org.orbited.node.testing.LongPollClient;
import org.orbited.node.testing.OrbitTestClient;
import org.orbited.node.testing.RawHttp;
import org.orbited.node.testing.RunningNode;
import org.orbited.node.testing.SseClient;
import org.orbited.node.testing.SseClient.Message;

/**
 * {@code sse} over real sockets (orbit-protocol.md 5.4, 4.2 (5)-(6), 3.2 CORS).
 *
 * <p>Runs once per {@code io.transport} ({@link IoTransports}).
 */
@ParameterizedClass(name = "io.transport = {0}")
@MethodSource("org.orbited.node.testing.IoTransports#all")
class ModernSseTest {
    @Parameter
    String io;

    /** Each test of a transport this machine cannot run is skipped with Netty's reason. */
    @BeforeEach
    void onlyWhereItRuns() {
        IoTransports.assumeAvailable(io);
    }

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String KEY = "u, s, /loc";
    private static final String URI = "/loc?user=u&session=s&transport=sse";
    private static final String HEAD = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\n"
            + "Cache-Control: no-cache\r\nX-Accel-Buffering: no\r\nTransfer-Encoding: chunked\r\n\r\n";

    private static String chunk(String s) {
        return Integer.toHexString(s.getBytes(StandardCharsets.UTF_8).length) + "\r\n" + s + "\r\n";
    }

    private static String success(String id) {
        return "Success\r\nid: " + id + "\r\n\r\n";
    }

    private static List<String> ids(List<Message> ms) {
        return ms.stream().filter(Message::isEvent).map(Message::id).toList();
    }

    private static List<String> datas(List<Message> ms) {
        return ms.stream().filter(Message::isEvent).map(Message::data).toList();
    }

    @Test
    void headRetryAndEventsAreByteExactChunks() {
        try (RunningNode node = RunningNode.start(io, b -> b);
             SseClient sse = SseClient.open(node.httpPort(), URI);
             OrbitTestClient app = node.orbit()) {
            assertThat(sse.raw().awaitText(HEAD + chunk("retry: 2000\n\n"))).isEqualTo(HEAD + chunk("retry: 2000\n\n"));
            String id1 = app.send("[\"msg\",\"hi\"]", KEY);
            assertThat(app.reply()).isEqualTo(success(id1));
            String id2 = app.send("line one\nline two\r\nline three\rend", KEY);
            assertThat(app.reply()).isEqualTo(success(id2));
            List<Message> ms = sse.awaitMessages(3, WAIT);
            String epochId = ms.get(1).id();
            assertThat(epochId).matches("[0-9a-z]{6,}-1");
            String epoch = epochId.substring(0, epochId.length() - 2);
            String expected = HEAD + chunk("retry: 2000\n\n")
                    + chunk("id: " + epoch + "-1\ndata: [\"msg\",\"hi\"]\n\n")
                    + chunk("id: " + epoch + "-2\ndata: line one\ndata: line two\ndata: line three\ndata: end\n\n");
            assertThat(sse.raw().awaitText(expected)).isEqualTo(expected);
        }
    }

    @Test
    void idleStreamGetsCommentPings() {
        try (RunningNode node = RunningNode.start(io, b -> b.modernPingInterval(Duration.ofMillis(200)));
             SseClient sse = SseClient.open(node.httpPort(), URI)) {
            String twoPings = HEAD + chunk("retry: 2000\n\n") + chunk(": ping\n\n") + chunk(": ping\n\n");
            assertThat(sse.raw().awaitText(twoPings, WAIT)).startsWith(twoPings);
        }
    }

    @Test
    void resumesWithLastEventIdHeaderReplayingOnlyLaterEvents() {
        resume(true);
    }

    @Test
    void resumesWithLastEventIdParameter() {
        resume(false);
    }

    private void resume(boolean header) {
        try (RunningNode node = RunningNode.start(io, b -> b.sessionTimeout(Duration.ofSeconds(30)));
             OrbitTestClient app = node.orbit()) {
            String third;
            try (SseClient first = SseClient.open(node.httpPort(), URI)) {
                first.awaitMessages(1, WAIT);
                for (int i = 1; i <= 5; i++) {
                    String id = app.send("\"e" + i + "\"", KEY);
                    assertThat(app.reply()).isEqualTo(success(id));
                }
                List<Message> ms = first.awaitMessages(6, WAIT);
                assertThat(datas(ms)).containsExactly("\"e1\"", "\"e2\"", "\"e3\"", "\"e4\"", "\"e5\"");
                third = ids(ms).get(2);
            }
            node.awaitConnections("u", "s", "/loc", 0);
            // Queued during the grace period, after the browser went away.
            for (int i = 6; i <= 8; i++) {
                app.send("\"e" + i + "\"", KEY);
            }
            try (SseClient again = header
                    ? SseClient.open(node.httpPort(), URI, "Last-Event-ID: " + third)
                    : SseClient.open(node.httpPort(), URI + "&last_event_id=" + third)) {
                List<Message> ms = again.awaitMessages(6, WAIT);
                assertThat(ms.get(0).retry()).isEqualTo("2000");
                String epoch = third.substring(0, third.lastIndexOf('-'));
                assertThat(ms.subList(1, 6)).allMatch(Message::isEvent);
                assertThat(ids(ms)).containsExactly(epoch + "-4", epoch + "-5", epoch + "-6", epoch + "-7",
                        epoch + "-8");
                assertThat(datas(ms)).containsExactly("\"e4\"", "\"e5\"", "\"e6\"", "\"e7\"", "\"e8\"");
                assertThat(app.replies(3, WAIT)).containsExactlyInAnyOrder(success("6"), success("7"), success("8"));
                assertThat(again.raw().drain(Duration.ofMillis(300))).doesNotContain("\"e3\"");
                assertThat(again.messages()).hasSize(6);
            }
        }
    }

    @Test
    void unknownLastEventIdStartsWithResetThenPending() {
        try (RunningNode node = RunningNode.start(io, b -> b.sessionTimeout(Duration.ofSeconds(30)));
             OrbitTestClient app = node.orbit()) {
            try (SseClient first = SseClient.open(node.httpPort(), URI)) {
                first.awaitMessages(1, WAIT);
            }
            node.awaitConnections("u", "s", "/loc", 0); // the node saw it go: "queued" waits in the session
            String id = app.send("\"queued\"", KEY);
            try (SseClient again = SseClient.open(node.httpPort(), URI, "Last-Event-ID: zzzzzz-1")) {
                List<Message> ms = again.awaitMessages(3, WAIT);
                assertThat(ms.get(1)).isEqualTo(new Message(false, "reset", null, "reset", null));
                assertThat(ms.get(2).data()).isEqualTo("\"queued\"");
                assertThat(again.body()).startsWith("retry: 2000\n\nevent: reset\ndata: reset\n\nid: ");
                assertThat(app.reply()).isEqualTo(success(id));
            }
        }
    }

    @Test
    void idTrimmedFromTheReplayRingStartsWithReset() {
        try (RunningNode node = RunningNode.start(io, b -> b.sessionTimeout(Duration.ofSeconds(30)).sessionReplayLimit(2));
             OrbitTestClient app = node.orbit()) {
            String oldest;
            try (SseClient first = SseClient.open(node.httpPort(), URI)) {
                first.awaitMessages(1, WAIT);
                for (int i = 1; i <= 5; i++) {
                    app.send("\"e" + i + "\"", KEY);
                }
                app.replies(5, WAIT);
                oldest = ids(first.awaitMessages(6, WAIT)).get(0);
            }
            node.awaitConnections("u", "s", "/loc", 0);
            app.send("\"e6\"", KEY);
            try (SseClient again = SseClient.open(node.httpPort(), URI + "&last_event_id=" + oldest)) {
                List<Message> ms = again.awaitMessages(3, WAIT);
                assertThat(ms.get(1).event()).isEqualTo("reset");
                assertThat(datas(ms)).containsExactly("\"e6\"");
                assertThat(again.raw().drain(Duration.ofMillis(300))).doesNotContain("\"e4\"", "\"e5\"");
            }
        }
    }

    @Test
    void bodyThatIsNotUtf8FailsForAnSseRecipientAndTheStreamGoesOn() {
        try (RunningNode node = RunningNode.start(io, b -> b);
             SseClient sse = SseClient.open(node.httpPort(), URI);
             OrbitTestClient app = node.orbit()) {
            sse.awaitMessages(1, WAIT);
            app.write(OrbitTestClient.request("bad", List.of(KEY), new byte[] {'"', (byte) 0xff, (byte) 0xfe, '"'}));
            assertThat(app.reply()).isEqualTo("Failure\r\nid: bad\r\nmsg: Failed to reach one or more recipients\r\n"
                    + "recipient: (u, s, /loc)\r\n\r\n");
            String id = app.send("\"fine\"", KEY);
            assertThat(app.reply()).isEqualTo(success(id));
            List<Message> ms = sse.awaitMessages(2, WAIT);
            assertThat(datas(ms)).containsExactly("\"fine\"");
            assertThat(ids(ms).get(0)).endsWith("-2");
        }
    }

    @Test
    void nonUtf8EventInTheMiddleOfAQueuedBatchFailsAloneAndTheRestFollowInOrder() {
        try (RunningNode node = RunningNode.start(io, b -> b);
             OrbitTestClient app = node.orbit()) {
            try (SseClient first = SseClient.open(node.httpPort(), URI)) {
                first.awaitMessages(1, WAIT);
            }
            node.awaitConnections("u", "s", "/loc", 0);
            // In the grace period: three events queue up, the middle one not UTF-8.
            String a = app.send("\"a\"", KEY);
            app.write(OrbitTestClient.request("bad", List.of(KEY), new byte[] {'"', (byte) 0xff, '"'}));
            String c = app.send("\"c\"", KEY);
            try (SseClient back = SseClient.open(node.httpPort(), URI)) {
                List<String> replies = app.replies(3, WAIT);
                assertThat(replies).containsExactlyInAnyOrder(success(a), success(c),
                        "Failure\r\nid: bad\r\nmsg: Failed to reach one or more recipients\r\n"
                                + "recipient: (u, s, /loc)\r\n\r\n");
                List<Message> ms = back.awaitMessages(3, WAIT);
                assertThat(datas(ms)).containsExactly("\"a\"", "\"c\"");
                String d = app.send("\"d\"", KEY);
                assertThat(app.reply()).as("the stream is still used after the rejected event").isEqualTo(success(d));
            }
        }
    }

    @Test
    void allowedOriginIsEchoedWithCredentialsOnSseAndLongPollHeads() {
        String origin = "https://app.example.com";
        try (RunningNode node = RunningNode.start(io, b -> b.corsOrigins(List.of(origin)));
             SseClient sse = SseClient.open(node.httpPort(), URI, "Origin: " + origin);
             SseClient other = SseClient.open(node.httpPort(), "/loc?user=v&transport=sse",
                     "Origin: https://evil.example.net");
             LongPollClient lp = new LongPollClient(node.httpPort())) {
            String cors = "Access-Control-Allow-Origin: " + origin + "\r\nAccess-Control-Allow-Credentials: true\r\n";
            assertThat(sse.head()).startsWith("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\n")
                    .contains("\r\n" + cors).endsWith("Transfer-Encoding: chunked\r\n\r\n");
            assertThat(other.head()).isEqualTo(HEAD);

            lp.send("/loc?user=w&transport=long_poll", "Origin: " + origin);
            node.awaitConnections("w", "0", "/loc", 1);
            node.orbit().send("1", "w, 0, /loc");
            LongPollClient.Response r = lp.await(WAIT);
            assertThat(r.head()).startsWith("HTTP/1.1 200 OK\r\n").contains("\r\n" + cors);
            lp.send("/loc?user=w&transport=long_poll&long_poll_extra=1", "Origin: https://evil.example.net");
            node.awaitConnections("w", "0", "/loc", 1);
            node.orbit().send("2", "w, 0, /loc");
            assertThat(lp.await(WAIT).head()).doesNotContain("Access-Control");
        }
    }

    @Test
    void optionsPreflightIsAnsweredForAllowedOriginsOnly() {
        String origin = "https://app.example.com";
        try (RunningNode node = RunningNode.start(io, b -> b.corsOrigins(List.of(origin)));
             RawHttp ok = RawHttp.send(node.httpPort(), "OPTIONS " + URI + " HTTP/1.1\r\nHost: x\r\nOrigin: " + origin
                     + "\r\nAccess-Control-Request-Method: GET\r\nAccess-Control-Request-Headers: last-event-id\r\n"
                     + "Connection: close\r\n\r\n");
             RawHttp no = RawHttp.send(node.httpPort(), "OPTIONS " + URI + " HTTP/1.1\r\nHost: x\r\n"
                     + "Origin: https://evil.example.net\r\nAccess-Control-Request-Method: GET\r\n"
                     + "Connection: close\r\n\r\n")) {
            String yes = ok.awaitClose();
            assertThat(yes).startsWith("HTTP/1.1 204 No Content\r\n")
                    .containsIgnoringCase("\r\naccess-control-allow-origin: " + origin + "\r\n")
                    .containsIgnoringCase("\r\naccess-control-allow-credentials: true\r\n")
                    .containsIgnoringCase("\r\naccess-control-allow-headers: last-event-id\r\n")
                    .containsPattern("(?i)\r\naccess-control-allow-methods: [^\r]*GET");
            String refused = no.awaitClose();
            assertThat(refused).startsWith("HTTP/1.1 204 No Content\r\n").doesNotContainIgnoringCase("access-control");
            assertThat(node.node().hub().sessionCount()).isZero();
        }
    }
}
