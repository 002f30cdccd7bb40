package org.orbited.node.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.orbited.node.transport.LegacyWire.H_XS;
import static org.orbited.node.transport.LegacyWire.P01;
import static org.orbited.node.transport.LegacyWire.P01_RECONNECT;
import static org.orbited.node.transport.LegacyWire.SPANS;
import static org.orbited.node.transport.LegacyWire.XS_RECONNECT;
import static org.orbited.node.transport.LegacyWire.after;
import static org.orbited.node.transport.LegacyWire.assertNoReply;
import static org.orbited.node.transport.LegacyWire.failure;
import static org.orbited.node.transport.LegacyWire.success;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.orbited.node.testing.OrbitTestClient;
import org.orbited.node.testing.RawHttp;
import org.orbited.node.testing.RunningNode;

/**
 * Length caps and recycling (orbit-protocol.md 4.2 (10), (11)): a response never carries more body bytes
 * than its cap; when the next event plus the reconnect instruction would not fit, the reconnect
 * instruction is written instead, the connection is closed, and the event waits for the next connection.
 * An event that could not fit even on a fresh connection fails.
 */
class LegacyLengthCapTest {
    private static final String KEY = "alice, 0, /chat";
    private static final int IFRAME_CAP = 100_000;
    /** H-XS minus its status line and header: the 256 dots and CRLF CRLF, counted as body. */
    private static final int XS_PROLOGUE = 260;
    private static final String XS_HEAD = H_XS.substring(0, H_XS.length() - XS_PROLOGUE);

    /** A JSON string of exactly {@code length} bytes that starts with the two-digit number {@code n}. */
    private static String numbered(int n, int length) {
        return String.format("\"%02d%s\"", n, "x".repeat(length - 4));
    }

    /**
     * Frames are sized so that nine would fit the cap exactly, leaving less room than the reconnect
     * script needs: only eight may be written.
     */
    @Test
    void iframe01StopsAtItsContentLengthWithTheReconnectScriptAndKeepsTheNextEvent() {
        try (RunningNode node = RunningNode.start(); OrbitTestClient app = node.orbit()) {
            String prologue;
            List<String> ids = new ArrayList<>();
            int fit;
            IntFunction<String> frame;
            try (RawHttp first = node.get("/chat|alice,0,iframe")) {
                prologue = LegacyIframe01Test.checkPrologue(after(first.awaitText(SPANS), P01));
                int frameLength = (IFRAME_CAP - prologue.length() - 30) / 9;
                int bodyLength = frameLength - "<script>window.parent.event(".length() - ");</script>\n".length();
                frame = n -> "<script>window.parent.event(" + numbered(n, bodyLength) + ");</script>\n";
                assertThat(frame.apply(0)).hasSize(frameLength);
                fit = (IFRAME_CAP - prologue.length() - P01_RECONNECT.length()) / frameLength;
                assertThat(fit).as("events that fit with room for the reconnect script").isEqualTo(8);
                for (int n = 0; n <= fit; n++) {
                    ids.add(app.send(numbered(n, frameLength - 40), KEY));
                }
                assertThat(app.replies(fit, Duration.ofSeconds(10)))
                        .containsExactlyInAnyOrderElementsOf(ids.subList(0, fit).stream().map(LegacyWire::success)
                                .toList());

                StringBuilder expected = new StringBuilder(P01).append(prologue);
                for (int n = 0; n < fit; n++) {
                    expected.append(frame.apply(n));
                }
                expected.append(P01_RECONNECT);
                String received = first.awaitClose();
                assertThat(received).isEqualTo(expected.toString());
                assertThat(received.length() - P01.length()).isLessThanOrEqualTo(IFRAME_CAP);
            }
            assertNoReply(app, Duration.ofMillis(300)); // the event that did not fit is still queued

            try (RawHttp second = node.get("/chat|alice,0,iframe")) {
                String expected = P01 + prologue + frame.apply(fit);
                assertThat(second.awaitText(expected)).isEqualTo(expected);
                assertThat(app.reply()).isEqualTo(success(ids.get(fit)));
            }
        }
    }

    @Test
    void iframe01EventThatCanNeverFitFailsAndTheConnectionCarriesOn() {
        try (RunningNode node = RunningNode.start(); OrbitTestClient app = node.orbit();
             RawHttp browser = node.get("/chat|alice,0,iframe")) {
            String prologue = after(browser.awaitText(SPANS), P01);
            String huge = numbered(1, IFRAME_CAP);
            String id = app.send(huge, KEY);
            assertThat(app.reply()).isEqualTo(failure(id, "(alice, 0, /chat)"));

            String small = app.send("2", KEY);
            assertThat(app.reply()).isEqualTo(success(small));
            String expected = P01 + prologue + "<script>window.parent.event(2);</script>\n";
            assertThat(browser.awaitText(expected)).isEqualTo(expected);
            assertThat(browser.isClosedByServer()).isFalse();
        }
    }

