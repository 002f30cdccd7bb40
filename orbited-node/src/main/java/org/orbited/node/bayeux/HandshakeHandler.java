package org.orbited.node.bayeux;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.orbited.node.core.Hub;
import org.orbited.node.core.Session;
import org.orbited.node.core.SessionKey;
import org.orbited.node.core.SessionLimits;

/**
 * {@code /meta/handshake}: checks the request, asks {@link ChannelAccess}, gives an HTTP browser its cookie, and
 * makes the client: a core session detached from the Orbit key table (its queue bounded by {@code max_queue},
 * its grace {@code max_interval}), registered in the {@link ClientRegistry}. A handshake over WebSocket binds the
 * session to that socket and, without the ack extension, starts its delivery stream. Thread-safe.
 */
final class HandshakeHandler {
    private final BayeuxSettings settings;
    private final Hub hub;
    private final ClientRegistry registry;
    private final ChannelAccess access;
    private final ConnectHandler connects;
    private final Timesync timesync;
    private final BayeuxStats stats;
    private final Consumer<BayeuxSession> onEnded;

    /** @param onEnded told (under the session's lock) when a client's session ends, for whatever reason */
    HandshakeHandler(BayeuxSettings settings, Hub hub, ClientRegistry registry, ChannelAccess access,
                     ConnectHandler connects, Timesync timesync, BayeuxStats stats,
                     Consumer<BayeuxSession> onEnded) {
        this.settings = settings;
        this.hub = hub;
        this.registry = registry;
        this.access = access;
        this.connects = connects;
        this.timesync = timesync;
        this.stats = stats;
        this.onEnded = onEnded;
    }

    /** The reply to handshake {@code m}, received at {@code now} (ms). */
    BayeuxMessage handshake(BayeuxMessage m, BayeuxRequest req, long now) {
        List<String> served = settings.transports();
        BayeuxValidation.Result<String> r = BayeuxValidation.checkHandshake(m, served);
        if (!r.isOk()) {
            BayeuxMessage.Builder b = BayeuxMessage.replyTo(m).failure(r.failure().orElseThrow());
            if (r.failure().get().error() == BayeuxError.CONNECTION_TYPE_UNSUPPORTED) {
                b.supportedConnectionTypes(served);
            }
            return b.build();
        }
        JsonNode ext = m.ext().orElse(null);
        Optional<BayeuxFailure> denied = access.handshake(ext, req);
        if (denied.isPresent()) {
            return BayeuxMessage.replyTo(m).failure(denied.get()).build();
        }
        boolean ack = settings.ackEnabled() && ext != null && ext.path("ack").asBoolean(false);
        BayeuxSession c = newClient(req, ack);
        BayeuxMessage.Builder b = BayeuxMessage.replyTo(m).version(BayeuxDefaults.VERSION)
                .minimumVersion(BayeuxDefaults.VERSION).supportedConnectionTypes(served).clientId(c.clientId)
                .successful(true).advice(connects.normalAdvice());
        ObjectNode replyExt = BayeuxJson.NODES.objectNode();
        if (ack) {
            replyExt.put("ack", true);
        }
        timesync.answer(m, now, replyExt);
        if (!replyExt.isEmpty()) {
            b.ext(replyExt);
        }
        return b.build();
    }

    private BayeuxSession newClient(BayeuxRequest req, boolean ack) {
        String browser = req.browserId();
        if (req.transport().isHttp() && browser == null) {
            browser = registry.randomId(16);
            req.setBrowserId(browser);
        }
        String clientId = registry.randomId(26);
        Session s = hub.newDetachedSession(new SessionKey(clientId, "bayeux", settings.path()),
                new SessionLimits(settings.maxIntervalMillis(), settings.maxQueue(), settings.sessionBytes(),
                        ack ? settings.maxQueue() : 0));
        BayeuxSession c = new BayeuxSession(clientId, s, browser, ack);
        registry.add(c);
        s.whenEnded(() -> onEnded.accept(c));
        stats.handshake();
        BayeuxSocket socket = req.socket();
        // A socket that closed before its handshake was processed (on the policy executor) gets no stream: the
        // session then expires after max_interval like any session nobody connects.
        if (socket != null && socket.bind(c)) {
            c.bindSocket(socket);
            if (!ack) {
                connects.attachStream(c, socket);
            }
        }
        return c;
    }
}
