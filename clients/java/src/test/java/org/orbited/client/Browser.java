package org.orbited.client;

import java.time.Duration;
import java.util.List;
import org.orbited.node.testing.RunningNode;
import org.orbited.node.testing.SseClient;

/** A browser on the node's {@code sse} transport, read with a raw socket (orbited-node's SseClient). */
final class Browser implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(10);
    private final SseClient sse;

    private Browser(SseClient sse) {
        this.sse = sse;
    }

    /** Connects as {@code key} (plus {@code channels}) and waits until the node has attached it. */
    static Browser open(RunningNode node, Key key, String... channels) {
        StringBuilder uri = new StringBuilder(key.location()).append("?user=").append(key.user())
                .append("&session=").append(key.session()).append("&transport=sse");
        for (String c : channels) {
            uri.append("&channel=").append(c);
        }
        Browser b = new Browser(SseClient.open(node.httpPort(), uri.toString()));
        b.sse.head();
        node.awaitConnections(key.user(), key.session(), key.location(), 1);
        return b;
    }

    /** Waits until an event with body {@code data} arrived. */
    void await(String data) {
        sse.awaitMessage(m -> m.isEvent() && data.equals(m.data()), "event " + data, WAIT);
    }

    /** The bodies of every event received so far, in order. */
    List<String> events() {
        return sse.messages().stream().filter(SseClient.Message::isEvent).map(SseClient.Message::data).toList();
    }

    /** Reads once (bounded by the socket timeout), then returns {@link #events()}. */
    List<String> eventsNow() {
        sse.poll();
        return events();
    }

    @Override
    public void close() {
        sse.close();
    }
}
