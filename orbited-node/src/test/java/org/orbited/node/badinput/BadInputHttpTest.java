package org.orbited.node.badinput;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.orbited.node.testing.RawHttp;

/**
 * Bad input on the HTTP port (orbit-protocol.md 3.2, "Errors"): every case gets the exact status line,
 * {@code Content-Type: text/plain; charset=utf-8}, {@code Connection: close}, a matching
 * {@code Content-Length} and the one-line body of its {@code HttpError}, then the connection is closed;
 * the well-behaved browser and application keep being served throughout.
 */
class BadInputHttpTest {
    private static final int MAX_HEAD = 4096;
    private static final int MAX_POST = 1024;
    private static final String HOST = "Host: x\r\n";
    private static final String WS_KEY = "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n";

    @RegisterExtension
    static final BadInputNode NODE = BadInputNode.with(b ->
            b.httpMaxHead(MAX_HEAD).httpMaxPost(MAX_POST));

    /** One bad request (ISO-8859-1) and its expected error; {@code extraHeader} is {@code "name: value"} or null. */
    record Case(String name, String request, String statusLine, String body, String extraHeader) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        List<Case> c = new ArrayList<>();
        String missingUser = "missing required parameter: user";
        c.add(bad400("missing user, query form", get("/chat?transport=sse"), missingUser));
        c.add(bad400("missing user, pipe form", get("/chat|,0,iframe"), missingUser));
        c.add(bad400("nothing after the pipe", get("/chat%7C"), missingUser));
        c.add(bad400("blank user, query form", get("/chat?user=%20%20&transport=sse"), missingUser));
        c.add(bad400("empty user with a session", get("/chat?user=&session=7"), missingUser));
        c.add(bad400("unknown transport", get("/chat?user=a&transport=nope"), "unknown transport: nope"));
        c.add(bad400("modern transport sse on the pipe form", get("/chat|a,0,sse"), "unknown transport: sse"));
        c.add(bad400("modern transport long_poll on the pipe form", get("/chat%7ca,0,long_poll"),
                "unknown transport: long_poll"));
        c.add(bad400("bad percent escape, query form", get("/chat?user=%zz"),
                "malformed request: bad percent-encoding in user"));
        c.add(bad400("truncated percent escape, query form", get("/chat?user=a%4"),
                "malformed request: bad percent-encoding in user"));
        c.add(bad400("invalid UTF-8 %C3%28 in user, query form", get("/chat?user=%C3%28"),
                "malformed request: bad percent-encoding in user"));
        c.add(bad400("invalid UTF-8 %FF in session, query form", get("/chat?user=a&session=%FF"),
                "malformed request: bad percent-encoding in session"));
        c.add(bad400("invalid UTF-8 %C3%28 in user, pipe form", get("/chat|%C3%28,0,iframe"),
                "malformed request: bad percent-encoding in user"));
        c.add(bad400("bad percent escape in session, pipe form", get("/chat|a,%zz"),
                "malformed request: bad percent-encoding in session"));
        c.add(bad400("control character in user", get("/chat?user=a%01b"),
                "malformed request: user must not contain control characters or \", \""));
        c.add(bad400("comma-space in user", get("/chat?user=a%2C%20b"),
                "malformed request: user must not contain control characters or \", \""));
        c.add(bad400("comma-space in session", get("/chat?user=a&session=s%2C+t"),
                "malformed request: session must not contain control characters or \", \""));
        c.add(bad400("newline in session, pipe form", get("/chat|a,s%0At"),
                "malformed request: session must not contain control characters or \", \""));
        c.add(bad400("user longer than 1024 characters", get("/chat?user=" + "u".repeat(1025)),
                "malformed request: user longer than 1024 characters"));
        c.add(bad400("channel without leading slash", get("/chat?user=a&channel=lobby"),
                "malformed request: invalid channel name: lobby"));
        c.add(bad400("channel with a comma", get("/chat?user=a&channel=/a,b"),
                "malformed request: invalid channel name: /a,b"));
        c.add(bad400("channel with a control character", get("/chat?user=a&channel=/a%07"),
                "malformed request: invalid channel name: /a?"));
        c.add(bad400("too many channels", get("/chat?user=a" + "&channel=/c".repeat(65).replace("/c", "/c%s")
                .formatted(range(65))), "malformed request: more than 64 channels"));
        c.add(bad400("hello flag neither 0 nor 1", get("/chat?user=a&transport=sse&hello=yes"),
                "malformed request: hello must be 0 or 1"));
        c.add(bad400("instance without attempt", get("/chat?user=a&transport=long_poll&instance=p1"),
                "malformed request: instance and attempt go together: instance without attempt"));
        c.add(bad400("attempt without instance", get("/chat?user=a&transport=sse&attempt=3"),
                "malformed request: instance and attempt go together: attempt without instance"));
        c.add(bad400("instance with a space", get("/chat?user=a&transport=websocket&instance=p+1&attempt=1"),
                "malformed request: instance must be 1 to 64 characters of 0-9, A-Z, a-z, '_' and '-'"));
        c.add(bad400("instance longer than 64 characters",
                get("/chat?user=a&transport=long_poll&attempt=1&instance=" + "i".repeat(65)),
                "malformed request: instance must be 1 to 64 characters of 0-9, A-Z, a-z, '_' and '-'"));
        c.add(bad400("negative attempt", get("/chat?user=a&transport=long_poll&instance=p&attempt=-1"),
                "malformed request: attempt must be a number of 1 to 15 decimal digits"));
        c.add(bad400("attempt of 16 digits", get("/chat?user=a&transport=long_poll&instance=p&attempt=" + "9".repeat(16)),
                "malformed request: attempt must be a number of 1 to 15 decimal digits"));
        c.add(new Case("oversized URL", get("/chat?user=" + "a".repeat(MAX_HEAD + 1)),
                "HTTP/1.1 431 Request Header Fields Too Large", "request head exceeds http.max_head", null));
        c.add(new Case("request line and headers together over the limit", get("/chat?user=" + "a".repeat(MAX_HEAD / 2))
                .replace(HOST, HOST + "X-Pad: " + "p".repeat(MAX_HEAD / 2) + "\r\n"),
                "HTTP/1.1 431 Request Header Fields Too Large", "request head exceeds http.max_head", null));
        c.add(new Case("oversized header block", "GET /chat?user=a HTTP/1.1\r\n" + HOST + "X-Big: "
                + "b".repeat(MAX_HEAD + 1) + "\r\n\r\n",
                "HTTP/1.1 431 Request Header Fields Too Large", "request head exceeds http.max_head", null));
        c.add(new Case("very many headers", "GET /chat?user=a HTTP/1.1\r\n" + HOST + "X-A: 1\r\n".repeat(1000)
                + "\r\n", "HTTP/1.1 431 Request Header Fields Too Large", "request head exceeds http.max_head", null));
        c.add(new Case("POST body declared too large", "POST /chat HTTP/1.1\r\n" + HOST
                + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " + (MAX_POST + 1) + "\r\n\r\n",
                "HTTP/1.1 413 Request Entity Too Large", "request body exceeds http.max_post", null));
        c.add(new Case("POST body too large, streamed chunked", "POST /chat HTTP/1.1\r\n" + HOST
                + "Content-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n"
                + ("200\r\n" + "u".repeat(0x200) + "\r\n").repeat(3),
                "HTTP/1.1 413 Request Entity Too Large", "request body exceeds http.max_post", null));
        c.add(new Case("unsupported method on a comet location", "PUT /chat?user=a HTTP/1.1\r\n" + HOST
                + "Content-Length: 0\r\n\r\n", "HTTP/1.1 405 Method Not Allowed", "method not allowed: PUT", null));
        c.add(new Case("unsupported method on the pipe form", "POST /chat|a,0,iframe HTTP/1.1\r\n" + HOST
                + "Content-Length: 0\r\n\r\n", "HTTP/1.1 405 Method Not Allowed", "method not allowed: POST", null));
        c.add(new Case("unsupported method on /_/status", "DELETE /_/status HTTP/1.1\r\n" + HOST + "\r\n",
                "HTTP/1.1 405 Method Not Allowed", "method not allowed: DELETE", null));
        c.add(bad400("non-HTTP text on the HTTP port", "GARBAGE GARBAGE GARBAGE\r\n\r\n",
                "malformed request: invalid version format: GARBAGE"));
        c.add(bad400("request target not starting with /", get("chat?user=a"),
                "malformed request: request target must start with /"));
        c.add(bad400("absolute-form request target", get("http://x/chat?user=a"),
                "malformed request: request target must start with /"));
        c.add(new Case("unknown /_/ file", get("/_/nope.js"), "HTTP/1.1 404 Not Found", "not found: /_/nope.js",
                null));
        c.add(new Case("websocket upgrade with an unsupported version", "GET /chat?user=a HTTP/1.1\r\n" + HOST
                + "Upgrade: websocket\r\nConnection: Upgrade\r\n" + WS_KEY + "Sec-WebSocket-Version: 99\r\n\r\n",
                "HTTP/1.1 426 Upgrade Required", "unsupported websocket version: 99", "sec-websocket-version: 13"));
        c.add(bad400("websocket upgrade without a key", "GET /chat?user=a HTTP/1.1\r\n" + HOST
                        + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n\r\n",
                "malformed request: bad websocket handshake: missing Sec-WebSocket-Key"));
        for (String key : List.of("abc", "dGhlIHNhbXBsZSBub25jZQ", "dGhlIHNhbXBsZSBub25jZSE=", "!!!!!!!!!!!!!!!!!!!!!!==",
                "dGhlIHNhbXBsZSBub25jZSEh", "")) {
            c.add(bad400("websocket upgrade with the key '" + key + "' (not 16 bytes in base64)",
                    "GET /chat?user=a HTTP/1.1\r\n" + HOST + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                            + "Sec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n\r\n",
                    "malformed request: bad websocket handshake: Sec-WebSocket-Key is not 16 bytes in base64"));
        }
        c.add(new Case("websocket upgrade without a version (the pre-RFC handshake)", "GET /chat?user=a HTTP/1.1\r\n"
                + HOST + "Origin: http://x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n",
                "HTTP/1.1 426 Upgrade Required", "unsupported websocket version: none given", "sec-websocket-version: 13"));
        c.add(new Case("websocket upgrade with draft version 8", "GET /chat?user=a HTTP/1.1\r\n" + HOST
                + "Upgrade: websocket\r\nConnection: Upgrade\r\n" + WS_KEY + "Sec-WebSocket-Version: 8\r\n\r\n",
                "HTTP/1.1 426 Upgrade Required", "unsupported websocket version: 8", "sec-websocket-version: 13"));
        c.add(bad400("lone LF line endings", "GET /chat?user=a&transport=sse HTTP/1.1\nHost: x\n\n",
                "malformed request: Line Feed must be preceded by Carriage Return when terminating HTTP start- "
                        + "and header field-lines"));
        c.add(bad400("header line without colon", "GET /chat?user=a HTTP/1.1\r\n" + HOST + "NoColonHere\r\n\r\n",
                "malformed request: No colon found"));
        String badHost = "malformed request: invalid Host header: ";
        c.add(bad400("script in the Host of iframe_domain, pipe form",
                "GET /chat|a,0,iframe_domain HTTP/1.1\r\nHost: x');alert(1);//\r\n\r\n", badHost + "x');alert(1);//"));
        c.add(bad400("script tags in the Host of iframe_domain, query form",
                "GET /chat?user=a&transport=iframe_domain HTTP/1.1\r\n"
                        + "Host: x\"</script><script>alert(1)</script>\r\n\r\n",
                badHost + "x\"</script><script>alert(1)</script>"));
        c.add(bad400("an IPv6 zone with a quote in the Host of iframe_domain",
                "GET /chat|a,0,iframe_domain HTTP/1.1\r\nHost: [::1%\"]:80\r\n\r\n", badHost + "[::1%\"]:80"));
        c.add(bad400("two Host headers on iframe_domain",
                "GET /chat|a,0,iframe_domain HTTP/1.1\r\nHost: a.example\r\nHost: b.example\r\n\r\n",
                badHost + "a.example, b.example"));
        c.add(bad400("bad request followed by a pipelined good one: only the error is answered",
                get("/chat?transport=sse") + get("/chat?user=late&transport=sse"), missingUser));
        return c.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void badRequestGetsItsErrorAndEveryoneElseIsServed(Case c) {
        String response;
        try (RawHttp bad = RawHttp.send(NODE.node().httpPort(), c.request())) {
            response = bad.awaitClose(Duration.ofSeconds(10));
        }
        int headEnd = response.indexOf("\r\n\r\n");
        assertThat(headEnd).as("end of head in %s", RawHttp.printable(response)).isPositive();
        String[] head = response.substring(0, headEnd).split("\r\n");
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < head.length; i++) {
            int colon = head[i].indexOf(':');
            headers.put(head[i].substring(0, colon).toLowerCase(Locale.ROOT), head[i].substring(colon + 1).trim());
        }
        String body = response.substring(headEnd + 4);
        byte[] expectedBody = (c.body() + "\n").getBytes(StandardCharsets.UTF_8);

