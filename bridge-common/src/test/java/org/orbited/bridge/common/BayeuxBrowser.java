package org.orbited.bridge.common;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.cometd.bayeux.Message;
import org.cometd.client.BayeuxClient;
import org.cometd.client.http.jetty.JettyHttpClientTransport;
import org.eclipse.jetty.client.HttpClient;

/**
 * A real CometD Java client (long-polling) standing in for a browser: records every message delivered on the
 * channels it subscribed, as JSON maps. Every wait is bounded (10 s). In bridge-common's test-jar, shared by the
 * bridges' tests; {@link #say} speaks through the bridge's {@code say} service given at construction
 * ({@code irc/local/say}, {@code xmpp/conference$2Elocalhost/say}).
 */
public final class BayeuxBrowser implements AutoCloseable {
    private final HttpClient http = new HttpClient();
    private final BayeuxClient client;
    private final String sayService;
    /** Every message delivered on a channel this client subscribed, in arrival order. */
    public final List<Map<String, Object>> received = new CopyOnWriteArrayList<>();
    /** Every message delivered to this client alone on a channel given to {@link #listenPersonal}. */
    public final List<Map<String, Object>> personal = new CopyOnWriteArrayList<>();
    private final Map<String, org.cometd.bayeux.client.ClientSessionChannel.MessageListener> listeners =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** A client with no say service ({@link #say} refuses): handshakes with the node on {@code httpPort}. */
    public BayeuxBrowser(int httpPort) throws Exception {
        this(httpPort, null);
    }

    /**
     * Handshakes with the node on {@code httpPort} (bounded wait); {@link #say} calls {@code /service/<sayService>}.
     *
     * @param sayService the say service without {@code /service/}, e.g. {@code irc/local/say}; null for none
     */
    public BayeuxBrowser(int httpPort, String sayService) throws Exception {
        this.sayService = sayService;
        http.start();
        client = new BayeuxClient("http://127.0.0.1:" + httpPort + "/cometd", new JettyHttpClientTransport(null, http));
        CompletableFuture<Message> hs = new CompletableFuture<>();
        client.handshake(hs::complete);
        try {
            if (!hs.get(10, TimeUnit.SECONDS).isSuccessful()) {
                throw new IllegalStateException("handshake failed: " + hs.get());
            }
        } catch (Exception e) {
            http.stop();  // no leaked HttpClient when the handshake fails
            throw e;
        }
    }

    /** Subscribes; returns the reply (successful or not, with its error). */
    public Message subscribe(String channel) throws Exception {
        CompletableFuture<Message> reply = new CompletableFuture<>();
        org.cometd.bayeux.client.ClientSessionChannel.MessageListener l = (c, m) -> received.add(m.getDataAsMap());
        listeners.put(channel, l);
        client.getChannel(channel).subscribe(l, reply::complete);
        return reply.get(10, TimeUnit.SECONDS);
    }

    /** Unsubscribes what {@link #subscribe} subscribed to {@code channel}; returns the reply. */
    public Message unsubscribe(String channel) throws Exception {
        CompletableFuture<Message> reply = new CompletableFuture<>();
        client.getChannel(channel).unsubscribe(listeners.remove(channel), reply::complete);
        return reply.get(10, TimeUnit.SECONDS);
    }

    /** Calls {@code /service/<target>} and returns the answer's data (bounded wait). */
    public Map<String, Object> call(String target, Map<String, Object> data) throws Exception {
        CompletableFuture<Message> reply = new CompletableFuture<>();
        client.remoteCall(target, data, reply::complete);
        return reply.get(10, TimeUnit.SECONDS).getDataAsMap();
    }

    /** Records what the server delivers to this client alone on {@code serviceChannel} into {@link #personal}. */
    public void listenPersonal(String serviceChannel) {
        client.getChannel(serviceChannel).addListener((org.cometd.bayeux.client.ClientSessionChannel.MessageListener)
                (c, m) -> personal.add(m.getDataAsMap()));
    }

    /** Waits for a message delivered to this client alone (see {@link #listenPersonal}). */
    public Map<String, Object> awaitPersonal(Predicate<Map<String, Object>> match) {
        return org.awaitility.Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> personal.stream()
                .filter(match).findFirst(), java.util.Optional::isPresent).orElseThrow();
    }

    /**
     * Speaks in {@code channel} (an IRC channel, an XMPP room) through the say service given at construction
     * ({@code {"channel": channel, "text": text}} plus {@code extra}, e.g. {@code name} or {@code type}); returns
     * the service's answer ({@code ok}, or {@code code} and {@code message}).
     */
    public Map<String, Object> say(String channel, String text, Object... extra) throws Exception {
        Map<String, Object> data = new java.util.HashMap<>();
        data.put("channel", channel);
        data.put("text", text);
        for (int i = 0; i + 1 < extra.length; i += 2) {
            data.put(String.valueOf(extra[i]), extra[i + 1]);
        }
        if (sayService == null) {
            throw new IllegalStateException("this BayeuxBrowser was made without a say service");
        }
        return call(sayService, data);
    }

    /** The received messages matching, now (no waiting). */
    public List<Map<String, Object>> matching(Predicate<Map<String, Object>> match) {
        return received.stream().filter(match).toList();
    }

    /** Publishes; returns the reply. */
    public Message publish(String channel, Map<String, Object> data) throws Exception {
        CompletableFuture<Message> reply = new CompletableFuture<>();
        client.getChannel(channel).publish(data, reply::complete);
        return reply.get(10, TimeUnit.SECONDS);
    }

    /** Waits for a received message matching and returns it. */
    public Map<String, Object> await(Predicate<Map<String, Object>> match) {
        return org.awaitility.Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> received.stream()
                .filter(match).findFirst(), java.util.Optional::isPresent).orElseThrow();
    }

    /** Matches events of {@code type} ({@code message}, {@code error} ...). */
    public static Predicate<Map<String, Object>> type(String type) {
        return m -> type.equals(m.get("type"));
    }

    @Override
    public void close() throws Exception {
        CompletableFuture<Message> bye = new CompletableFuture<>();
        client.disconnect(bye::complete);
        try {
            bye.get(10, TimeUnit.SECONDS);
        } finally {
            http.stop();
        }
    }
}
