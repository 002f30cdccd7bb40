package org.orbited.node.bayeux;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.OptionalLong;
import org.orbited.node.core.DisconnectReason;
import org.orbited.node.core.QueuedEvent;
import org.orbited.node.core.Scheduler;

/**
 * {@code /meta/connect}: parking, the advice it carries, the multiple-clients mode, and the delivery streams of
 * WebSocket sessions.
 *
 * <h2>Where deliveries travel, and why that keeps order</h2>
 * Publication order must be the order every subscriber receives. A long-polling client holds two HTTP
 * connections and may read their responses in either order, so events travel on {@code /meta/connect} replies
 * only (never piggybacked on a publish or subscribe reply): a client sends its next connect only after it has
 * handled the previous connect reply, deliveries first, so each connect reply is read after the one before it.
 * Over WebSocket every frame of a session goes down one socket in the order it was written: without the ack
 * extension deliveries are frames of their own ({@link SocketStream}) and connects are heartbeats
 * ({@link HeldConnect}); with it the session is meta-connect-only and resumable ({@link ConnectPoll}).
 *
 * <p>Threading: any thread; the state of a client is changed only through {@link BayeuxSession}'s methods.
 */
final class ConnectHandler {
    private final BayeuxSettings settings;
    private final Scheduler scheduler;
    private final ResponseBodies bodies;
    private final Timesync timesync;
    private final BrowserConnects browsers = new BrowserConnects();
    private final int batchLimit;

    ConnectHandler(BayeuxSettings settings, Scheduler scheduler, ResponseBodies bodies, Timesync timesync,
                   int batchLimit) {
        this.settings = settings;
        this.scheduler = scheduler;
        this.bodies = bodies;
        this.timesync = timesync;
        this.batchLimit = batchLimit;
    }

    ResponseBodies bodies() {
        return bodies;
    }

    int batchLimit() {
        return batchLimit;
    }

    int duplicateStatus() {
        return settings.duplicateMetaConnectStatus();
    }

    /** The advice of a normal connect or handshake reply. */
    Advice normalAdvice() {
        return Advice.full(settings.timeoutMillis(), settings.intervalMillis());
    }

    /**
     * Handles a connect of {@code c}; {@code alone} when it is the only message of its request. Returns true when
     * the connect was parked: it then answers its request itself, later.
     */
    boolean connect(BayeuxMessage m, BayeuxSession c, BayeuxRequest req, boolean alone, long now, BatchReply out) {
        BayeuxTransportType transport = req.transport();
        long hold = settings.timeoutMillis();
        OptionalLong asked = m.adviceTimeout();
        if (asked.isPresent() && asked.getAsLong() < hold) {
            hold = Math.max(0, asked.getAsLong());
        }
        Advice want = normalAdvice();
        if (transport.isHttp() && settings.maxSessionsPerBrowser() >= 0 && c.browserId != null
                && browsers.parkedOthers(c.browserId, c) >= settings.maxSessionsPerBrowser()) {
            want = want.withMultipleClients(true).withInterval(settings.multiSessionIntervalMillis());
            hold = 0;
        }
        Advice advice = c.adviceToSend(want);
        if (transport == BayeuxTransportType.WEBSOCKET && !c.ack) {
            holdOnSocket(m, c, req, hold, advice, now, out);
            return false;
        }
        long clientAck = c.ack ? ackOf(m) : -1;
        String resume = clientAck >= 0 ? c.resumeId(clientAck) : null;
        boolean park = hold > 0 && (alone || transport == BayeuxTransportType.WEBSOCKET);
        ConnectPoll poll = new ConnectPoll(this, c, m, transport, advice, park ? req.output() : null, now, clientAck);
        if (park) {
            return park(poll, c, req, hold, resume, out);
        }
        if (!c.session.attach(poll, resume)) {
            out.fail(m, BayeuxError.SESSION_UNKNOWN.failure());
            return false;
        }
        c.session.release(poll);
        List<QueuedEvent> events = poll.taken();
        out.take(events, poll.reportWritten(events));
        out.add(connectReply(poll, events, poll.closedBy()));
        return false;
    }

