package org.orbited.node.badinput;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.orbited.node.testing.OrbitTestClient;
import org.orbited.node.testing.RawHttp;
import org.orbited.node.testing.RunningNode;

/**
 * The well-behaved browser ({@code sse} on {@code /good?user=g&transport=sse}) and the well-behaved
 * Orbit application connection that stay open for a whole bad-input class. After every bad case
 * {@link #assertStillServed} proves that both are still served and that nothing unexpected reached
 * the browser.
 */
final class WellBehavedPeers implements AutoCloseable {
    /** The browser's key on the Orbit wire. */
    static final String KEY = "g, 0, /good";
    private static final Pattern DATA = Pattern.compile("data: ([^\n]*)\n");

    private final RunningNode node;
    private final RawHttp browser;
    private final OrbitTestClient app;
    private int seen;
    private int checks;

    WellBehavedPeers(RunningNode node) {
        this.node = node;
        this.browser = node.get("/good?user=g&transport=sse");
        browser.awaitText("retry: 2000\n\n");
        seen = browser.text().length();
        this.app = node.orbit();
    }

    /**
     * Sends one event through the good application connection and asserts that it succeeds and that
     * the good browser receives exactly {@code deliveredBefore} (bodies the bad case was meant to
     * deliver to {@link #KEY}, in order) and then the check event.
     */
    void assertStillServed(List<String> deliveredBefore) {
        String body = "\"check-" + (++checks) + "\"";
        String id = app.send(body, KEY);
        assertThat(app.reply()).as("good app reply").isEqualTo("Success\r\nid: " + id + "\r\n\r\n");
        String all = browser.awaitText("data: " + body + "\n\n");
        String fresh = all.substring(seen);
        seen = all.length();
        List<String> expected = new ArrayList<>(deliveredBefore);
        expected.add(body);
        assertThat(dataLines(fresh)).as("events at the good browser").isEqualTo(expected);
    }

    /** GET /_/status on a fresh connection answers 200 with the node's JSON. */
    void assertStatusAnswers() {
        assertThat(statusJson()).contains("\"name\" : \"orbited-node\"");
    }

    /** The body of GET /_/status, after asserting a 200. */
    String statusJson() {
        try (RawHttp status = RawHttp.send(node.httpPort(),
                "GET /_/status HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")) {
            String text = status.awaitClose(Duration.ofSeconds(10));
            assertThat(text).startsWith("HTTP/1.1 200 OK\r\n");
            return text.substring(text.indexOf("\r\n\r\n") + 4);
        }
    }

    private static List<String> dataLines(String sse) {
        List<String> out = new ArrayList<>();
        Matcher m = DATA.matcher(sse);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    @Override
    public void close() {
        app.close();
        browser.close();
    }
}
