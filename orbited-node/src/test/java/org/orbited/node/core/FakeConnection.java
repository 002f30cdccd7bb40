package org.orbited.node.core;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * An in-memory {@link Connection} standing in for a transport. It records every {@link #send} (the
 * event ids, the reset flag) and every close, and holds each accepted event's write open until the test
 * completes it with {@link #completeAll} or {@link #completeNext}, which report to the session exactly
 * as a transport's write listener would: later, never from inside {@code send}.
 *
 * <p>Behaviour is set with the fluent setters before attaching: resumable, queued polls, one-shot,
 * batch limit, a total acceptance limit (a length cap: the connection closes with
 * {@link DisconnectReason#RECONNECT} once reached) and a rule for events it can never write
 * ({@link Connection#REJECT_FIRST}).
 */
final class FakeConnection implements Connection {
    /** One call to {@link #send} that carried events or a reset. */
    record Send(List<String> ids, List<String> bodies, boolean reset) {
    }

    private String transport = "fake";
    private boolean resumable;
    private boolean queuesPolls;
    private boolean oneShot;
    private int batchLimit = Integer.MAX_VALUE;
    private long minimumGraceMillis;
    private int acceptLimit = Integer.MAX_VALUE;
    private Predicate<Event> rejects = e -> false;

    private final List<Send> sends = new ArrayList<>();
    private final List<QueuedEvent> unconfirmed = new ArrayList<>();
    private final List<QueuedEvent> sentEvents = new ArrayList<>();
    private final List<DisconnectReason> closes = new ArrayList<>();
    private final List<String> rejected = new ArrayList<>();
    /** Every {@link #announce}: epoch, grace in ms and how many sends came before it. */
    private final List<String> announced = new ArrayList<>();
    private Session session;
    private int accepted;
    private boolean closed;
    private boolean inSend;

    FakeConnection transport(String name) {
        this.transport = name;
        return this;
    }

    FakeConnection resumable(boolean v) {
        this.resumable = v;
        return this;
    }

    /** A 0.1 {@code xhr}-style poll: queues behind other polls, answers once, one event per answer. */
    FakeConnection poll() {
        this.queuesPolls = true;
        this.oneShot = true;
        this.batchLimit = 1;
        this.minimumGraceMillis = 10_000;
        return this;
    }

    FakeConnection oneShot(boolean v) {
        this.oneShot = v;
        return this;
    }

    FakeConnection batchLimit(int n) {
        this.batchLimit = n;
        return this;
    }

    FakeConnection minimumGraceMillis(long ms) {
        this.minimumGraceMillis = ms;
        return this;
    }

    /** Accepts at most {@code n} events in total, then closes with RECONNECT like a capped stream. */
    FakeConnection acceptLimit(int n) {
        this.acceptLimit = n;
        return this;
    }

    /** Events matching {@code rule} can never be written here. */
    FakeConnection rejecting(Predicate<Event> rule) {
        this.rejects = rule;
        return this;
    }

    @Override
    public String transportName() {
        return transport;
    }

    @Override
    public boolean resumable() {
        return resumable;
    }

    @Override
    public boolean queuesPolls() {
        return queuesPolls;
    }

    @Override
    public boolean oneShot() {
        return oneShot;
    }

    @Override
    public int batchLimit() {
        return batchLimit;
    }

    @Override
    public long minimumGraceMillis() {
        return minimumGraceMillis;
    }

    @Override
    public void announce(String epoch, long graceMillis) {
        announced.add(epoch + " " + graceMillis + " after " + sends.size() + " sends");
    }

    @Override
    public int send(Session s, List<QueuedEvent> events, boolean reset) {
        if (events.size() > batchLimit) {
            throw new AssertionError("send of " + events.size() + " events exceeds batch limit " + batchLimit);
        }
        if (!Thread.holdsLock(s)) {
            throw new AssertionError("send called without the session lock");
        }
        this.session = s;
        if (closed) {
            return 0;
        }
        inSend = true;
        try {
            if (!events.isEmpty() && rejects.test(events.get(0).event())) {
                rejected.add(s.idOf(events.get(0)));
                return REJECT_FIRST;
            }
            int n = 0;
            while (n < events.size() && accepted < acceptLimit && !rejects.test(events.get(n).event())) {
                n++;
                accepted++;
            }
            List<QueuedEvent> taken = events.subList(0, n);
            if (n > 0 || reset) {
                sends.add(new Send(taken.stream().map(s::idOf).toList(),
                        taken.stream().map(e -> e.event().text()).toList(), reset));
            }
            unconfirmed.addAll(taken);
            sentEvents.addAll(taken);
            if (n < events.size() && accepted >= acceptLimit) {
                close(DisconnectReason.RECONNECT); // at its cap, as a transport does
            }
            return n; // stopped before an event it rejects: still accepting, as a transport does
        } finally {
            inSend = false;
        }
    }

    @Override
    public boolean accepting() {
        return !closed;
    }

    @Override
    public void close(DisconnectReason reason) {
        if (closed) {
            return;
        }
        closed = true;
        closes.add(reason);
    }

    /** Completes every write handed over so far, in order, reporting {@code ok} to the session. */
    void completeAll(boolean ok) {
        while (!unconfirmed.isEmpty()) {
            completeNext(ok);
        }
    }

    /** Completes the oldest outstanding write. */
    void completeNext(boolean ok) {
        if (inSend) {
            throw new AssertionError("completion from inside send");
        }
        QueuedEvent e = unconfirmed.remove(0);
        session.written(this, e, ok);
    }

    /** The socket went away: tells the session, as a transport's close listener does. */
    void drop() {
        closed = true;
        Session s = session;
        if (s != null) {
            s.detach(this);
        }
    }

    /** Binds the session returned by the attach (a send may not have happened yet). */
    FakeConnection bind(Session s) {
        this.session = s;
        return this;
    }

    List<Send> sends() {
        return sends;
    }

    /** Every event id written, in order, across all sends. */
    List<String> sentIds() {
        return sends.stream().flatMap(x -> x.ids().stream()).toList();
    }

    /** Every event body written, in order, across all sends. */
    List<String> sentBodies() {
        return sends.stream().flatMap(x -> x.bodies().stream()).toList();
    }

    /** Every event accepted, in order (for reporting completions by hand). */
    List<QueuedEvent> sentEvents() {
        return sentEvents;
    }

    /** The announcements, as {@code "epoch grace after N sends"}. */
    List<String> announced() {
        return announced;
    }

    List<String> rejectedIds() {
        return rejected;
    }

    List<DisconnectReason> closes() {
        return closes;
    }

    boolean closed() {
        return closed;
    }

    int unconfirmed() {
        return unconfirmed.size();
    }
}
