package org.orbited.node.bayeux;

import java.util.ArrayList;
import java.util.List;
import org.orbited.node.core.Connection;
import org.orbited.node.core.DisconnectReason;
import org.orbited.node.core.QueuedEvent;
import org.orbited.node.core.Scheduler;
import org.orbited.node.core.Session;

/**
 * One {@code /meta/connect} as a core {@link Connection}: it takes the session's queued events once and is
 * answered with them followed by the connect reply.
 *
 * <p>Parked ({@code output} set): the poll answers itself when events arrive, when its timeout passes, or when
 * the session ends or a newer connect replaces it. Inline ({@code output} null): the handler attaches it, takes
 * what it got at once and puts it into the response of the request it came in (a batch, {@code timeout:0}, the
 * multiple-clients mode).
 *
 * <p>With the acknowledgement extension the poll is resumable: the connect's {@code ext.ack} is the sequence
 * number of the last event the client received, so the core replays everything after it first, in order, and
 * the reply's {@code ext.ack} is the sequence number of its own last event.
 */
final class ConnectPoll extends BayeuxConnection {
    final BayeuxMessage request;
    final BayeuxTransportType transport;
    final Advice advice;
    private final BayeuxOutput output;
    private final long receivedAt;
    private final long clientAck;
    private List<QueuedEvent> taken = List.of();
    private boolean answered;
    private DisconnectReason closedBy;
    private Scheduler.Cancellable timer;

    ConnectPoll(ConnectHandler connects, BayeuxSession client, BayeuxMessage request, BayeuxTransportType transport,
                Advice advice, BayeuxOutput output, long receivedAt, long clientAck) {
        super(connects, client);
        this.request = output == null ? request : request.forReply(); // parked: only what the reply needs
        this.transport = transport;
        this.advice = advice;
        this.output = output;
        this.receivedAt = receivedAt;
        this.clientAck = clientAck;
    }

    @Override
    public String transportName() {
        return "bayeux-" + transport.wire();
    }

    @Override
    public boolean resumable() {
        return client.ack;
    }

    @Override
    public boolean oneShot() {
        return true;
    }

    long receivedAt() {
        return receivedAt;
    }

    /** Parked and answering through {@code o} (a WebSocket's output). */
    boolean writesTo(BayeuxOutput o) {
        return output != null && output == o;
    }

    long clientAck() {
        return clientAck;
    }

    synchronized List<QueuedEvent> taken() {
        return taken;
    }

    synchronized DisconnectReason closedBy() {
        return closedBy;
    }

    @Override
    public int send(Session s, List<QueuedEvent> events, boolean reset) {
        synchronized (this) {
            if (answered || !taken.isEmpty()) {
                return 0;
            }
            taken = new ArrayList<>(events);
        }
        if (output != null) {
            answer(null);
        }
        return events.size();
    }

    @Override
    public void close(DisconnectReason reason) {
        synchronized (this) {
            if (closedBy == null) {
                closedBy = reason;
            }
        }
        if (output != null) {
            answer(reason);
        }
    }

    /** Starts the hold timer of a parked poll that got nothing yet. */
    void arm(Scheduler scheduler, long millis) {
        Scheduler.Cancellable t = scheduler.schedule(this::timeout, millis, java.util.concurrent.TimeUnit.MILLISECONDS);
        synchronized (this) {
            if (answered) {
                t.cancel();
                return;
            }
            timer = t;
        }
    }

    private void timeout() {
        if (client.session.release(this)) {
            answer(null);
        }
    }

    /** Answers a parked poll now with what it has (nothing, unless events were handed to it). */
    void answerNow() {
        if (client.session.release(this) || isClosedUnanswered()) {
            answer(null);
        }
    }

    private synchronized boolean isClosedUnanswered() {
        return !answered && closedBy != null;
    }

    /** Writes a parked poll's response once: its events, then the connect reply. */
    private void answer(DisconnectReason reason) {
        List<QueuedEvent> events;
        synchronized (this) {
            if (answered) {
                return;
            }
            answered = true;
            if (timer != null) {
                timer.cancel();
            }
            events = taken;
        }
        connects.answered(this);
        int status = reason == DisconnectReason.REPLACED ? connects.duplicateStatus() : 200;
        byte[] body = connects.bodies().body(events, List.of(connects.connectReply(this, events, reason)));
        output.send(body, status, reportWritten(events));
    }
}
