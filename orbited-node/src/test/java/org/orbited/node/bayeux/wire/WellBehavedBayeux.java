package org.orbited.node.bayeux.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Two well-behaved Bayeux browsers that stay connected for a whole bad-input class: a subscriber of
 * {@code /check} and a publisher, each with its own cookie jar and connections. {@link #assertStillServed()}
 * proves after every bad case that a publish is answered and reaches the subscriber's connect, and that nothing
 * else reached it.
 */
final class WellBehavedBayeux {
    private final BayeuxBrowser subscriberBrowser;
    private final BayeuxBrowser publisherBrowser;
    private final String subscriber;
    private final String publisher;
    private int checks;

    WellBehavedBayeux(int port) {
        subscriberBrowser = new BayeuxBrowser(port);
        publisherBrowser = new BayeuxBrowser(port);
        subscriber = subscriberBrowser.connected();
        subscriberBrowser.subscribe(subscriber, "/check");
        publisher = publisherBrowser.connected();
    }

    void assertStillServed() {
        int n = ++checks;
        CompletableFuture<HttpReply> poll = subscriberBrowser.connectAsync(subscriber);
        HttpReply published = publisherBrowser.publish(publisher, "/check", "{\"check\":" + n + "}");
        assertThat(published.deliveries()).as("publisher is not subscribed").isEmpty();
        HttpReply delivered = BayeuxBrowser.await(poll);
        BayeuxBrowser.successful(delivered, "/meta/connect");
        List<JsonNode> data = delivered.deliveries().stream().map(d -> d.get("data")).toList();
        assertThat(data).as("deliveries at the good subscriber").containsExactly(HttpReply.parse("{\"check\":" + n + "}"));
    }
}