    private boolean park(ConnectPoll poll, BayeuxSession c, BayeuxRequest req, long hold, String resume,
                         BatchReply out) {
        c.park(poll);
        if (c.browserId != null && poll.transport.isHttp()) {
            browsers.parked(c.browserId, c);
        }
        req.output().whenClosed(() -> {
            c.session.detach(poll); // the client went away: its events stay queued
            answered(poll);
        });
        if (!c.session.attach(poll, resume)) {
            answered(poll);
            out.fail(poll.request, BayeuxError.SESSION_UNKNOWN.failure());
            return false;
        }
        poll.arm(scheduler, hold);
        return true;
    }

    /** WebSocket without ack: deliveries stream on the socket; the connect is a heartbeat held for {@code hold}. */
    private void holdOnSocket(BayeuxMessage m, BayeuxSession c, BayeuxRequest req, long hold, Advice advice,
                              long now, BatchReply out) {
        if (req.socket().bind(c)) { // so that its close ends the stream, also for a trusted (unchecked) clientId
            c.bindSocket(req.socket());
            attachStream(c, req.socket());
        } // else the socket closed already: no stream, which would keep the session alive with no one to end it
        HeldConnect held = new HeldConnect(this, c, m, advice, req.output(), now);
        HeldConnect previous = c.hold(hold > 0 ? held : null);
        if (previous != null) {
            previous.answer(null);
        }
        if (hold == 0) {
            out.add(heldReply(held, null));
        } else {
            held.arm(scheduler, hold);
        }
    }

    /** Starts streaming {@code c}'s deliveries on {@code socket} (a WebSocket session without ack). */
    void attachStream(BayeuxSession c, BayeuxSocket socket) {
        SocketStream stream = new SocketStream(this, c, socket);
        if (c.startStream(stream)) {
            c.session.attach(stream, null);
        }
    }

    private static long ackOf(BayeuxMessage m) {
        JsonNode ack = m.ext().map(e -> e.get("ack")).orElse(null);
        return ack != null && ack.canConvertToLong() && ack.asLong() >= 0 ? ack.asLong() : -1;
    }

    /** A parked poll was answered: it is no longer parked and no longer counts for its browser. */
    void answered(ConnectPoll poll) {
        BayeuxSession c = poll.client;
        if (c.unpark(poll) && c.browserId != null) { // a newer parked connect keeps counting
            browsers.unparked(c.browserId, c);
        }
    }

    void heldAnswered(HeldConnect held) {
        held.client.unhold(held);
    }

    /** A callback-polling connect is answered as soon as its session sends anything else (bayeux.md 4.2). */
    void releaseCallbackPoll(BayeuxSession c) {
        ConnectPoll p = c.parked();
        if (p != null && p.transport == BayeuxTransportType.CALLBACK_POLLING) {
            p.answerNow();
        }
    }

    /** A WebSocket closed: the connections of the sessions that used it end; the sessions wait for a new one. */
    void socketClosed(BayeuxSocket socket) {
        for (BayeuxSession c : socket.close()) {
            BayeuxSession.OnClosedSocket gone = c.socketClosed(socket);
            if (gone.stream() != null) {
                c.session.detach(gone.stream());
            }
            if (gone.parked() != null) {
                c.session.detach(gone.parked()); // its events stay queued for the next connect
                answered(gone.parked());
            }
            if (gone.held() != null) {
                gone.held().answer(null); // written to a closed socket: nothing happens
            }
        }
    }

    /** {@code c} ended: a held connect is told why. Runs under the session's lock. */
    void sessionEnded(BayeuxSession c) {
        HeldConnect held = c.takeHeld();
        if (held != null) {
            // A disconnect stops the client; anything else (expiry, slow consumer, shutdown) needs a new handshake.
            held.answer(c.session.endReason() == DisconnectReason.DISCONNECTED
                    ? Advice.Reconnect.NONE : Advice.Reconnect.HANDSHAKE);
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
        ObjectNode ext = BayeuxJson.NODES.objectNode();
        if (poll.client.ack) {
            long ack = events.isEmpty() ? poll.clientAck() : events.get(events.size() - 1).seq();
            if (ack >= 0) {
                ext.put("ack", ack);
            }
        }
        timesync.answer(poll.request, poll.receivedAt(), ext);
        if (!ext.isEmpty()) {
            b.ext(ext);
        }
        return b.build();
    }

    /** The reply to a held WebSocket connect; {@code reconnect} overrides its advice (null: as computed). */
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
        ObjectNode ext = BayeuxJson.NODES.objectNode();
        timesync.answer(held.request, held.receivedAt(), ext);
        if (!ext.isEmpty()) {
            b.ext(ext);
        }
        return b.build();
    }
}
