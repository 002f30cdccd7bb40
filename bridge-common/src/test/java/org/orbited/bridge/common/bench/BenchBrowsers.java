package org.orbited.bridge.common.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.cometd.bayeux.Message;
import org.cometd.bayeux.client.ClientSessionChannel;
import org.cometd.client.BayeuxClient;
import org.cometd.client.http.jetty.JettyHttpClientTransport;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http.HttpCookieStore;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Many real CometD Java clients (8.0.9, long-polling: the WebSocket client transport is not in this build) standing
 * in for browsers, sharing one Jetty {@link HttpClient} sized for them (connections per destination above two per
 * client: a held {@code /meta/connect} plus a publish). The shared client keeps no cookies; each
 * {@link BayeuxClient} keeps its own, as each browser would, so the node's per-browser session limit sees one
 * browser per client. Every wait is bounded. Used by the IRC and XMPP bridges' benchmarks (bridge-common's
 * test-jar).
 */
public final class BenchBrowsers implements AutoCloseable {
    /** What a browser receives on a channel: the data and {@link System#nanoTime()} at delivery. */
    public interface Receiver {
        void on(int browser, Map<String, Object> data, long nanos);
    }

    private final HttpClient http = new HttpClient();
    private final String url;
    private final List<BayeuxClient> clients = new ArrayList<>();

    public BenchBrowsers(int httpPort, int expected) throws Exception {
        QueuedThreadPool pool = new QueuedThreadPool(64, 8);
        pool.setName("bench-browsers");
        http.setExecutor(pool);
        http.setHttpCookieStore(new HttpCookieStore.Empty());
        http.setMaxConnectionsPerDestination(2 * expected + 64);
        http.setMaxRequestsQueuedPerDestination(4 * expected + 1024);
        http.setIdleTimeout(120_000);
        http.start();
        url = "http://127.0.0.1:" + httpPort + "/cometd";
    }

    public int size() {
        return clients.size();
    }

    public BayeuxClient get(int i) {
        return clients.get(i);
    }

    /**
     * Adds {@code n} browsers: handshakes {@code parallel} at a time (each bounded to 30 s) and subscribes each to
     * {@code channel} with {@code receiver}. Throws naming the first failure.
     */
    public void add(int n, int parallel, String channel, Receiver receiver) throws Exception {
        int start = clients.size();
        for (int from = start; from < start + n; from += parallel) {
            int to = Math.min(start + n, from + parallel);
            List<CompletableFuture<Message>> pending = new ArrayList<>();
            for (int i = from; i < to; i++) {
                BayeuxClient c = new BayeuxClient(url, new JettyHttpClientTransport(null, http));
                clients.add(c);
                CompletableFuture<Message> hs = new CompletableFuture<>();
                c.handshake(hs::complete);
                pending.add(hs);
            }
            for (int i = from; i < to; i++) {
                Message m = pending.get(i - from).get(30, TimeUnit.SECONDS);
                if (!m.isSuccessful()) {
                    throw new IllegalStateException("browser " + i + ": handshake failed: " + m);
                }
            }
            if (channel != null) {
                subscribe(from, to, channel, receiver);
            }
        }
    }

    /** Subscribes browsers {@code [from, to)} to {@code channel}; waits (30 s each) for every reply. */
    public void subscribe(int from, int to, String channel, Receiver receiver) throws Exception {
        List<CompletableFuture<Message>> pending = new ArrayList<>();
        for (int i = from; i < to; i++) {
            int index = i;
            CompletableFuture<Message> reply = new CompletableFuture<>();
            clients.get(i).getChannel(channel).subscribe(
                    (ClientSessionChannel.MessageListener) (ch, m) -> receiver.on(index, m.getDataAsMap(),
                            System.nanoTime()), reply::complete);
            pending.add(reply);
        }
        for (int i = from; i < to; i++) {
            Message m = pending.get(i - from).get(30, TimeUnit.SECONDS);
            if (!m.isSuccessful()) {
                throw new IllegalStateException("browser " + i + ": subscribe " + channel + " failed: " + m);
            }
        }
    }

    /** Listens (no subscription needed) on a service channel the server delivers to one client. */
    public void listen(int i, String channel, Receiver receiver) {
        clients.get(i).getChannel(channel).addListener(
                (ClientSessionChannel.MessageListener) (ch, m) -> receiver.on(i, m.getDataAsMap(), System.nanoTime()));
    }

    /** Publishes {@code data(i)} from every browser in {@code [from, to)} at once; returns the reply futures. */
    public List<CompletableFuture<Message>> publishAll(int from, int to, String channel,
                                                IntFunction<Map<String, Object>> data) {
        List<CompletableFuture<Message>> replies = new ArrayList<>();
        for (int i = from; i < to; i++) {
            CompletableFuture<Message> reply = new CompletableFuture<>();
            clients.get(i).getChannel(channel).publish(data.apply(i), reply::complete);
            replies.add(reply);
        }
        return replies;
    }

    /** A service call ({@code /service/<target>}) from browser {@code i}; the future completes with the reply. */
    public CompletableFuture<Message> call(int i, String target, Map<String, Object> data) {
        CompletableFuture<Message> reply = new CompletableFuture<>();
        clients.get(i).remoteCall(target, data, reply::complete);
        return reply;
    }

    /** How many browsers' Bayeux sessions are connected now (the others were dropped: expired, failed). */
    public int connected() {
        return (int) clients.stream().filter(BayeuxClient::isConnected).count();
    }

    /** Disconnects every browser (each bounded to 5 s) and stops the HTTP client. */
    @Override
    public void close() throws Exception {
        List<CompletableFuture<Message>> byes = new ArrayList<>();
        for (BayeuxClient c : clients) {
            CompletableFuture<Message> bye = new CompletableFuture<>();
            c.disconnect(bye::complete);
            byes.add(bye);
        }
        for (CompletableFuture<Message> bye : byes) {
            try {
                bye.get(5, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // already gone: nothing to wait for
            }
        }
        http.stop();
    }
}
