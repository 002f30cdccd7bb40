package org.orbited.node.bayeux;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.orbited.node.core.Hub;
import org.orbited.node.core.Session;
import org.orbited.node.core.SessionKey;
import org.orbited.node.core.SessionLimits;
import org.orbited.node.auth.AuthDecision;
import org.orbited.node.auth.Authenticator;
import org.orbited.node.auth.Credentials;
import org.orbited.plugin.ClientInfo;
import org.orbited.plugin.Identity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /meta/handshake}: checks the request, asks {@link ChannelAccess}, gives an HTTP browser its cookie, and
 * asks the {@link Authenticator} who the client is (a refusal is {@link BayeuxError#AUTHENTICATION_FAILED} with its
 * reason), makes the client: a core session detached from the Orbit key table (its queue bounded by {@code max_queue},
 * its grace {@code max_interval}), registered in the {@link ClientRegistry}. A handshake over WebSocket binds the
 * session to that socket and, without the ack extension, starts its delivery stream. Thread-safe.
 */
final class HandshakeHandler {
    private static final Logger LOG = LoggerFactory.getLogger(HandshakeHandler.class);
    private final BayeuxSettings settings;
    private final Hub hub;
    private final ClientRegistry registry;
    private final ChannelAccess access;
    private final ConnectHandler connects;
    private final Timesync timesync;
    private final BayeuxStats stats;
    private final Consumer<BayeuxSession> onEnded;
    private final Authenticator authenticator;
    private final PluginChannels plugins;

    /** @param onEnded told (under the session's lock) when a client's session ends, for whatever reason */
    HandshakeHandler(BayeuxSettings settings, Hub hub, ClientRegistry registry, ChannelAccess access,
                     ConnectHandler connects, Timesync timesync, BayeuxStats stats,
                     Consumer<BayeuxSession> onEnded, Authenticator authenticator, PluginChannels plugins) {
        this.authenticator = authenticator;
        this.plugins = plugins;
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
        AuthDecision decision;
        try {
            decision = authenticator.authenticate(new Credentials(ext, req.remoteAddress(), req.httpCredentials()));
        } catch (RuntimeException e) {
            LOG.warn("authenticator failed on the handshake from {}", req.remoteAddress(), e);
            return BayeuxMessage.replyTo(m).failure(BayeuxError.HANDSHAKE_FAILED.failure()).build();
        }
        if (decision instanceof AuthDecision.Refused refused) {
            LOG.debug("handshake from {} refused: {}", req.remoteAddress(), refused.reason().token());
            return BayeuxMessage.replyTo(m).failure(BayeuxError.AUTHENTICATION_FAILED.failure(refused.reason().token()))
                    .build();
        }
        Identity identity = ((AuthDecision.Accepted) decision).identity();
        boolean ack = settings.ackEnabled() && ext != null && ext.path("ack").asBoolean(false);
        BayeuxSession c = newClient(req, ack, identity, now);
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

    private BayeuxSession newClient(BayeuxRequest req, boolean ack, Identity identity, long now) {
        String browser = req.browserId();
        if (req.transport().isHttp() && browser == null) {
            browser = registry.randomId(16);
            req.setBrowserId(browser);
        }
        String clientId = registry.randomId(26);
        Session s = hub.newDetachedSession(new SessionKey(clientId, "bayeux", settings.path()),
                new SessionLimits(settings.maxIntervalMillis(), settings.maxQueue(), settings.sessionBytes(),
                        ack ? settings.maxQueue() : 0));
        ClientInfo info = new ClientInfo(clientId, identity, String.valueOf(req.remoteAddress()),
                req.transport().wire(), Instant.ofEpochMilli(now));
        BayeuxSession c = new BayeuxSession(clientId, s, browser, ack, info, req.route());
        registry.add(c); // first, so a watcher told "connected" finds the client with channels().client(clientId)
        plugins.clientConnected(info); // before the end hook is set, so watchers hear "connected" first
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
