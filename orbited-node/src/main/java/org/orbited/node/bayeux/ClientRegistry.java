package org.orbited.node.bayeux;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.orbited.node.core.Event;

/**
 * The Bayeux clients that exist now, by clientId, and the rule that decides whether a request may act for one.
 *
 * <h2>Who may use a clientId (bayeux.md section 7, docs/bayeux.md "Session binding")</h2>
 * A clientId alone is not proof: it travels in every message and may leak (logs, JSONP URLs). Unless
 * {@code trust_client_session} is set:
 * <ul>
 *   <li>HTTP (long-polling, callback-polling): the request must carry the session's {@code BAYEUX_BROWSER}
 *       cookie (CometD's rule).</li>
 *   <li>WebSocket: a socket may act for sessions bound to it (handshaken over it, or adopted before). It adopts
 *       another session when its upgrade carried that session's cookie, or carried <em>no</em> cookie at all
 *       while the session is not bound to another open socket: the Faye client opens its socket before it
 *       handshakes over HTTP (and may even send its first connect over HTTP before moving to the socket), and a
 *       CometD client handshaken over WebSocket reconnects on a new socket; CometD's server adopts sessions by
 *       clientId alike. A socket whose cookie names another browser never adopts.</li>
 * </ul>
 * Thread-safe.
 */
final class ClientRegistry {
    private static final char[] ID_CHARS = "0123456789abcdefghijklmnopqrstuvwxyz".toCharArray();

    private final ConcurrentHashMap<String, BayeuxSession> clients = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final boolean trustClientSession;

    ClientRegistry(boolean trustClientSession) {
        this.trustClientSession = trustClientSession;
    }

    /** A new random id of {@code length} base-36 characters (clientIds: 26, about 134 bits; browser ids: 16). */
    String randomId(int length) {
        char[] c = new char[length];
        for (int i = 0; i < length; i++) {
            c[i] = ID_CHARS[random.nextInt(ID_CHARS.length)];
        }
        return new String(c);
    }

    void add(BayeuxSession c) {
        clients.put(c.clientId, c);
    }

    void remove(BayeuxSession c) {
        clients.remove(c.clientId, c);
    }

    /** The session named by {@code clientId}, without any check: for plugin deliveries and probes. */
    BayeuxSession get(String clientId) {
        return clients.get(clientId);
    }

    /** The session {@code m} names, if {@code req} may act for it (see the class comment); else null. */
    BayeuxSession lookup(BayeuxMessage m, BayeuxRequest req) {
        String id = m.clientId().orElse(null);
        BayeuxSession c = id == null ? null : clients.get(id);
        if (c == null || trustClientSession) {
            return c;
        }
        BayeuxSocket socket = req.socket();
        if (socket == null) {
            return req.browserId() != null && req.browserId().equals(c.browserId) ? c : null;
        }
        if (socket.isBound(c)) {
            return c;
        }
        String cookie = socket.browserId();
        if (cookie != null) {
            if (!cookie.equals(c.browserId)) {
                return null; // a cookie naming another browser never adopts
            }
            c.bindSocket(socket);
        } else if (!c.bindIfFree(socket)) {
            return null; // the session's own socket is open
        }
        return socket.bind(c) ? c : null;
    }

    int size() {
        return clients.size();
    }

    /** Sessions with a connect parked or held now (walks every session: for status pages and tests). */
    int waitingConnects() {
        int n = 0;
        for (BayeuxSession c : clients.values()) {
            if (c.hasWaitingConnect()) {
                n++;
            }
        }
        return n;
    }

    List<BayeuxSession> all() {
        return new ArrayList<>(clients.values());
    }

    /** Queues {@code data} on {@code channel} for one client (a plugin's reply); false when it is gone. */
    boolean deliverTo(String clientId, String channel, JsonNode data, String replyId) {
        BayeuxSession c = clients.get(clientId);
        return c != null && c.session.queue(Event.reply(BayeuxJson.toBytes(data), channel, replyId));
    }
}
