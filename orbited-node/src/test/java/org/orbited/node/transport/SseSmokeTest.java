package org.orbited.node.transport;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.orbited.node.testing.OrbitTestClient;
import org.orbited.node.testing.RawHttp;
import org.orbited.node.testing.RunningNode;

class SseSmokeTest {
    @Test
    void eventSentOnOrbitPortArrivesOnSseAndSucceeds() {
        try (RunningNode node = RunningNode.start();
             RawHttp sse = node.get("/demo?user=guest&transport=sse");
             OrbitTestClient app = node.orbit()) {
            sse.awaitText("retry: 2000\n\n");
            String id = app.send("\"hello\"", "guest, 0, /demo");
            assertThat(app.reply()).isEqualTo("Success\r\nid: " + id + "\r\n\r\n");
            assertThat(sse.awaitText("data: \"hello\"\n\n")).matches("(?s).*id: [0-9a-z]{8}-1\n.*");
        }
    }
}
