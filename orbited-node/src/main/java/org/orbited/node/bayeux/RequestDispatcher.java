package org.orbited.node.bayeux;

import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.orbited.node.core.DisconnectReason;
import org.orbited.plugin.ChannelId;

/**
 * Handles one request (an HTTP body or a WebSocket frame) message by message, in array order, and writes its
 * answer as one array: deliveries of inline connects first, then the replies (bayeux.md section 5).
 *
 * <p>Each job has its own class: {@link HandshakeHandler}, {@link ConnectHandler} (parking, advice, where
 * deliveries travel), {@link SubscriptionHandler}, {@link PublishHandler}, {@link ClientRegistry} (who may act
 * for a clientId), {@link ChannelAccess} (policies). This class only checks the fields every message needs,
 * finds the client and routes by channel. Other messages of a handshake request are ignored; a connect parks
 * only when it is alone in its request, and then answers the request itself.
 *
 * <p>Threading: the caller's thread (an I/O thread, or the policy executor when a policy is installed).
 */
final class RequestDispatcher {
    private final LongSupplier clock;
    private final BayeuxStats stats;
    private final ClientRegistry registry;
    private final HandshakeHandler handshakes;
    private final ConnectHandler connects;
    private final SubscriptionHandler subscriptions;
    private final PublishHandler publishes;

    RequestDispatcher(LongSupplier clock, BayeuxStats stats, ClientRegistry registry, HandshakeHandler handshakes,
                      ConnectHandler connects, SubscriptionHandler subscriptions, PublishHandler publishes) {
        this.clock = clock;
        this.stats = stats;
        this.registry = registry;
        this.handshakes = handshakes;
        this.connects = connects;
        this.subscriptions = subscriptions;
        this.publishes = publishes;
    }

    void process(List<BayeuxMessage> batch, BayeuxRequest req) {
        long now = clock.getAsLong();
        stats.messagesIn(batch.size());
        BatchReply out = new BatchReply();
        boolean alone = batch.size() == 1;
        boolean parked = false;
        for (BayeuxMessage m : batch) {
            Optional<BayeuxFailure> common = BayeuxValidation.checkCommonFields(m);
            if (common.isPresent()) {
                out.fail(m, common.get());
                continue;
            }
            switch (m.channel().orElseThrow()) {
                case "/meta/handshake" -> {
                    out.add(handshakes.handshake(m, req, now));
                    send(req, out); // other messages of a handshake request are ignored (bayeux.md section 3)
                    return;
                }
                case "/meta/connect" -> parked |= connect(m, req, alone, now, out);
                case "/meta/subscribe" -> subscribe(m, req, out);
                case "/meta/unsubscribe" -> unsubscribe(m, req, out);
                case "/meta/disconnect" -> disconnect(m, req, out);
                default -> publish(m, req, out);
            }
        }
        if (parked && out.isEmpty()) {
            return; // the parked connect answers this request itself
        }
        send(req, out);
    }

    private void send(BayeuxRequest req, BatchReply out) {
        if (!out.isEmpty()) { // WebSocket: a frame may need no answer
            req.output().send(connects.bodies().body(out.events, out.replies), 200, out.written());
        }
    }

    private boolean connect(BayeuxMessage m, BayeuxRequest req, boolean alone, long now, BatchReply out) {
        BayeuxSession c = registry.lookup(m, req);
        if (c == null) {
            out.fail(m, BayeuxValidation.checkSessionRequest(m).orElse(BayeuxError.SESSION_UNKNOWN.failure()));
            return false;
        }
        return connects.connect(m, c, req, alone, now, out);
    }

    private void subscribe(BayeuxMessage m, BayeuxRequest req, BatchReply out) {
        BayeuxValidation.Result<List<ChannelId>> r = BayeuxValidation.checkSubscribe(m);
        BayeuxSession c = checkedSession(r, m, req, out);
        if (c != null) {
            subscriptions.subscribe(m, r.value(), c, out);
        }
    }

    private void unsubscribe(BayeuxMessage m, BayeuxRequest req, BatchReply out) {
        BayeuxValidation.Result<List<ChannelId>> r = BayeuxValidation.checkUnsubscribe(m);
        BayeuxSession c = checkedSession(r, m, req, out);
        if (c != null) {
            subscriptions.unsubscribe(m, r.value(), c, out);
        }
    }

    private void publish(BayeuxMessage m, BayeuxRequest req, BatchReply out) {
        BayeuxValidation.Result<ChannelId> r = BayeuxValidation.checkPublish(m);
        BayeuxSession c = checkedSession(r, m, req, out);
        if (c != null) {
            publishes.publish(m, r.value(), c, out);
        }
    }

    private void disconnect(BayeuxMessage m, BayeuxRequest req, BatchReply out) {
        Optional<BayeuxFailure> f = BayeuxValidation.checkSessionRequest(m);
        BayeuxSession c = f.isPresent() ? null : registry.lookup(m, req);
        if (c == null) {
            out.fail(m, f.orElse(BayeuxError.SESSION_UNKNOWN.failure()));
            return;
        }
        out.add(BayeuxMessage.replyTo(m).successful(true).build());
        c.session.terminate(DisconnectReason.DISCONNECTED);
    }

    /**
     * The client of a checked (un)subscribe or publish, or null after adding its failure reply. A parked
     * callback-polling connect of the client is answered first (bayeux.md 4.2).
     */
    private BayeuxSession checkedSession(BayeuxValidation.Result<?> checked, BayeuxMessage m, BayeuxRequest req,
                                         BatchReply out) {
        if (!checked.isOk()) {
            out.fail(m, checked.failure().orElseThrow());
            return null;
        }
        BayeuxSession c = registry.lookup(m, req);
        if (c == null) {
            out.fail(m, BayeuxError.SESSION_UNKNOWN.failure());
            return null;
        }
        connects.releaseCallbackPoll(c);
        return c;
    }
}
