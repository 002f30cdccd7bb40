package org.orbited.webirc.it;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.cometd.bayeux.Message;
import org.cometd.bayeux.client.ClientSessionChannel;
import org.cometd.client.BayeuxClient;
import org.cometd.client.http.jetty.JettyHttpClientTransport;
import org.eclipse.jetty.client.HttpClient;

/**
 * A real CometD Java client (long-polling, its own cookie jar) standing in for a widget or a helper page: calls the
 * help desk's services ({@code remoteCall}, as the widget's {@code call} does) and records every event delivered to
 * it on {@code /service/helpdesk/events}. Every wait is bounded (10 s).
 */
final class DeskClient implements AutoCloseable {
    static final String EVENTS = "/service/helpdesk/events";
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final HttpClient http = new HttpClient();
    private final BayeuxClient client;
    /** Every event delivered to this client, in arrival order. */
    final List<Map<String, Object>> events = new CopyOnWriteArrayList<>();

    /** Handshakes with the node on {@code port}, anonymously. */
    DeskClient(int port) throws Exception {
        this(port, null);
    }

    /** Handshakes with the node on {@code port}, with a signed identity token unless null ({@code ext.auth.token}). */
    DeskClient(int port, String token) throws Exception {
        http.start();
        client = new BayeuxClient("http://127.0.0.1:" + port + "/cometd", new JettyHttpClientTransport(null, http));
        client.getChannel(EVENTS).addListener((ClientSessionChannel.MessageListener)
                (channel, message) -> events.add(message.getDataAsMap()));
        CompletableFuture<Message> hs = new CompletableFuture<>();
        Map<String, Object> fields = token == null ? Map.of()
                : Map.of(Message.EXT_FIELD, Map.of("auth", Map.of("token", token)));
        client.handshake(fields, hs::complete);
        try {
            Message reply = hs.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            if (!reply.isSuccessful()) {
                throw new IllegalStateException("handshake refused: " + reply);
            }
        } catch (Exception e) {
            http.stop();
            throw e;
        }
    }

    /** Calls {@code /service/helpdesk/<service>} with {@code key, value} pairs; returns the answer's data. */
    Map<String, Object> call(String service, Object... fields) throws Exception {
        Map<String, Object> data = new HashMap<>();
        for (int i = 0; i + 1 < fields.length; i += 2) {
            data.put((String) fields[i], fields[i + 1]);
        }
        return callWith(service, data);
    }

    /** Calls {@code /service/helpdesk/<service>} with {@code data} as it is (any JSON value). */
    Map<String, Object> callWith(String service, Object data) throws Exception {
        CompletableFuture<Message> reply = new CompletableFuture<>();
        client.remoteCall("helpdesk/" + service, data, reply::complete);
        Message m = reply.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        if (!m.isSuccessful()) {
            throw new IllegalStateException("the call itself failed: " + m);
        }
        return m.getDataAsMap();
    }

    /** Waits for an event matching; returns it. */
    Map<String, Object> await(Predicate<Map<String, Object>> match) {
        return Awaitility.await().atMost(WAIT).until(() -> events.stream().filter(match).findFirst(),
                Optional::isPresent).orElseThrow();
    }

    /** The events matching now (no waiting). */
    List<Map<String, Object>> matching(Predicate<Map<String, Object>> match) {
        return events.stream().filter(match).toList();
    }

    /** Disconnects and waits for the answer (the node then reports the client's end at once). */
    @Override
    public void close() throws Exception {
        CompletableFuture<Message> bye = new CompletableFuture<>();
        client.disconnect(bye::complete);
        try {
            bye.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } finally {
            http.stop();
        }
    }

    // ---- matchers and readers for the desk's JSON ----

    /** Events of {@code type}. */
    static Predicate<Map<String, Object>> type(String type) {
        return e -> type.equals(e.get("type"));
    }

    /** {@code message} events whose message's text is {@code text}. */
    static Predicate<Map<String, Object>> message(String text) {
        return e -> "message".equals(e.get("type")) && text.equals(map(e, "message").get("text"));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Map<String, Object> m, String key) {
        return (Map<String, Object>) m.get(key);
    }

    /** An array field as a list (CometD's JSON gives arrays as Object[]). */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Map<String, Object> m, String key) {
        Object v = m.get(key);
        if (v instanceof Object[] a) {
            return java.util.Arrays.stream(a).map(x -> (Map<String, Object>) x).toList();
        }
        return (List<Map<String, Object>>) v;
    }

    /** An array of strings as a list. */
    static List<String> strings(Map<String, Object> m, String key) {
        Object v = m.get(key);
        Object[] a = v instanceof Object[] arr ? arr : ((List<?>) v).toArray();
        return java.util.Arrays.stream(a).map(String::valueOf).toList();
    }

    /** {@code [key]} of every element of the array {@code arrayKey}. */
    static List<Object> column(Map<String, Object> m, String arrayKey, String key) {
        return list(m, arrayKey).stream().map(x -> x.get(key)).toList();
    }
}
