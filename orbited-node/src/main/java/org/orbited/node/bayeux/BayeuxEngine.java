package org.orbited.node.bayeux;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.orbited.node.config.BayeuxConfig;
import org.orbited.node.core.DisconnectReason;
import org.orbited.node.core.Event;
import org.orbited.node.core.Hub;
import org.orbited.node.core.QueuedEvent;
import org.orbited.node.core.Scheduler;
import org.orbited.node.core.Session;
import org.orbited.node.core.SessionKey;
import org.orbited.node.core.SessionLimits;
import org.orbited.node.plugin.SecurityPolicy;
import org.orbited.node.plugin.SecurityPolicy.Decision;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Bayeux server: meta channels, publishes and deliveries over the core, for every transport.
 *
 * <h2>Design</h2>
 * A Bayeux client is a detached core {@link Session} (no Orbit key reaches it) with its queue, its
 * slow-consumer limits ({@code max_queue}) and its grace timer ({@code max_interval}: no connect for that long
 * and the session ends). Subscriptions are the hub's, so Orbit channel recipients, Bayeux publishes and plugin
 * publishes reach the same subscribers and Orbit browsers subscribed to a channel receive Bayeux publishes.
 * A {@code /meta/connect} is a one-shot core connection ({@link ConnectPoll}); over WebSocket without the ack
 * extension a {@link SocketStream} carries deliveries and connects are heartbeats ({@link HeldConnect}). Other
 * replies pick up queued events when no connect is parked ({@link PiggybackReply}). With {@code ext.ack} the
 * session is meta-connect-only and resumable: the core's replay ring holds what was written until a connect
 * acknowledges it.
 *
 * <p>The engine never touches sockets: transports hand it parsed batches with a {@link BayeuxRequest} and it
 * answers through {@link BayeuxOutput}. Threading: any thread; with a plugin security policy installed,
 * requests are processed on the policy executor instead of the caller's (I/O) thread.
 */