    @Test
    void xhrStreamIsRecycledAtStreamMaxBytesWithTheReconnectBytes() {
        long max = 600;
        int bodyLength = 59; // five frames of 66 fit in 600 after the padding, but not with the reconnect bytes
        IntFunction<String> frame = n -> numbered(n, bodyLength) + "\r\n|O|\r\n";
        String uri = "/chat?user=alice&transport=xhr_stream";
        int fit = (int) ((max - XS_PROLOGUE - XS_RECONNECT.length()) / frame.apply(0).length());
        assertThat(fit).isEqualTo(4);
        assertThat(XS_PROLOGUE + 5 * frame.apply(0).length()).isLessThanOrEqualTo((int) max);
        try (RunningNode node = RunningNode.start(b -> b.streamMaxBytes(max)); OrbitTestClient app = node.orbit()) {
            List<String> ids = new ArrayList<>();
            try (RawHttp first = node.get(uri)) {
                first.awaitText(H_XS);
                for (int n = 0; n < fit + 2; n++) {
                    ids.add(app.send(numbered(n, bodyLength), KEY));
                }
                assertThat(app.replies(fit, Duration.ofSeconds(10)))
                        .containsExactlyInAnyOrderElementsOf(ids.subList(0, fit).stream().map(LegacyWire::success)
                                .toList());
                StringBuilder expected = new StringBuilder(H_XS);
                for (int n = 0; n < fit; n++) {
                    expected.append(frame.apply(n));
                }
                expected.append(XS_RECONNECT);
                String received = first.awaitClose();
                assertThat(received).isEqualTo(expected.toString());
                assertThat(received.length() - XS_HEAD.length()).isLessThanOrEqualTo((int) max);
            }
            assertNoReply(app, Duration.ofMillis(300));

            try (RawHttp second = node.get(uri)) {
                String expected = H_XS + frame.apply(fit) + frame.apply(fit + 1);
                assertThat(second.awaitText(expected)).isEqualTo(expected);
                assertThat(app.replies(2, Duration.ofSeconds(10)))
                        .containsExactlyInAnyOrder(success(ids.get(fit)), success(ids.get(fit + 1)));
                assertThat(second.isClosedByServer()).isFalse();
            }
        }
    }

    @Test
    void xhrStreamEventLargerThanStreamMaxBytesFails() {
        try (RunningNode node = RunningNode.start(b -> b.streamMaxBytes(600)); OrbitTestClient app = node.orbit();
             RawHttp browser = node.get("/chat?user=alice&transport=xhr_stream")) {
            browser.awaitText(H_XS);
            String id = app.send(numbered(1, 400), KEY);
            assertThat(app.reply()).isEqualTo(failure(id, "(alice, 0, /chat)"));
            String small = app.send("2", KEY);
            assertThat(app.reply()).isEqualTo(success(small));
            assertThat(browser.awaitText(H_XS + "2\r\n|O|\r\n")).isEqualTo(H_XS + "2\r\n|O|\r\n");
        }
    }

    @Test
    void streamIsNeverRecycled() {
        try (RunningNode node = RunningNode.start(b -> b.streamMaxBytes(600)); OrbitTestClient app = node.orbit();
             RawHttp browser = node.get("/chat?user=alice&transport=stream")) {
            browser.awaitText(LegacyWire.H_STREAM);
            String body = numbered(1, 1000);
            String id = app.send(body, KEY);
            assertThat(app.reply()).isEqualTo(success(id));
            String expected = LegacyWire.H_STREAM + body;
            assertThat(browser.awaitText(expected)).isEqualTo(expected);
            assertThat(browser.isClosedByServer()).isFalse();
        }
    }

    /** The 0.2 iframe's declared 1,000,000 bytes: nine frames would fit exactly, eight leave room for r(). */
    @Test
    void htmlfileStopsAtItsContentLengthWithTheReconnectScript() {
        int cap = 1_000_000;
        String reconnect = "<script>r();</script>";
        int frameLength = (cap - LegacyWire.IFRAME_PROLOGUE.length() - 10) / 9;
        IntFunction<String> frame = n -> "<script>e(" + numbered(n, frameLength - 21) + ");</script>";
        assertThat(frame.apply(0)).hasSize(frameLength);
        try (RunningNode node = RunningNode.start(b -> b.originAgentCluster(false)); OrbitTestClient app = node.orbit()) {
            List<String> ids = new ArrayList<>();
            String opened = LegacyWire.H_IFRAME + LegacyWire.IFRAME_PROLOGUE;
            try (RawHttp first = node.get("/chat?user=alice&transport=htmlfile")) {
                first.awaitText(opened);
                for (int n = 0; n < 9; n++) {
                    ids.add(app.send(numbered(n, frameLength - 21), KEY));
                }
                assertThat(app.replies(8, Duration.ofSeconds(10))).containsExactlyInAnyOrderElementsOf(
                        ids.subList(0, 8).stream().map(LegacyWire::success).toList());
                StringBuilder expected = new StringBuilder(opened);
                for (int n = 0; n < 8; n++) {
                    expected.append(frame.apply(n));
                }
                expected.append(reconnect);
                String received = first.awaitClose();
                assertThat(received).isEqualTo(expected.toString());
                assertThat(received.length() - LegacyWire.H_IFRAME.length()).isLessThanOrEqualTo(cap);
            }
            try (RawHttp second = node.get("/chat?user=alice&transport=iframe")) {
                String expected = opened + frame.apply(8);
                assertThat(second.awaitText(expected)).isEqualTo(expected);
                assertThat(app.reply()).isEqualTo(success(ids.get(8)));
            }
        }
    }
}
