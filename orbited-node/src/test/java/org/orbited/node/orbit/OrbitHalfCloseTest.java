package org.orbited.node.orbit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import org.orbited.node.testing.IoTransports;
import org.orbited.node.testing.RunningNode;
import org.orbited.node.testing.SseClient;

/**
 * An application that shuts down its sending side after its requests ({@code printf ... | nc -q1}, the README's
 * first command: FIN after the last byte) still gets every reply, then the node closes (docs/protocol.md); so
 * does one whose later request is malformed in a way that closes the connection.
 *
 * <p>Runs once per {@code io.transport} ({@link IoTransports}).
 */
@ParameterizedClass(name = "io.transport = {0}")
@MethodSource("org.orbited.node.testing.IoTransports#all")
class OrbitHalfCloseTest {
    @Parameter
    String io;

    private static RunningNode node;

    /** Each test of a transport this machine cannot run is skipped with Netty's reason. */
    @BeforeEach
    void onlyWhereItRuns() {
        IoTransports.assumeAvailable(io);
    }

    @BeforeParameterizedClassInvocation
    static void start(String io) {
        if (!IoTransports.available(io)) {
            return; // every test is skipped with the reason (onlyWhereItRuns)
        }
        node = RunningNode.start(io, b -> b);
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        if (node != null) { // null when this transport was skipped
            node.close();
            node = null;
        }
    }

    private static String event(String id, String recipient, String body) {
        return "Orbit 1.0\r\nEvent\r\nid: " + id + "\r\nrecipient: " + recipient + "\r\nlength: "
                + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body;
    }

    /** Writes {@code requests}, sends FIN, and reads everything until the node closes. */
    private static String sendThenHalfClose(String requests) throws Exception {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), node.orbitPort())) {
            s.setSoTimeout(20_000); // only against hanging: the node answers and closes at once
            s.getOutputStream().write(requests.getBytes(StandardCharsets.UTF_8));
            s.getOutputStream().flush();
            s.shutdownOutput();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            in.transferTo(got); // returns at the node's close
            return got.toString(StandardCharsets.UTF_8);
        }
    }

    @Test
    void aSuccessThatWaitsForTheBrowsersWriteStillArrivesAfterTheAppsFin() throws Exception {
        try (SseClient browser = SseClient.open(node.httpPort(), "/demo?user=half&transport=sse")) {
            node.awaitConnections("half", "0", "/demo", 1);
            String replies = sendThenHalfClose(event("1", "half, 0, /demo", "\"hello\"")
                    + event("2", "nobody, 0, /demo", "\"x\"") + event("3", "half, 0, /demo", "\"again\""));
            assertThat(replies).contains("Success\r\nid: 1\r\n\r\n", "Success\r\nid: 3\r\n\r\n",
                    "Failure\r\nid: 2\r\nmsg: Failed to reach one or more recipients\r\nrecipient: (nobody, 0, /demo)\r\n\r\n");
            assertThat(browser.raw().awaitText("\"again\"")).contains("\"hello\"");
        }
    }

    @Test
    void aClosingErrorStillAnswersTheRequestsInFlightBeforeTheConnectionCloses() throws Exception {
        try (SseClient gone = SseClient.open(node.httpPort(), "/demo?user=held&transport=sse")) {
            node.awaitConnections("held", "0", "/demo", 1);
        }
        node.awaitConnections("held", "0", "/demo", 0); // in its grace period: an event for it waits
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), node.orbitPort())) {
            s.setSoTimeout(20_000);
            s.getOutputStream().write((event("1", "held, 0, /demo", "\"waits\"")
                    + "Orbit 1.0\r\nEvent\r\nid: 2\r\nrecipient: held, 0, /demo\r\nlength: many\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            InputStream in = s.getInputStream();
            String closing = "Failure\r\nid: 2\r\nmsg: missing or invalid length header\r\n\r\n";
            byte[] first = in.readNBytes(closing.length());
            assertThat(new String(first, StandardCharsets.UTF_8)).isEqualTo(closing);
            try (SseClient back = SseClient.open(node.httpPort(), "/demo?user=held&transport=sse")) {
                back.raw().awaitText("\"waits\"");
                ByteArrayOutputStream rest = new ByteArrayOutputStream();
                in.transferTo(rest); // returns at the node's close
                assertThat(rest.toString(StandardCharsets.UTF_8)).isEqualTo("Success\r\nid: 1\r\n\r\n");
            }
        }
    }

    @Test
    void aRequestCutOffByTheFinIsNotAnsweredAndTheConnectionCloses() throws Exception {
        String replies = sendThenHalfClose(event("1", "nobody, 0, /demo", "\"x\"")
                + "Orbit 1.0\r\nEvent\r\nid: 2\r\nrecipient: nobody, 0, /demo\r\nlength: 10\r\n\r\n\"cut");
        assertThat(replies).isEqualTo(
                "Failure\r\nid: 1\r\nmsg: Failed to reach one or more recipients\r\nrecipient: (nobody, 0, /demo)\r\n\r\n");
        assertThat(sendThenHalfClose("")).isEmpty();
    }
}