public final class BayeuxEngine {
    private static final Logger LOG = LoggerFactory.getLogger(BayeuxEngine.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final char[] ID_CHARS = "0123456789abcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final int MAX_BATCH = 1000;

    private final BayeuxConfig config;
    private final Hub hub;
    private final Scheduler scheduler;
    private final LongSupplier clock;
    private final BayeuxCodec codec;
    private final SecurityPolicy policy;
    private final Executor policyExecutor;
    private final PluginChannels plugins;
    private final BayeuxStats stats = new BayeuxStats();
    private final SecureRandom random = new SecureRandom();
    private final ConcurrentHashMap<String, BayeuxSession> clients = new ConcurrentHashMap<>();
    private final BrowserConnects browsers = new BrowserConnects();
    private final List<ChannelId> readOnly;
    private final List<String> served;
    private final long sessionBytes;

    /**
     * @param policy          a plugin policy asked after the built-in rules, or null
     * @param policyExecutor  where requests run when {@code policy} is set (never an I/O thread)
     * @param queueBytes      the hub's per-session byte limit; Bayeux sessions get at least 16 messages' worth
     */
    public BayeuxEngine(BayeuxConfig config, Hub hub, Scheduler scheduler, LongSupplier clock, SecurityPolicy policy,
                        Executor policyExecutor, long queueBytes) {
        this.config = config;
        this.hub = hub;
        this.scheduler = scheduler;
        this.clock = clock;
        this.codec = new BayeuxCodec(new BayeuxCodec.Limits(config.maxMessageSize(), config.maxMessagesPerRequest(),
                BayeuxCodec.Limits.DEFAULT_MAX_JSON_DEPTH));
        this.policy = policy;
        this.policyExecutor = policy == null ? null : policyExecutor;
        this.plugins = new PluginChannels(hub, this);
        this.readOnly = config.readOnlyChannels().stream().map(ChannelId::parse).toList();
        this.served = config.transports();
        this.sessionBytes = Math.max(queueBytes, 16L * config.maxMessageSize());
        hub.onPublish(plugins::published);
    }

    public BayeuxConfig config() {
        return config;
    }

    public BayeuxCodec codec() {
        return codec;
    }

    public BayeuxStats stats() {
        return stats;
    }

    /** The server side of the channels, for the plugin host. */
    public PluginChannels pluginChannels() {
        return plugins;
    }

    /** Bayeux sessions that exist now. */
    public int sessionCount() {
        return clients.size();
    }

    /** Sessions with a {@code /meta/connect} parked now (walks every session: for status pages and tests). */
    public int parkedConnects() {
        int n = 0;
        for (BayeuxSession c : clients.values()) {
            synchronized (c.session) {
                if (c.parked != null || c.held != null) {
                    n++;
                }
            }
        }
        return n;
    }

    int maxBatch() {
        return Math.min(MAX_BATCH, config.maxQueue());
    }

    Scheduler scheduler() {
        return scheduler;
    }

    BayeuxSession client(String clientId) {
        return clients.get(clientId);
    }

    /** Handles one parsed request (an HTTP body or a WebSocket frame); the answer goes to its output. */
    public void handle(List<BayeuxMessage> batch, BayeuxRequest request) {
        if (policyExecutor != null) {
            try {
                policyExecutor.execute(() -> process(batch, request));
            } catch (java.util.concurrent.RejectedExecutionException e) {
                LOG.warn("policy executor full; closing the connection of {}", request.remoteAddress());
                stats.badRequest();
                request.output().close(1013, "try again later");
            }
        } else {
            process(batch, request);
        }
    }

    /** A WebSocket closed: the connections of the sessions that used it end; the sessions wait for a new one. */
    public void socketClosed(BayeuxSocket socket) {
        for (BayeuxSession c : socket.close()) {
            HeldConnect held;
            SocketStream stream;
            ConnectPoll parked;
            synchronized (c.session) {
                held = c.held;
                c.held = null;
                stream = c.stream != null && c.stream.socket == socket ? c.stream : null;
                if (stream != null) {
                    c.stream = null;
                }
                parked = c.parked != null && c.parked.transport == BayeuxTransportType.WEBSOCKET ? c.parked : null;
            }
            if (stream != null) {
                c.session.detach(stream);
            }
            if (parked != null) {
                c.session.detach(parked);
            }
            if (held != null) {
                held.answer(null); // written to a closed socket: nothing happens
            }
        }
    }

    /** Ends every session (node shutdown): parked connects are told to handshake again. */
    public void shutdown() {
        for (BayeuxSession c : new ArrayList<>(clients.values())) {
            c.session.terminate(DisconnectReason.RECONNECT);
        }
    }

    private void process(List<BayeuxMessage> batch, BayeuxRequest req) {
        long now = clock.getAsLong();
        stats.messagesIn(batch.size());
        Reply out = new Reply();
        boolean alone = batch.size() == 1;
        BayeuxSession last = null;
        boolean parked = false;
        for (BayeuxMessage m : batch) {
            Optional<BayeuxFailure> common = BayeuxValidation.checkCommonFields(m);
            if (common.isPresent()) {
                out.replies.add(failure(m, common.get()));
                continue;
            }
            String channel = m.channel().orElseThrow();
            switch (channel) {
                case "/meta/handshake" -> {
                    out.replies.add(handshake(m, req, now));
                    // Other messages of a handshake request are ignored (bayeux.md section 3).
                    send(req, out, null);
                    return;
                }
                case "/meta/connect" -> {
                    BayeuxSession c = lookup(m, req);
                    if (c == null) {
                        out.replies.add(failure(m, BayeuxValidation.checkSessionRequest(m)
                                .orElse(BayeuxError.SESSION_UNKNOWN.failure())));
                    } else {
                        parked |= connect(m, c, req, alone, now, out);
                        last = c;
                    }
                }
                case "/meta/subscribe" -> last = orLast(subscribe(m, req, out), last);
                case "/meta/unsubscribe" -> last = orLast(unsubscribe(m, req, out), last);
                case "/meta/disconnect" -> disconnect(m, req, out);
                default -> last = orLast(publish(m, req, out, now), last);
            }
        }
        if (parked && out.replies.isEmpty()) {
            return; // the parked connect answers this request itself
        }
        send(req, out, last);
    }

    private static BayeuxSession orLast(BayeuxSession c, BayeuxSession last) {
        return c != null ? c : last;
    }

    /** Writes a request's answer: queued events first when they may ride along, then the replies. */
    private void send(BayeuxRequest req, Reply out, BayeuxSession client) {
        if (client != null && req.transport() == BayeuxTransportType.LONG_POLLING && !client.ack
                && out.polls.isEmpty()) {
            PiggybackReply ride = new PiggybackReply(this, client);
            boolean riding;
            synchronized (client.session) { // one step, so a connect cannot start answering in between
                riding = client.connectWritesInFlight == 0 && client.session.attachIfIdle(ride);
            }
            if (riding) {
                client.session.release(ride);
                out.take(ride.taken(), ride.reportWritten(ride.taken()));
            }
        }
        if (out.replies.isEmpty() && out.events.isEmpty()) {
            return; // WebSocket: nothing to answer in this frame
        }
        req.output().send(responseBody(out.events, out.replies), 200, out.written());
    }

    /** The JSON array of deliveries for {@code events} followed by {@code replies}. */
    byte[] responseBody(List<QueuedEvent> events, List<BayeuxMessage> replies) {
        List<byte[]> deliveries = new ArrayList<>(events.size());
        for (QueuedEvent e : events) {
            deliveries.add(DeliveryFrames.of(e.event()));
        }
        stats.messagesOut(replies.size() + events.size());
        return DeliveryFrames.compose(deliveries, codec.write(replies));
    }

    // ---- handshake ----------------------------------------------------------------------------------

    private BayeuxMessage handshake(BayeuxMessage m, BayeuxRequest req, long now) {
        BayeuxValidation.Result<String> r = BayeuxValidation.checkHandshake(m, served);
        if (!r.isOk()) {
            BayeuxMessage.Builder b = BayeuxMessage.replyTo(m).failure(r.failure().orElseThrow());
            if (r.failure().get().error() == BayeuxError.CONNECTION_TYPE_UNSUPPORTED) {
                b.supportedConnectionTypes(served);
            }
            return b.build();
        }
        JsonNode ext = m.ext().orElse(null);
        Decision d = decide(() -> policy.canHandshake(new SecurityPolicy.HandshakeInfo(
                ext == null ? null : ext.toString(), req.remoteAddress(), req.origin())));
        if (!d.allowed()) {
            return BayeuxMessage.replyTo(m).failure(BayeuxError.HANDSHAKE_DENIED.failure()).build();
        }
        String browser = req.browserId();
        if (req.transport().isHttp() && browser == null) {
            browser = randomId(16);
            req.setBrowserId(browser);
        }
        boolean ack = config.ackEnabled() && ext != null && ext.path("ack").asBoolean(false);
        String clientId = randomId(26);
        Session s = hub.newDetachedSession(new SessionKey(clientId, "bayeux", config.path()),
                new SessionLimits(config.maxIntervalMillis(), config.maxQueue(), sessionBytes,
                        ack ? config.maxQueue() : 0));
        BayeuxSession c = new BayeuxSession(clientId, s, browser, req.socket(), ack);
        clients.put(clientId, c);
        s.whenEnded(() -> ended(c));
        stats.handshake();
        if (req.socket() != null) {
            req.socket().bind(c);
            if (!ack) {
                attachStream(c, req.socket());
            }
        }
        BayeuxMessage.Builder b = BayeuxMessage.replyTo(m).version(BayeuxDefaults.VERSION)
                .minimumVersion(BayeuxDefaults.VERSION).supportedConnectionTypes(served).clientId(clientId)
                .successful(true).advice(normalAdvice());
        ObjectNode replyExt = NODES.objectNode();
        if (ack) {
            replyExt.put("ack", true);
        }
        timesync(m, now, replyExt);
        if (!replyExt.isEmpty()) {
            b.ext(replyExt);
        }
        return b.build();
    }

    private void attachStream(BayeuxSession c, BayeuxSocket socket) {
        SocketStream stream = new SocketStream(this, c, socket);
        synchronized (c.session) {
            if (c.stream != null && c.stream.socket == socket) {
                return;
            }
            c.stream = stream;
        }
        c.session.attach(stream, null);
    }

    private Advice normalAdvice() {
        return Advice.full(config.timeoutMillis(), config.intervalMillis());
    }

    // ---- connect ------------------------------------------------------------------------------------

    /** Returns true when the connect was parked (it answers its request itself). */
    private boolean connect(BayeuxMessage m, BayeuxSession c, BayeuxRequest req, boolean alone, long now, Reply out) {
        BayeuxTransportType transport = req.transport();
        long hold = config.timeoutMillis();
        java.util.OptionalLong asked = m.adviceTimeout();
        if (asked.isPresent() && asked.getAsLong() < hold) {
            hold = Math.max(0, asked.getAsLong());
        }
        Advice want = normalAdvice();
        if (transport.isHttp() && config.maxSessionsPerBrowser() >= 0 && c.browserId != null
                && browsers.parkedOthers(c.browserId, c) >= config.maxSessionsPerBrowser()) {
            want = want.withMultipleClients(true).withInterval(config.multiSessionIntervalMillis());
            hold = 0;
        }
        Advice advice;
        synchronized (c.session) {
            advice = want.equals(c.lastAdvice) ? null : want;
            c.lastAdvice = want;
        }
        if (transport == BayeuxTransportType.WEBSOCKET && !c.ack) {
            req.socket().bind(c);
            attachStream(c, req.socket());
            HeldConnect previous;
            HeldConnect held = new HeldConnect(this, c, m, advice, req.output(), now);
            synchronized (c.session) {
                previous = c.held;
                c.held = hold > 0 ? held : null;
            }
            if (previous != null) {
                previous.answer(null);
            }
            if (hold == 0) {
                out.replies.add(heldReply(held, null));
            } else {
                held.arm(scheduler, hold);
            }
            return false;
        }
        long clientAck = c.ack ? ackOf(m) : -1;
        String resume = clientAck >= 0 ? c.resumeId(clientAck) : null;
        boolean park = hold > 0 && (alone || transport == BayeuxTransportType.WEBSOCKET);
        ConnectPoll poll = new ConnectPoll(this, c, m, transport, advice, park ? req.output() : null, now, clientAck);
        if (park) {
            synchronized (c.session) {
                c.parked = poll;
            }
            if (c.browserId != null && transport.isHttp()) {
                browsers.parked(c.browserId, c);
            }
            req.output().whenClosed(() -> {
                c.session.detach(poll); // the client went away: its events stay queued
                answered(poll);
            });
            if (!c.session.attach(poll, resume)) {
                answered(poll);
                out.replies.add(failure(m, BayeuxError.SESSION_UNKNOWN.failure()));
                return false;
            }
            poll.arm(scheduler, hold);
            return true;
        }
        if (!c.session.attach(poll, resume)) {
            out.replies.add(failure(m, BayeuxError.SESSION_UNKNOWN.failure()));
            return false;
        }
        c.session.release(poll);
        List<QueuedEvent> events = poll.taken();
        out.polls.add(poll);
        out.take(events, poll.reportWritten(events));
        out.replies.add(connectReply(poll, events, poll.closedBy()));
        return false;
    }

    private static long ackOf(BayeuxMessage m) {
        JsonNode ack = m.ext().map(e -> e.get("ack")).orElse(null);
        return ack != null && ack.canConvertToLong() && ack.asLong() >= 0 ? ack.asLong() : -1;
    }

    /** A parked poll was answered: it no longer counts for its browser. */
    void answered(ConnectPoll poll) {
        BayeuxSession c = poll.client;
        synchronized (c.session) {
            if (c.parked == poll) {
                c.parked = null;
            }
        }
        if (c.browserId != null) {
            browsers.unparked(c.browserId, c);
        }
    }

    void heldAnswered(HeldConnect held) {
        BayeuxSession c = held.client;
        synchronized (c.session) {
            if (c.held == held) {
                c.held = null;
            }
        }
    }

    /** The reply to a connect that carried {@code events}, answered for {@code reason} (null: normally). */
    BayeuxMessage connectReply(ConnectPoll poll, List<QueuedEvent> events, DisconnectReason reason) {
        BayeuxMessage.Builder b = BayeuxMessage.replyTo(poll.request);
        if (reason == DisconnectReason.SLOW_CONSUMER) {
            b.failure(BayeuxError.SESSION_UNKNOWN.failure("slow_consumer"));
        } else if (reason == DisconnectReason.DISCONNECTED) {
            b.successful(true).advice(Advice.reconnect(Advice.Reconnect.NONE));
        } else if (reason == DisconnectReason.RECONNECT) {
            // Shutdown: the session is gone. CometD clients act on "handshake" only in a failed reply.
            b.failure(BayeuxError.SESSION_UNKNOWN.failure());
        } else {
            b.successful(true);
            if (poll.advice != null) {
                b.advice(poll.advice);
            }
        }
        ObjectNode ext = NODES.objectNode();
        if (poll.client.ack) {
            long ack = events.isEmpty() ? poll.clientAck() : events.get(events.size() - 1).seq();
            if (ack >= 0) {
                ext.put("ack", ack);
            }
        }
        timesync(poll.request, poll.receivedAt(), ext);
        if (!ext.isEmpty()) {
            b.ext(ext);
        }
        return b.build();
    }

    BayeuxMessage heldReply(HeldConnect held, Advice.Reconnect reconnect) {
        BayeuxMessage.Builder b = BayeuxMessage.replyTo(held.request);
        if (reconnect == Advice.Reconnect.HANDSHAKE) {
            b.failure(BayeuxError.SESSION_UNKNOWN.failure()); // the session ended; "handshake" needs a failed reply
        } else if (reconnect != null) {
            b.successful(true).advice(Advice.reconnect(reconnect));
        } else {
            b.successful(true);
        }
        if (reconnect == null && held.advice != null) {
            b.advice(held.advice);
        }
        ObjectNode ext = NODES.objectNode();
        timesync(held.request, held.receivedAt(), ext);
        if (!ext.isEmpty()) {
            b.ext(ext);
        }
        return b.build();
    }

    // ---- subscribe, unsubscribe ---------------------------------------------------------------------

    private BayeuxSession subscribe(BayeuxMessage m, BayeuxRequest req, Reply out) {
        BayeuxValidation.Result<List<ChannelId>> r = BayeuxValidation.checkSubscribe(m);
        BayeuxSession c = checkedSession(r, m, req, out);
        if (c == null) {
            return null;
        }
        List<String> add = new ArrayList<>();
        for (ChannelId id : r.value()) {
            if (id.isService()) {
                continue; // succeeds, not recorded (section 1.5)
            }
            Decision d = decide(() -> policy.canSubscribe(c.clientId, id.name()));
            if (!d.allowed()) {
                out.replies.add(failure(m, BayeuxError.SUBSCRIBE_DENIED.failure(d.reason())));
                return c;
            }
            add.add(id.name());
        }
        java.util.Set<String> now = c.session.subscriptions();
        long fresh = add.stream().distinct().filter(n -> !now.contains(n)).count();
        if (now.size() + fresh > config.maxSubscriptions()) {
            out.replies.add(failure(m, BayeuxError.SUBSCRIBE_DENIED.failure("max_subscriptions")));
            return c;
        }
        for (String name : add) {
            if (hub.subscribe(c.session, name)) {
                plugins.subscriptionChanged(c.clientId, name, true);
            }
        }
        out.replies.add(BayeuxMessage.replyTo(m).subscription(m.subscription().orElseThrow()).successful(true).build());
        return c;
    }

    private BayeuxSession unsubscribe(BayeuxMessage m, BayeuxRequest req, Reply out) {
        BayeuxValidation.Result<List<ChannelId>> r = BayeuxValidation.checkUnsubscribe(m);
        BayeuxSession c = checkedSession(r, m, req, out);
        if (c == null) {
            return null;
        }
        for (ChannelId id : r.value()) {
            if (hub.removeSubscription(c.session, id.name())) {
                plugins.subscriptionChanged(c.clientId, id.name(), false);
            }
        }
        out.replies.add(BayeuxMessage.replyTo(m).subscription(m.subscription().orElseThrow()).successful(true).build());
        return c;
    }

    /**
     * The session of a checked (un)subscribe or publish, or null after adding its failure reply. A parked
     * callback-polling connect of the session is answered first (bayeux.md 4.2).
     */
    private BayeuxSession checkedSession(BayeuxValidation.Result<?> checked, BayeuxMessage m, BayeuxRequest req,
                                         Reply out) {
        if (!checked.isOk()) {
            out.replies.add(failure(m, checked.failure().orElseThrow()));
            return null;
        }
        BayeuxSession c = lookup(m, req);
        if (c == null) {
            out.replies.add(failure(m, BayeuxError.SESSION_UNKNOWN.failure()));
            return null;
        }
        releaseCallbackPoll(c);
        return c;
    }

    // ---- publish, disconnect ------------------------------------------------------------------------

    private BayeuxSession publish(BayeuxMessage m, BayeuxRequest req, Reply out, long now) {
        BayeuxValidation.Result<ChannelId> r = BayeuxValidation.checkPublish(m);
        BayeuxSession c = checkedSession(r, m, req, out);
        if (c == null) {
            return null;
        }
        ChannelId channel = r.value();
        for (ChannelId ro : readOnly) {
            if (ro.equals(channel) || (ro.isWildcard() && ro.matches(channel))) {
                out.replies.add(failure(m, BayeuxError.PUBLISH_DENIED.failure("read_only")));
                return c;
            }
        }
        Decision d = decide(() -> policy.canPublish(c.clientId, channel.name()));
        if (!d.allowed()) {
            out.replies.add(failure(m, BayeuxError.PUBLISH_DENIED.failure(d.reason())));
            return c;
        }
        JsonNode data = m.data().orElseThrow();
        if (channel.isService()) {
            plugins.serviceRequest(c, channel.name(), data, m.id().orElse(null));
        } else {
            byte[] body = toBytes(data);
            hub.publish(Event.jsonOnChannel(body, channel.name(), config.broadcastToPublisher() ? null : c.session,
                    new ClientOrigin(c.clientId)));
        }
        out.replies.add(BayeuxMessage.replyTo(m).successful(true).build());
        return c;
    }

    private void disconnect(BayeuxMessage m, BayeuxRequest req, Reply out) {
        Optional<BayeuxFailure> f = BayeuxValidation.checkSessionRequest(m);
        BayeuxSession c = f.isPresent() ? null : lookup(m, req);
        if (c == null) {
            out.replies.add(failure(m, f.orElse(BayeuxError.SESSION_UNKNOWN.failure())));
            return;
        }
        out.replies.add(BayeuxMessage.replyTo(m).successful(true).build());
        c.session.terminate(DisconnectReason.DISCONNECTED);
    }

    /** Who published an event: a Bayeux client (for plugin listeners). */
    record ClientOrigin(String clientId) {
    }

    /** A callback-polling connect is answered as soon as its session sends anything else (bayeux.md 4.2). */
    private void releaseCallbackPoll(BayeuxSession c) {
        ConnectPoll p;
        synchronized (c.session) {
            p = c.parked;
        }
        if (p != null && p.transport == BayeuxTransportType.CALLBACK_POLLING) {
            p.answerNow();
        }
    }

    /** A session ended (disconnect, expiry, slow consumer, shutdown): forget it. Runs under its lock. */
    private void ended(BayeuxSession c) {
        clients.remove(c.clientId, c);
        stats.ended();
        HeldConnect held = c.held;
        c.held = null;
        if (held != null) {
            // A disconnect stops the client; anything else (expiry, slow consumer, shutdown) needs a new handshake.
            held.answer(c.session.endReason() == DisconnectReason.DISCONNECTED
                    ? Advice.Reconnect.NONE : Advice.Reconnect.HANDSHAKE);
        }
        for (String sub : c.session.subscriptions()) {
            plugins.subscriptionChanged(c.clientId, sub, false);
        }
    }

    /** Delivers {@code data} on {@code channel} to one client (a plugin's reply); false when it is gone. */
    boolean deliverTo(String clientId, String channel, JsonNode data, String replyId) {
        BayeuxSession c = clients.get(clientId);
        return c != null && c.session.queue(Event.reply(toBytes(data), channel, replyId));
    }

    // ---- helpers ------------------------------------------------------------------------------------

    private BayeuxSession lookup(BayeuxMessage m, BayeuxRequest req) {
        String id = m.clientId().orElse(null);
        BayeuxSession c = id == null ? null : clients.get(id);
        if (c == null || config.trustClientSession()) {
            return c;
        }
        BayeuxSocket socket = req.socket();
        if (socket != null) {
            if (socket.isBound(c) || (socket.browserId() != null && socket.browserId().equals(c.browserId))) {
                socket.bind(c);
                return c;
            }
            return null;
        }
        return req.browserId() != null && req.browserId().equals(c.browserId) ? c : null;
    }

    private static BayeuxMessage failure(BayeuxMessage m, BayeuxFailure f) {
        BayeuxMessage.Builder b = BayeuxMessage.replyTo(m);
        if (m.channel().isEmpty()) {
            b.channel("/meta/unknown"); // a reply needs a channel; CometD answers channel-less messages alike
        }
        JsonNode sub = m.subscription().orElse(null);
        if (sub != null && (sub.isTextual() || sub.isArray())) {
            b.subscription(sub);
        }
        return b.failure(f).build();
    }

    private Decision decide(java.util.function.Supplier<Decision> ask) {
        if (policy == null) {
            return Decision.ALLOW;
        }
        return org.orbited.node.plugin.SecurityPolicies.ask(policy, p -> ask.get());
    }

    /** Adds the timesync answer to {@code ext} when {@code request} asked for it (bayeux.md 6.2). */
    private void timesync(BayeuxMessage request, long receivedAt, ObjectNode ext) {
        if (!config.timesyncEnabled()) {
            return;
        }
        JsonNode ts = request.ext().map(e -> e.get("timesync")).orElse(null);
        if (ts == null || !ts.isObject() || !ts.path("tc").canConvertToLong()) {
            return;
        }
        long tc = ts.get("tc").asLong();
        ObjectNode answer = ext.putObject("timesync");
        answer.put("tc", tc);
        answer.put("ts", receivedAt);
        answer.put("p", Math.max(0, clock.getAsLong() - receivedAt));
        if (ts.has("l")) {
            answer.put("a", tc + ts.path("o").asLong(0) + ts.path("l").asLong(0) - receivedAt);
        }
    }

    static byte[] toBytes(JsonNode data) {
        try {
            return MAPPER.writeValueAsBytes(data);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON data", e);
        }
    }

    static JsonNode toJson(Event e) {
        if (e.isJson() || DeliveryFrames.isOneJsonValue(e.body())) {
            try {
                return MAPPER.readTree(e.body());
            } catch (java.io.IOException ex) {
                // fall through: treat as text
            }
        }
        return NODES.textNode(e.text());
    }

    private String randomId(int length) {
        char[] c = new char[length];
        for (int i = 0; i < length; i++) {
            c[i] = ID_CHARS[random.nextInt(ID_CHARS.length)];
        }
        return new String(c);
    }

    /** What one request answers: deliveries (with their write outcomes) and replies, in order. */
    private static final class Reply {
        final List<BayeuxMessage> replies = new ArrayList<>(2);
        final List<QueuedEvent> events = new ArrayList<>(0);
        final List<ConnectPoll> polls = new ArrayList<>(0);
        private final List<Consumer<Boolean>> callbacks = new ArrayList<>(0);

        void take(Collection<QueuedEvent> taken, Consumer<Boolean> written) {
            if (!taken.isEmpty()) {
                events.addAll(taken);
                callbacks.add(written);
            }
        }

        Consumer<Boolean> written() {
            if (callbacks.isEmpty()) {
                return ok -> { };
            }
            return ok -> callbacks.forEach(cb -> cb.accept(ok));
        }
    }
}
