package org.orbited.node.bayeux;

import java.util.ArrayList;
import java.util.List;
import org.orbited.node.core.QueuedEvent;

/**
 * Writes what goes back to a client as one JSON array: deliveries first (each framed once per event and shared,
 * {@link DeliveryFrames}), then the replies (bayeux.md section 5), counting both. Thread-safe.
 */
final class ResponseBodies {
    private final BayeuxCodec codec;
    private final BayeuxStats stats;

    ResponseBodies(BayeuxCodec codec, BayeuxStats stats) {
        this.codec = codec;
        this.stats = stats;
    }

    /** The JSON array of deliveries for {@code events} followed by {@code replies}. */
    byte[] body(List<QueuedEvent> events, List<BayeuxMessage> replies) {
        List<byte[]> deliveries = new ArrayList<>(events.size());
        for (QueuedEvent e : events) {
            deliveries.add(DeliveryFrames.of(e.event()));
        }
        stats.messagesOut(replies.size() + events.size());
        return DeliveryFrames.compose(deliveries, codec.write(replies));
    }

    /** The failure reply to {@code m}: its channel (or {@code /meta/unknown}), id and subscription echoed. */
    static BayeuxMessage failure(BayeuxMessage m, BayeuxFailure f) {
        BayeuxMessage.Builder b = BayeuxMessage.replyTo(m);
        if (m.channel().isEmpty()) {
            b.channel("/meta/unknown"); // a reply needs a channel; CometD answers channel-less messages alike
        }
        com.fasterxml.jackson.databind.JsonNode sub = m.subscription().orElse(null);
        if (sub != null && (sub.isTextual() || sub.isArray())) {
            b.subscription(sub);
        }
        return b.failure(f).build();
    }
}
