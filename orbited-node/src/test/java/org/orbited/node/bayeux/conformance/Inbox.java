package org.orbited.node.bayeux.conformance;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.cometd.bayeux.Message;
import org.cometd.bayeux.client.ClientSessionChannel;

/** A subscription listener that records the messages it is given; waits on it are bounded. */
final class Inbox implements ClientSessionChannel.MessageListener {
    /** How long a message may take to arrive: generous, only so that a lost one does not hang the test. */
    static final Duration WAIT = Duration.ofSeconds(20);

    final List<Message> messages = new CopyOnWriteArrayList<>();

    @Override
    public void onMessage(ClientSessionChannel channel, Message message) {
        messages.add(message);
    }

    int size() {
        return messages.size();
    }

    List<Object> data() {
        List<Object> out = new ArrayList<>();
        for (Message m : messages) {
            out.add(m.getData());
        }
        return out;
    }

    /** Waits until at least {@code n} messages arrived. */
    Inbox awaitAtLeast(int n) {
        return awaitAtLeast(n, WAIT);
    }

    Inbox awaitAtLeast(int n, Duration wait) {
        Awaitility.await("at least " + n + " messages, have " + messages.size()).atMost(wait)
                .pollInterval(Duration.ofMillis(5)).until(() -> messages.size() >= n);
        return this;
    }

    /** Waits until a message matching {@code p} arrived and returns it. */
    Message await(Predicate<Message> p, String what) {
        Awaitility.await(what).atMost(WAIT).pollInterval(Duration.ofMillis(5))
                .until(() -> messages.stream().anyMatch(p));
        return messages.stream().filter(p).findFirst().orElseThrow();
    }

    /** Waits for a message whose data is a map with {@code key} equal to {@code value}. */
    Message awaitField(String key, Object value) {
        return await(m -> m.getDataAsMap() != null && value.equals(m.getDataAsMap().get(key)),
                "a message with " + key + "=" + value);
    }

    long countField(String key, Object value) {
        return messages.stream().filter(m -> m.getDataAsMap() != null && value.equals(m.getDataAsMap().get(key)))
                .count();
    }
}
