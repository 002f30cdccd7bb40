package org.orbited.cluster;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import org.cometd.bayeux.Channel;
import org.cometd.bayeux.Message;
import org.cometd.bayeux.client.ClientSessionChannel;
import org.cometd.client.BayeuxClient;
import org.cometd.client.http.jetty.JettyHttpClientTransport;
import org.eclipse.jetty.client.HttpClient;

/**
 * A real CometD 8 Java client (long-polling) on a gateway browser route port, subscribed to one channel. It counts
 * each {@code ev#N#} it hears and keeps its subscription intervals: one begins at a successful /meta/subscribe reply
 * and ends at the first /meta/connect reply that is unsuccessful or advises {@code reconnect: handshake} (the node
 * moved or lost the session); the client re-handshakes and re-subscribes by itself. Thread-safe (CometD's threads
 * record).
 */
final class BayeuxWatcher implements AutoCloseable {
    /** [start, end) in System.nanoTime(); end = Long.MAX_VALUE while open. */
    static final class Interval {
        final long start;
        volatile long end = Long.MAX_VALUE;

        Interval(long start) {
            this.start = start;
        }
    }

    final String name;
    final Map<Integer, Integer> seen = new ConcurrentHashMap<>();
    final List<Interval> intervals = new CopyOnWriteArrayList<>();
    private final HttpClient http = new HttpClient();
    private final BayeuxClient client;

    BayeuxWatcher(String name, int port, String channel) throws Exception {
        this.name = name;
        http.start();
        client = new BayeuxClient("http://127.0.0.1:" + port + "/cometd", new JettyHttpClientTransport(null, http));
        client.getChannel(Channel.META_SUBSCRIBE).addListener((ClientSessionChannel.MessageListener) (ch, m) -> {
            if (m.isSuccessful()) {
                intervals.add(new Interval(System.nanoTime()));
            }
        });
        client.getChannel(Channel.META_CONNECT).addListener((ClientSessionChannel.MessageListener) (ch, m) -> {
            Map<String, Object> advice = m.getAdvice();
            boolean handshake = advice != null && "handshake".equals(advice.get(Message.RECONNECT_FIELD));
            if (!m.isSuccessful() || handshake) {
                endOpen();
            }
        });
        client.handshake();
        if (!client.waitFor(30_000, BayeuxClient.State.CONNECTED)) {
            throw new AssertionError(name + ": CometD handshake through port " + port + " did not connect");
        }
        client.getChannel(channel).subscribe((ch, m) -> {
            Matcher mk = LoopBrowser.MARK.matcher(String.valueOf(m.getData()));
            while (mk.find()) {
                seen.merge(Integer.parseInt(mk.group(1)), 1, Integer::sum);
            }
        });
    }

    private void endOpen() {
        long now = System.nanoTime();
        for (Interval i : intervals) {
            if (i.end == Long.MAX_VALUE) {
                i.end = now;
            }
        }
    }

    boolean subscribed() {
        return !intervals.isEmpty() && intervals.get(intervals.size() - 1).end == Long.MAX_VALUE;
    }

    /** True when an event whose send began at {@code sent} and whose Success arrived at {@code replied} had to arrive. */
    boolean mustHear(long sent, long replied) {
        for (Interval i : intervals) {
            if (sent >= i.start && replied < i.end) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() throws Exception {
        client.disconnect(500);
        http.stop();
    }
}