        assertThat(head[0]).as("status line").isEqualTo(c.statusLine());
        assertThat(headers).as("headers")
                .containsEntry("content-type", "text/plain; charset=utf-8")
                .containsEntry("connection", "close")
                .containsEntry("content-length", String.valueOf(expectedBody.length));
        if (c.extraHeader() != null) {
            String[] nv = c.extraHeader().split(": ", 2);
            assertThat(headers).containsEntry(nv[0], nv[1]);
        }
        assertThat(body).as("body, and nothing after it")
                .isEqualTo(new String(expectedBody, StandardCharsets.ISO_8859_1));
        NODE.peers().assertStillServed(List.of());
    }

    @Test
    void headAndGetOnStatusAreServed() {
        String get;
        String head;
        int port = NODE.node().httpPort();
        try (RawHttp g = RawHttp.send(port, "GET /_/status HTTP/1.1\r\n" + HOST + "Connection: close\r\n\r\n");
             RawHttp h = RawHttp.send(port, "HEAD /_/status HTTP/1.1\r\n" + HOST + "Connection: close\r\n\r\n")) {
            get = g.awaitClose(Duration.ofSeconds(10));
            head = h.awaitClose(Duration.ofSeconds(10));
        }
        assertThat(get).startsWith("HTTP/1.1 200 OK\r\n").contains("Content-Type: application/json; charset=utf-8\r\n");
        String getBody = get.substring(get.indexOf("\r\n\r\n") + 4);
        assertThat(getBody).contains("\"name\" : \"orbited-node\"");
        assertThat(head).startsWith("HTTP/1.1 200 OK\r\n").endsWith("\r\n\r\n")
                .contains("Content-Length: ")
                .doesNotContain("orbited-node");
        NODE.peers().assertStillServed(List.of());
    }

    @Test
    void requestPipelinedAfterAnErrorStartsNoSession() {
        try (RawHttp bad = RawHttp.send(NODE.node().httpPort(),
                get("/chat?transport=sse") + get("/chat?user=late&transport=sse"))) {
            assertThat(bad.awaitClose(Duration.ofSeconds(10))).endsWith("\r\n\r\nmissing required parameter: user\n");
        }
        // within session.timeout a session created by the pipelined request would still be counted
        assertThat(NODE.peers().statusJson()).contains("\"sessions\" : 1,");
        NODE.peers().assertStillServed(List.of());
    }

    private static Case bad400(String name, String request, String body) {
        return new Case(name, request, "HTTP/1.1 400 Bad Request", body, null);
    }

    private static String get(String target) {
        return "GET " + target + " HTTP/1.1\r\n" + HOST + "\r\n";
    }

    /** Arguments 0..n-1 for {@code String.formatted}. */
    private static Object[] range(int n) {
        Object[] out = new Object[n];
        for (int i = 0; i < n; i++) {
            out[i] = i;
        }
        return out;
    }
}
