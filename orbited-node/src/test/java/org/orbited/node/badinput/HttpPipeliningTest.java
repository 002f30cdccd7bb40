package org.orbited.node.badinput;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.orbited.node.testing.OrbitTestClient;
import org.orbited.node.testing.RawHttp;
import org.orbited.node.testing.RunningNode;

/**
 * Pipelined HTTP requests (issue 10 item 1): answered one at a time and in order, whatever takes long to answer;
 * a burst deeper than {@code http.max_pipelined} closes that connection only.
 */
class HttpPipeliningTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String HOST = "Host: x\r\n";
    private static final Pattern STATUS_LINE = Pattern.compile("HTTP/1\\.1 \\d{3} [^\r]*");

    private static String get(String target) {
        return "GET " + target + " HTTP/1.1\r\n" + HOST + "\r\n";
    }

    /** The status lines of the responses in {@code text}, in order (a body need not end in a line end). */
    private static List<String> statusLines(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = STATUS_LINE.matcher(text);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    @Test
    void aBrowserPipeliningAFewRequestsGetsEveryAnswerInOrder() {
        try (RunningNode node = RunningNode.start(b -> b);
             RawHttp c = RawHttp.send(node.httpPort(), get("/_/about") + get("/_/iframe.js")
                     + "HEAD /_/orbited.js HTTP/1.1\r\n" + HOST + "\r\n" + get("/_/test")
                     + "GET /_/status HTTP/1.1\r\n" + HOST + "Connection: close\r\n\r\n")) {
            String all = c.awaitClose(WAIT);
            assertThat(statusLines(all)).hasSize(5).allMatch(s -> s.equals("HTTP/1.1 200 OK"));
            assertThat(all.indexOf("</html>")).as("about before iframe.js").isLessThan(all.indexOf("application/javascript"));
            assertThat(all).endsWith("}");
        }
    }

    @Test
    void aRequestPipelinedBehindAHeldLongPollIsAnsweredAfterThePoll() {
        try (RunningNode node = RunningNode.start(b -> b);
             OrbitTestClient app = node.orbit();
             RawHttp c = RawHttp.send(node.httpPort(), get("/lp?user=l&session=s&transport=long_poll")
                     + get("/_/status"))) {
            node.awaitConnections("l", "s", "/lp", 1);
            String id = app.send("\"first\"", "l, s, /lp");
            assertThat(app.reply()).isEqualTo("Success\r\nid: " + id + "\r\n\r\n");
            String all = c.await(t -> statusLines(t).size() == 2 && t.endsWith("}"), "two answers", WAIT);
            int poll = all.indexOf("first");
            int status = all.indexOf("\"name\" : \"orbited-node\"");
            assertThat(poll).as("the poll's event in %s", RawHttp.printable(all)).isPositive();
            assertThat(status).as("the status answer comes after the poll's").isGreaterThan(poll);
        }
    }

    @Test
    void aBurstDeeperThanMaxPipelinedClosesThatConnectionAndNobodyElseNotices() {
        try (RunningNode node = RunningNode.start(b -> b.httpMaxPipelined(4));
             WellBehavedPeers peers = new WellBehavedPeers(node)) {
            try (RawHttp deep = RawHttp.send(node.httpPort(), get("/_/about").repeat(12))) {
                String got = deep.awaitClose(WAIT);
                assertThat(statusLines(got).size()).as("answers before the close").isLessThan(12);
            }
            try (RawHttp fine = RawHttp.send(node.httpPort(), get("/_/about").repeat(4)
                    + "GET /_/about HTTP/1.1\r\n" + HOST + "Connection: close\r\n\r\n")) {
                assertThat(statusLines(fine.awaitClose(WAIT))).as("one unanswered and four ahead of it").hasSize(5);
            }
            peers.assertStillServed(List.of());
        }
    }
}
