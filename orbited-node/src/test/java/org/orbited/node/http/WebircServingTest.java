package org.orbited.node.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.orbited.node.testing.RawHttp;
import org.orbited.node.testing.RunningNode;

/**
 * The widget's real files (module webirc's dist, on the node's class path) as a browser gets them over the HTTP port
 * (docs/webirc.md, "Serving"), and the comet locations beside them untouched.
 */
class WebircServingTest {
    private static RunningNode node;

    @BeforeAll
    static void start() {
        node = RunningNode.start(b -> b);
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    private static String get(String headRequest) {
        try (RawHttp http = RawHttp.send(node.httpPort(), headRequest + "Host: 127.0.0.1\r\nConnection: close\r\n\r\n")) {
            boolean head = headRequest.startsWith("HEAD ");
            String t = http.await(r -> r.startsWith("HTTP/1.1 ") && (head ? r.contains("\r\n\r\n") : closedOrComplete(r)),
                    "a whole response",
                    Duration.ofSeconds(10));
            int end = t.indexOf("\r\n\r\n"); // header names are case-insensitive: compare them in lower case
            return t.substring(0, end).toLowerCase(java.util.Locale.ROOT).replace("http/1.1 ", "HTTP/1.1 ")
                    + t.substring(end);
        }
    }

    private static boolean closedOrComplete(String t) {
        int end = t.indexOf("\r\n\r\n");
        if (end < 0) {
            return false;
        }
        Matcher m = Pattern.compile("(?i)content-length: (\\d+)").matcher(t.substring(0, end));
        return !m.find() || t.length() - end - 4 >= Integer.parseInt(m.group(1)); // ASCII enough for the check
    }

    @Test
    void theWidgetIsServedCacheableAndReadableFromAnyOrigin() {
        String r = get("GET /webirc/widget.js HTTP/1.1\r\n");
        assertThat(r).startsWith("HTTP/1.1 200 ok\r\n").contains(
                "content-type: application/javascript; charset=utf-8", "access-control-allow-origin: *",
                "cache-control: public, max-age=300", "x-content-type-options: nosniff").containsPattern("etag: \"[0-9a-f]{24}\"");
        String etag = r.replaceAll("(?s).*etag: (\"[0-9a-f]+\").*", "$1");
        assertThat(get("GET /webirc/widget.js HTTP/1.1\r\nIf-None-Match: " + etag + "\r\n"))
                .startsWith("HTTP/1.1 304 not modified\r\n").contains("etag: " + etag);
        assertThat(get("HEAD /webirc/widget.js HTTP/1.1\r\n")).startsWith("HTTP/1.1 200 ok\r\n");
    }

    @Test
    void thePagesCarryAStrictPolicyAndTheDemoSiteIsAtThePrefix() {
        for (String path : new String[] {"/webirc/helper.html", "/webirc/"}) {
            assertThat(get("GET " + path + " HTTP/1.1\r\n")).as(path).startsWith("HTTP/1.1 200 ok\r\n")
                    .contains("content-type: text/html; charset=utf-8", "x-frame-options: deny")
                    .containsPattern("content-security-policy: [^\r]*script-src 'self'");
        }
        assertThat(get("GET /webirc HTTP/1.1\r\n")).startsWith("HTTP/1.1 301 ").contains("location: /webirc/");
    }

    @Test
    void anythingElseUnderThePrefixIsA404AndOnlyGetAndHeadAreServed() {
        assertThat(get("GET /webirc/nope.js HTTP/1.1\r\n")).startsWith("HTTP/1.1 404 ");
        assertThat(get("GET /webirc/../_/status HTTP/1.1\r\n")).doesNotStartWith("HTTP/1.1 200 ");
        assertThat(get("POST /webirc/widget.js HTTP/1.1\r\nContent-Length: 0\r\n")).startsWith("HTTP/1.1 405 ");
        assertThat(get("GET /_/status HTTP/1.1\r\n")).as("the node keeps serving").startsWith("HTTP/1.1 200 ok\r\n");
    }

    @Test
    void cometLocationsBesideThePrefixStillOpen() {
        try (RawHttp sse = node.get("/webircx?user=dora&transport=sse")) {
            assertThat(sse.awaitText("retry: ")).contains("text/event-stream");
        }
    }
}
