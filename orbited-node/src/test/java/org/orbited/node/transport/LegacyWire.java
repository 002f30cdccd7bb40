package org.orbited.node.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.orbited.node.core.Session;
import org.orbited.node.core.SessionKey;
import org.orbited.node.testing.OrbitTestClient;
import org.orbited.node.testing.RunningNode;

/**
 * The legacy wire formats of orbit-protocol.md 5.2 and 5.3, written out independently of the main code
 * so the Legacy* tests compare the node's bytes with the reference, plus small waiting helpers.
 */
final class LegacyWire {
    /** P01: the head of the 0.1 iframe family. */
    static final String P01 = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100000\r\n\r\n";
    /** P01 with {@code Origin-Agent-Cluster: ?0} as its last head line (iframe_domain, setting on). */
    static final String P01_OAC = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100000\r\n"
            + "Origin-Agent-Cluster: ?0\r\n\r\n";
    static final String SPANS = "<span></span>".repeat(100);
    /** The 0.1 iframe family's ping and reconnect instruction (Decisions in 5.2). */
    static final String P01_PING = "<!-- p -->\n";
    static final String P01_RECONNECT = "<script>window.parent.reconnect && window.parent.reconnect();</script>\n";

    /** H-XHR for a body of {@code length} bytes. */
    static String hXhr(int length) {
        return "HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nCache-Control: no-cache\r\n"
                + "Content-Length: " + length + "\r\nConnection: close\r\n\r\n";
    }

    static final String H_STREAM = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n";
    /** H-IFRAME's 94-byte head, without {@code Origin-Agent-Cluster}. */
    static final String H_IFRAME = "HTTP/1.1 200 OK\r\nContent-Length: 1000000\r\nContent-Type: text/html\r\n"
            + "Cache-Control: no-cache\r\n\r\n";
    static final String H_IFRAME_OAC = "HTTP/1.1 200 OK\r\nContent-Length: 1000000\r\nContent-Type: text/html\r\n"
            + "Cache-Control: no-cache\r\nOrigin-Agent-Cluster: ?0\r\n\r\n";
    /** H-IFRAME's 1,406-byte prologue. */
    static final String IFRAME_PROLOGUE = "<html>\r\n<head>\r\n  <script src=\"/_/iframe.js\" charset=\"utf-8\"></script>"
            + "\r\n</head>\r\n<body onLoad=\"reload();\">" + SPANS;
    /** H-XS and its padding: 329 bytes. */
    static final String H_XS = "HTTP/1.1 200 OK\r\nContent-Type: application/x-orbited-event-stream\r\n\r\n"
            + ".".repeat(256) + "\r\n\r\n";
    static final String XS_PING = "\r\n|O|\r\nping\r\n|O|\r\n";
    static final String XS_RECONNECT = "\r\n|O|\r\nreconnect\r\n|O|\r\n";
    static final String H_DOM = "HTTP/1.1 200 OK\r\nContent-Type: application/x-dom-event-stream\r\n\r\n";

    static String hMultipart(String boundary) {
        return "HTTP/1.1 200 OK\r\nContent-Type: multipart/x-mixed-replace;boundary=\"" + boundary + "\"\r\n\r\n";
    }

    static String part(String boundary, String x) {
        return "Content-type: application/json\r\nContent-length: " + x.length() + "\r\n\r\n" + x + "\r\n--"
                + boundary + "\r\n";
    }

    static String failure(String id, String... failedForms) {
        StringBuilder sb = new StringBuilder("Failure\r\nid: ").append(id)
                .append("\r\nmsg: Failed to reach one or more recipients\r\n");
        for (String f : failedForms) {
            sb.append("recipient: ").append(f).append("\r\n");
        }
        return sb.append("\r\n").toString();
    }

    static String success(String id) {
        return "Success\r\nid: " + id + "\r\n\r\n";
    }

    /** Waits until the session of the key exists with exactly {@code connections} browser connections. */
    static Session awaitSession(RunningNode node, SessionKey key, int connections) {
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10)).until(() -> {
            Session s = node.node().hub().find(key);
            return s != null && s.connections() == connections;
        });
        return node.node().hub().find(key);
    }

    /** Asserts that no Orbit reply arrives within {@code wait}. */
    static void assertNoReply(OrbitTestClient app, Duration wait) {
        assertThatThrownBy(() -> app.reply(wait)).isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("no Orbit reply");
    }

    /** Asserts that {@code received} starts with {@code head} and returns what follows it. */
    static String after(String received, String head) {
        assertThat(received).startsWith(head);
        return received.substring(head.length());
    }

    private LegacyWire() {
    }
}
