package org.orbited.node.badinput;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.orbited.node.testing.OrbitTestClient;

/**
 * Bad input on the Orbit port (orbit-protocol.md 2.2, "Malformed requests"): every case gets its exact
 * reply bytes, the connection is kept or closed as the table says, a kept connection serves the next
 * well-formed request, and the well-behaved browser and application keep being served throughout.
 */
class BadInputOrbitTest {
    private static final int MAX_LINE = 1024;
    private static final int MAX_HEADERS = 100;
    private static final int MAX_BODY = 4096;
    private static final int MAX_HEAD = 8192;
    private static final String G = WellBehavedPeers.KEY;
    private static final String HEAD = "Orbit 1.0\r\nEvent\r\n";

    @RegisterExtension
    static final BadInputNode NODE = BadInputNode.with(b ->
            b.opMaxLine(MAX_LINE).opMaxHeaders(MAX_HEADERS).opMaxBody(MAX_BODY)
            .opMaxHead(MAX_HEAD));

    enum Then { KEPT, CLOSED }

    /**
     * One bad input: {@code bytes} (ISO-8859-1, one char per byte) are written in one go, optionally
     * followed by a half-close; {@code replies} are the exact replies expected (in any order when there
     * are several); {@code delivered} the bodies the good browser must receive because of them.
     */
    record Case(String name, String bytes, boolean halfClose, List<String> replies, Then then,
                List<String> delivered) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        List<Case> c = new ArrayList<>();
        // --- id
        c.add(kept("missing id header: Error form",
                req("recipient: " + G + "\r\nlength: 5\r\n", "\"bad\""), error("missing id header")));
        c.add(kept("empty id value counts as missing",
                req("id: \r\nrecipient: " + G + "\r\nlength: 5\r\n", "\"bad\""), error("missing id header")));
        c.add(kept("id repeated with a different value",
                req("id: 12\r\nid: 13\r\nrecipient: " + G + "\r\nlength: 5\r\n", "\"bad\""),
                failure("12", "malformed header line")));
        c.add(new Case("id with odd bytes is echoed byte-for-byte",
                req("id: a\u0001\u00ff\u00e9: b\u007f\r\nrecipient: " + G + "\r\nlength: 5\r\n", "\"odd\""), false,
                List.of("Success\r\nid: a\u0001\u00ff\u00e9: b\u007f\r\n\r\n"), Then.KEPT, List.of("\"odd\"")));
        // --- length
        c.add(closed("missing length header",
                req("id: 3\r\nrecipient: " + G + "\r\n", ""), failure("3", "missing or invalid length header")));
        c.add(closed("negative length",
                req("id: 4\r\nrecipient: " + G + "\r\nlength: -5\r\n", "\"bad\""),
                failure("4", "missing or invalid length header")));
        c.add(closed("non-numeric length",
                req("id: 5\r\nrecipient: " + G + "\r\nlength: five\r\n", "\"bad\""),
                failure("5", "missing or invalid length header")));
        c.add(closed("length too long for any number",
                req("id: 6\r\nrecipient: " + G + "\r\nlength: 99999999999999999999\r\n", "\"bad\""),
                failure("6", "missing or invalid length header")));
        c.add(closed("length repeated with conflicting values",
                req("id: 8\r\nrecipient: " + G + "\r\nlength: 5\r\nlength: 6\r\n", "\"bad\""),
                failure("8", "missing or invalid length header")));
        c.add(new Case("length repeated with the same value is accepted",
                req("id: 9\r\nlength: 4\r\nrecipient: " + G + "\r\nlength: 4\r\n", "\"ok\""), false,
                List.of(success("9")), Then.KEPT, List.of("\"ok\"")));
        c.add(kept("length above op.max_body: body read and discarded",
                req("id: 7\r\nrecipient: " + G + "\r\nlength: " + (MAX_BODY + 1) + "\r\n", "x".repeat(MAX_BODY + 1)),
                failure("7", "body exceeds op.max_body")));
        c.add(new Case("truncated body then half-close: no reply, closed", req("id: 10\r\nrecipient: " + G
                + "\r\nlength: 100\r\n", "\"only ten\""), true, List.of(), Then.CLOSED, List.of()));
        // --- header lines
        c.add(kept("header line without colon",
                req("id: 11\r\nthis line has no colon\r\nrecipient: " + G + "\r\nlength: 5\r\n", "\"bad\""),
                failure("11", "malformed header line")));
        c.add(closed("over-long first line: Error form",
                "O".repeat(MAX_LINE + 1) + "\r\n" + req("id: 13\r\nrecipient: " + G + "\r\nlength: 5\r\n", "\"bad\""),
                error("line exceeds op.max_line")));
        c.add(closed("over-long header line after the id: Failure form",
                req("id: 14\r\nrecipient: " + "a".repeat(MAX_LINE) + "\r\nlength: 5\r\n", "\"bad\""),
                failure("14", "line exceeds op.max_line")));
        c.add(closed("too many header lines",
                req("id: 15\r\n" + "x-pad: 1\r\n".repeat(MAX_HEADERS) + "recipient: " + G + "\r\nlength: 5\r\n",
                        "\"bad\""), failure("15", "too many headers")));
        c.add(closed("head longer than op.max_head (many long recipient lines, each within op.max_line)",
                req("id: 24\r\n" + ("recipient: " + "r".repeat(MAX_LINE - 30) + ", 0, /good\r\n").repeat(
                        MAX_HEAD / MAX_LINE + 1) + "length: 5\r\n", "\"bad\""), failure("24", "request head exceeds op.max_head")));
        c.add(kept("NUL byte in a header name: header ignored, so no recipients",
                req("id: 25\r\nrecip\u0000ient: " + G + "\r\nlength: 5\r\n", "\"bad\""),
                failure("25", "no recipients")));
        c.add(kept("bare LF line ends are accepted", "Orbit/1.0\nEvent\nid: 30\nrecipient: " + G
                + "\nlength: 4\n\n\"lf\"", List.of(success("30")), List.of("\"lf\"")));
        // --- version and action lines (a newcomer's request without them is answered, not delivered)
        String noVersion = "missing version line (a request starts with Orbit 1.0 then Event)";
        c.add(kept("missing version line: Event taken as line 1",
                "Event\r\nid: 40\r\nrecipient: " + G + "\r\nlength: 5\r\n\r\n\"bad\"", failure("40", noVersion)));
        c.add(kept("missing version and action lines",
                "id: 41\r\nrecipient: " + G + "\r\nlength: 5\r\n\r\n\"bad\"", failure("41", noVersion)));
        c.add(kept("missing action line",
                "Orbit 1.0\r\nlength: 5\r\nrecipient: " + G + "\r\nid: 42\r\n\r\n\"bad\"", failure("42", noVersion)));
        c.add(kept("missing version line and no id: Error form",
                "Event\r\nrecipient: " + G + "\r\nlength: 5\r\n\r\n\"bad\"", error(noVersion)));
        c.add(kept("the documentation page's Orbit/1.0 and Action: Event are accepted",
                "Orbit/1.0\r\nAction: Event\r\nid: 43\r\nrecipient: " + G + "\r\nlength: 4\r\n\r\n\"ok\"",
                List.of(success("43")), List.of("\"ok\"")));
        // --- recipients
        c.add(kept("no recipient header", req("id: 16\r\nlength: 5\r\n", "\"bad\""),
                failure("16", "no recipients")));
        c.add(kept("recipient with two fields",
                req("id: 17\r\nrecipient: " + G + "\r\nrecipient: g, 0\r\nlength: 4\r\n", "\"r2\""),
                List.of(delivery("17", "(g, 0)")), List.of("\"r2\"")));
        c.add(kept("recipient with four fields",
                req("id: 18\r\nrecipient: g, 0, /good, x\r\nrecipient: " + G + "\r\nlength: 4\r\n", "\"r4\""),
                List.of(delivery("18", "(g, 0, /good, x)")), List.of("\"r4\"")));
        c.add(kept("empty recipient value",
                req("id: 19\r\nrecipient:\r\nrecipient: " + G + "\r\nlength: 4\r\n", "\"r0\""),
                List.of(delivery("19", "()")), List.of("\"r0\"")));
        c.add(kept("parenthesised key is delivered",
                req("id: 20\r\nrecipient: (" + G + ")\r\nlength: 4\r\n", "\"pk\""),
                List.of(success("20")), List.of("\"pk\"")));
        c.add(kept("duplicate recipients: one delivery, one count",
                req("id: 21\r\nrecipient: " + G + "\r\nrecipient: (" + G + ")\r\nrecipient:   " + G
                        + "  \r\nrecipient: " + G + "\r\nlength: 5\r\n", "\"dup\""),
                List.of(success("21")), List.of("\"dup\"")));
        c.add(kept("NUL byte in a recipient value",
                req("id: 26\r\nrecipient: g\u0000, 0, /good\r\nlength: 5\r\n", "\"nul\""),
                List.of(delivery("26", "(g\u0000, 0, /good)")), List.of()));
        String jurgen = utf8("jürgen, 0, /good");
        c.add(kept("UTF-8 in a recipient is echoed as UTF-8",
                req("id: 27\r\nrecipient: " + jurgen + "\r\nlength: 5\r\n", "\"utf\""),
                List.of(delivery("27", "(" + jurgen + ")")), List.of()));
        StringBuilder many = new StringBuilder("id: 28\r\n");
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < MAX_HEADERS - 3; i++) {
            many.append("recipient: nobody-").append(i).append(", 0, /good\r\n");
            missing.add("(nobody-" + i + ", 0, /good)");
        }
        many.append("recipient: ").append(G).append("\r\nlength: 6\r\n");
        c.add(kept("very many recipients", req(many.toString(), "\"many\""),
                List.of(delivery("28", missing.toArray(String[]::new))), List.of("\"many\"")));
        // --- garbage
        c.add(closed("binary garbage without line ends", garbage(3 * MAX_LINE), error("line exceeds op.max_line")));
        c.add(closed("binary garbage lines ending in a blank line",
                "\u0000\u00ff\u00fe\r\n\u0080\u0081\r\n\u00c3\u0028 junk\r\n\r\n",
                error("missing or invalid length header")));
        c.add(kept("only CRLFs and LFs", "\r\n".repeat(500) + "\n".repeat(10), List.of(), List.of()));
        // --- pipelining
        c.add(kept("pipelined mix of bad and good",
                req("id: 31\r\nrecipient: " + G + "\r\nlength: 4\r\n", "\"p1\"")
                        + req("id: 32\r\nlength: 5\r\n", "\"bad\"")
                        + req("recipient: " + G + "\r\nlength: 5\r\n", "\"bad\"")
                        + req("id: 33\r\nno colon\r\nrecipient: " + G + "\r\nlength: 5\r\n", "\"bad\"")
                        + req("id: 34\r\nrecipient: " + G + "\r\nlength: " + (MAX_BODY + 1) + "\r\n",
                        "y".repeat(MAX_BODY + 1))
                        + req("id: 35\r\nrecipient: " + G + "\r\nlength: 4\r\n", "\"p2\""),
                List.of(success("31"), failure("32", "no recipients"), error("missing id header"),
                        failure("33", "malformed header line"), failure("34", "body exceeds op.max_body"),
                        success("35")),
                List.of("\"p1\"", "\"p2\"")));
        return c.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void badInputGetsItsReplyAndEveryoneElseIsServed(Case c) {
        List<String> delivered = new ArrayList<>(c.delivered());
        try (OrbitTestClient bad = NODE.node().orbit()) {
            bad.write(c.bytes());
            if (c.halfClose()) {
                bad.shutdownOutput();
            }
            List<String> replies = bad.replies(c.replies().size(), Duration.ofSeconds(10));
            assertThat(replies).as("replies").containsExactlyInAnyOrderElementsOf(c.replies());
            if (c.then() == Then.CLOSED) {
                assertThat(bad.closedByServer(Duration.ofSeconds(10))).as("closed by the server").isTrue();
                assertThat(bad.unread()).as("bytes after the last reply").isEmpty();
            } else {
                bad.write(req("id: follow\r\nrecipient: " + G + "\r\nlength: 8\r\n", "\"follow\""));
                assertThat(bad.reply()).as("next well-formed request on the same connection")
                        .isEqualTo(success("follow"));
                delivered.add("\"follow\"");
            }
        }
        NODE.peers().assertStillServed(delivered);
    }

    // --- helpers

    private static Case kept(String name, String bytes, String reply) {
        return new Case(name, bytes, false, List.of(reply), Then.KEPT, List.of());
    }

    private static Case kept(String name, String bytes, List<String> replies, List<String> delivered) {
        return new Case(name, bytes, false, replies, Then.KEPT, delivered);
    }

    private static Case closed(String name, String bytes, String reply) {
        return new Case(name, bytes, false, List.of(reply), Then.CLOSED, List.of());
    }

    /** A request with the version and action lines, {@code headers} (each ending in CRLF) and a body. */
    private static String req(String headers, String body) {
        return HEAD + headers + "\r\n" + body;
    }

    private static String success(String id) {
        return "Success\r\nid: " + id + "\r\n\r\n";
    }

    private static String failure(String id, String msg) {
        return "Failure\r\nid: " + id + "\r\nmsg: " + msg + "\r\n\r\n";
    }

    private static String error(String msg) {
        return "Error\r\nmsg: " + msg + "\r\n\r\n";
    }

    private static String delivery(String id, String... failedForms) {
        StringBuilder sb = new StringBuilder("Failure\r\nid: " + id + "\r\nmsg: Failed to reach one or more recipients\r\n");
        for (String f : failedForms) {
            sb.append("recipient: ").append(f).append("\r\n");
        }
        return sb.append("\r\n").toString();
    }

    /** Deterministic bytes with no CR or LF. */
    private static String garbage(int n) {
        Random random = new Random(42);
        StringBuilder sb = new StringBuilder(n);
        while (sb.length() < n) {
            char ch = (char) random.nextInt(256);
            if (ch != '\r' && ch != '\n') {
                sb.append(ch);
            }
        }
        return sb.toString();
    }

    /** {@code s} encoded as UTF-8, as one char per byte. */
    private static String utf8(String s) {
        return new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }
}
