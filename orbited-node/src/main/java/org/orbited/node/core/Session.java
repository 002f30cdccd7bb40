package org.orbited.node.core;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The state behind one key: a bounded FIFO of events not yet written, the browser connection(s)
 * attached now, a replay ring for resumable transports, and the grace timer that keeps it alive
 * between connections.
 *
 * <h2>Design</h2>
 * Every event entering the session gets the next sequence number; its id on the wire is
 * {@code epoch-seq}. Events move PENDING → INFLIGHT (handed to a connection) → WRITTEN (the write
 * completed; kept in the replay ring when the connection was resumable) or back to PENDING at the head
 * of the queue when the write failed or the connection was replaced. Because the queues are ordered by
 * sequence number and whole connections are reclaimed at once, order survives retries.
 *
 * <p>Replay: {@code replayFloor} is the highest sequence number that can no longer be replayed
 * (written on a legacy connection, trimmed from the ring, or acknowledged). A resume from {@code E-k} works
 * when E is this session's epoch and {@code replayFloor <= k < nextSeq}; then ring entries after k are
 * written again (without resolving anything twice) before the pending ones. Otherwise the connection starts
 * with a reset control. {@code E-0} is "everything from the start of the epoch": it works while nothing is
 * below the floor. {@code failedUpTo} is the highest sequence number that failed here (never to be written):
 * a resume from before it starts with a reset too, since the page missed that event, but the ring entries
 * after k still follow it. They were written and reported {@code Success}, and the page has not seen them:
 * dropping them would lose them (a later event failing while the page reconnects must not cost it an
 * earlier one).
 *
 * <p>Grace: when the last connection goes, the session waits {@link SessionLimits#graceAfter} for the
 * browser to come back: the resume grace after a resumable connection (the browser can resume from its
 * last id, so a longer outage loses nothing), the legacy grace otherwise. A resumable connection is told
 * its grace and the epoch when it attaches ({@link Connection#announce}).
 *
 * <p>Threading: every method takes the session's monitor. Connections are called with it held and call
 * back only asynchronously. Nothing here blocks.
 */
public final class Session {
    private final Hub hub;
    private final SessionKey key;
    private final String epoch;
    private final SessionLimits limits;
    private Runnable onEnd;
    private DisconnectReason endedBy;
    private final ArrayDeque<QueuedEvent> pending = new ArrayDeque<>(4);
    private final ArrayDeque<QueuedEvent> inflight = new ArrayDeque<>(4);
    private final ArrayDeque<Connection> attached = new ArrayDeque<>(2);
    private ArrayDeque<QueuedEvent> ring;
    private long nextSeq = 1;
    private long replayFloor;
    /** The highest sequence number of an event that failed here; 0 while none has. */
    private long failedUpTo;
    /** Bytes of the events not yet written (pending and in flight), each with {@link #EVENT_OVERHEAD}. */
    private long queuedBytes;
    private Scheduler.Cancellable graceTimer;
    private Set<String> channels = Set.of();
    private boolean closed;
    /**
     * The highest {@link ClientAttempt} number seen per client instance, most recent instance first; at most
     * {@link #ATTEMPT_INSTANCES} instances (a few tabs sharing the key), null until a request carries one.
     */
    private String[] attemptInstances;
    private long[] attemptNumbers;

    /** How many client instances a session remembers the latest attempt of. */
    static final int ATTEMPT_INSTANCES = 4;

    /**
     * What an event not yet written costs beyond its body (its queue entry, write record and buffer
     * wrappers), counted against {@code session.queue_bytes} so that many tiny events to a browser that
     * stopped reading are bounded too.
     */
    static final int EVENT_OVERHEAD = 64;

    private static long cost(Event e) {
        return e.size() + EVENT_OVERHEAD;
    }

    Session(Hub hub, SessionKey key, String epoch, SessionLimits limits) {
        this.hub = hub;
        this.key = key;
        this.epoch = epoch;
        this.limits = limits;
    }

    /**
     * Runs {@code task} once when the session ends (expiry, slow consumer, termination), under the session's
     * lock and after its subscriptions are gone; it must not block. Set once. A session that has already ended
     * runs it at once (it ended before its owner could set the hook).
     */
    public synchronized void whenEnded(Runnable task) {
        if (closed) {
            task.run(); // ended before the hook was set (e.g. a slow consumer at once): it still hears the end
            return;
        }
        this.onEnd = task;
    }

    /** Starts the grace timer of a session created with no connection (a Bayeux session after its handshake). */
    synchronized void startGrace() {
        if (!closed && attached.isEmpty() && graceTimer == null) {
            graceTimer = hub.scheduler().schedule(this::expireIfIdle, limits.graceMillis(), TimeUnit.MILLISECONDS);
        }
    }

    public SessionKey key() {
        return key;
    }

    public String epoch() {
        return epoch;
    }

    /** The wire id of {@code e} in this session. */
    public String idOf(QueuedEvent e) {
        return epoch + "-" + e.seq();
    }

    public synchronized boolean isClosed() {
        return closed;
    }

    /** Why the session ended: the reason given to {@link #terminate}, null for expiry or a silent end. */
    public synchronized DisconnectReason endReason() {
        return endedBy;
    }

    public synchronized int queuedEvents() {
        return pending.size() + inflight.size();
    }

    public synchronized int connections() {
        return attached.size();
    }

    synchronized Set<String> channels() {
        return channels;
    }

    synchronized void channels(Set<String> subscribed) {
        this.channels = subscribed;
    }

    /** Subscriptions now (an immutable snapshot). */
    public synchronized Set<String> subscriptions() {
        return channels;
    }

    /**
     * Attaches {@code c} only if no connection is attached now, without replacing anything and without touching
     * the grace timer: a Bayeux reply that may carry queued events when no connect is parked. The caller detaches
     * it with {@link #release} right after, whether or not it took events.
     *
     * @return false when a connection is attached or the session has ended
     */
    public synchronized boolean attachIfIdle(Connection c) {
        if (closed || !attached.isEmpty()) {
            return false;
        }
        attached.addLast(c);
        pump();
        return true;
    }

    /** What {@link #attach(Connection, String, ClientAttempt)} did. */
    public enum Attach {
        /** The connection is the session's now. */
        ATTACHED,
        /** Refused as a stale attempt and closed ({@link DisconnectReason#STALE}); the session is unchanged. */
        STALE,
        /** The session has already ended; the caller should look the key up again. */
        ENDED
    }

    /**
     * Attaches a new browser connection. A connection replaces the current one(s), which are closed
     * ({@link DisconnectReason#REPLACED}), except that {@link Connection#queuesPolls() poll} connections
     * queue behind each other. {@code lastEventId} is the id the browser saw last, or null.
     *
     * @return false when the session has already ended; the caller should look the key up again
     */
    public boolean attach(Connection c, String lastEventId) {
        return attach(c, lastEventId, null) != Attach.ENDED;
    }

    /**
     * {@link #attach(Connection, String)} for a request that names its client instance and attempt, or not
     * ({@code attempt} null: exactly as {@link #attach(Connection, String)}). A request of an instance this
     * session has already seen with a higher attempt number is stale: it is closed with
     * {@link DisconnectReason#STALE} and changes nothing here (the connection attached now, the grace timer, the
     * queue), so a request the client abandoned cannot take the session from its live connection. Equal numbers
     * are the same attempt (the next poll of a {@code long_poll}); another instance, or none, is another client
     * (another tab), which takes the session as always.
     */
    public synchronized Attach attach(Connection c, String lastEventId, ClientAttempt attempt) {
        if (closed) {
            return Attach.ENDED;
        }
        if (attempt != null && !noteAttempt(attempt)) {
            c.close(DisconnectReason.STALE);
            return Attach.STALE;
        }
        if (graceTimer != null) {
            graceTimer.cancel();
            graceTimer = null;
        }
        boolean queue = c.queuesPolls() && !attached.isEmpty() && attached.peekFirst().queuesPolls();
        if (!queue) {
            while (!attached.isEmpty()) {
                Connection old = attached.pollFirst();
                reclaim(old, false);
                old.close(DisconnectReason.REPLACED);
            }
        }
        attached.addLast(c);
        // Writes still under way on streams told to reconnect may never reach this browser (it is here
        // again): they go out again on the new connection, after any replay; a resumable client's last
        // id acknowledges those it did see. Their late completions are ignored. An answered poll's write
        // is its response and decides its events itself, unless this connection resumes from a last id:
        // then the browser says it has not read that answer (an abandoned poll, or one whose connection
        // was reset under it and which the browser sent again), so it is treated like a stream's write.
        boolean resuming = c.resumable() && lastEventId != null;
        reclaim(x -> (!x.oneShot() || (resuming && x.resumable())) && !attached.contains(x), false, true);
        if (c.resumable()) {
            c.announce(epoch, limits.graceAfter(c));
            resume(c, lastEventId);
        }
        pump();
        return Attach.ATTACHED;
    }

    /**
     * Records {@code a} as its instance's latest attempt unless a later one was seen; returns false for a stale one.
     * The instance becomes the most recent; the least recent of {@link #ATTEMPT_INSTANCES} is forgotten.
     */
    private boolean noteAttempt(ClientAttempt a) {
        if (attemptInstances == null) {
            attemptInstances = new String[ATTEMPT_INSTANCES];
            attemptNumbers = new long[ATTEMPT_INSTANCES];
        }
        int at = ATTEMPT_INSTANCES - 1; // not seen: the least recent slot is reused
        for (int i = 0; i < ATTEMPT_INSTANCES; i++) {
            if (a.instance().equals(attemptInstances[i])) {
                if (a.number() < attemptNumbers[i]) {
                    return false;
                }
                at = i;
                break;
            }
        }
        System.arraycopy(attemptInstances, 0, attemptInstances, 1, at);
        System.arraycopy(attemptNumbers, 0, attemptNumbers, 1, at);
        attemptInstances[0] = a.instance();
        attemptNumbers[0] = a.number();
        return true;
    }

    private void resume(Connection c, String lastEventId) {
        long k = parseSeq(lastEventId);
        boolean reset;
        List<QueuedEvent> replay = List.of();
        if (lastEventId == null) {
            reset = false;
        } else if (k < 0 || k < replayFloor || k >= nextSeq) {
            reset = true;
        } else {
            // An event after k failed: the page is told (reset), then gets the written ones it has not seen.
            reset = k < failedUpTo;
            acknowledge(k);
            if (ring != null && !ring.isEmpty()) {
                replay = new ArrayList<>(ring);
            }
        }
        if (replay.isEmpty() && !reset) {
            return;
        }
        // In batches, as pump() does: a streaming connection takes the whole replay, a poll one batch.
        int from = 0;
        boolean sendReset = reset;
        while (sendReset || from < replay.size()) {
            List<QueuedEvent> batch = replay.subList(from, from + Math.min(c.batchLimit(), replay.size() - from));
            // A poll answers once, so the pending events follow the reset or the replay in that answer.
            int fromPending = c.oneShot() ? Math.min(pending.size(), c.batchLimit() - batch.size()) : 0;
            List<QueuedEvent> offered = batch;
            if (fromPending > 0) {
                offered = new ArrayList<>(batch);
                Iterator<QueuedEvent> it = pending.iterator();
                for (int i = 0; i < fromPending; i++) {
                    offered.add(it.next());
                }
            }
            int n = c.send(this, offered, sendReset);
            if (n == Connection.REJECT_FIRST) {
                if (batch.isEmpty()) {
                    finish(pending.pollFirst(), false); // a pending event this transport cannot carry
                } else {
                    from++; // a replay entry: already resolved when first written
                }
                continue;
            }
            sendReset = false;
            from += Math.min(n, batch.size());
            for (int i = batch.size(); i < n; i++) {
                QueuedEvent e = pending.pollFirst();
                e.state = QueuedEvent.State.INFLIGHT;
                e.connection = c;
                inflight.addLast(e);
            }
            if (c.oneShot() || (n < offered.size() && (n == 0 || !c.accepting()))) {
                attached.remove(c);
                startGraceIfIdle(c);
                return;
            }
        }
    }

    /** Trims replay state up to and including sequence {@code k}; events up to k count as delivered. */
    private void acknowledge(long k) {
        if (ring != null) {
            while (!ring.isEmpty() && ring.peekFirst().seq() <= k) {
                ring.pollFirst();
            }
        }
        // Events the browser has seen although their write was not confirmed (a replaced connection).
        while (!pending.isEmpty() && pending.peekFirst().seq() <= k) {
            QueuedEvent e = pending.pollFirst();
            hub.stats().eventWritten();
            finish(e, true);
        }
        replayFloor = Math.max(replayFloor, k);
    }

    /** Browser acknowledgement ({@code {"ack":"E-N"}} on WebSocket): trims the replay ring. */
    public synchronized void acknowledge(String eventId) {
        long k = parseSeq(eventId);
        if (k >= 0 && k < nextSeq && ring != null) {
            while (!ring.isEmpty() && ring.peekFirst().seq() <= k) {
                ring.pollFirst();
            }
            replayFloor = Math.max(replayFloor, k);
        }
    }

    private long parseSeq(String id) {
        if (id == null || id.length() <= epoch.length() + 1 || !id.startsWith(epoch)
                || id.charAt(epoch.length()) != '-') {
            return -1;
        }
        try {
            return Long.parseLong(id, epoch.length() + 1, id.length(), 10);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** A connection went away (closed by either side). Starts the grace period if it was the last. */
    public synchronized void detach(Connection c) {
        attached.remove(c);
        reclaim(c, true);
        startGraceIfIdle(c);
        pump();
    }

    /**
     * A held poll gives up waiting (its timeout). Returns true when {@code c} was still waiting, so the
     * caller now owns its (empty) answer; false when events were already handed to it or it was closed.
     */
    public synchronized boolean release(Connection c) {
        if (!attached.remove(c)) {
            return false;
        }
        startGraceIfIdle(c);
        return true;
    }

    private void startGraceIfIdle(Connection c) {
        if (!closed && attached.isEmpty() && graceTimer == null) {
            long grace = limits.graceAfter(c);
            graceTimer = hub.scheduler().schedule(this::expireIfIdle, grace, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Queues an event. Returns false when the session has ended (the caller fails the recipient).
     * May terminate the session as a slow consumer, which fails the event too: when more than
     * {@code session.queue_limit} events wait for a connection to take them, or when the events not yet
     * written (waiting or in flight) cost more than {@code session.queue_bytes}. Events a live
     * connection has taken count only by bytes, so a burst to a browser that keeps reading is not
     * mistaken for a slow consumer, while one that stops reading is caught by the byte limit.
     */
    synchronized boolean offer(Event event, Delivery delivery, int index) {
        if (closed) {
            return false;
        }
        QueuedEvent e = new QueuedEvent(event, nextSeq++, delivery, index);
        if (delivery != null) {
            delivery.track(index, this, e);
        }
        pending.addLast(e);
        queuedBytes += cost(event);
        hub.stats().eventQueued();
        if (pending.size() > limits.queueLimit() || queuedBytes > limits.queueBytes()) {
            terminate(DisconnectReason.SLOW_CONSUMER);
            return true;
        }
        pump();
        return true;
    }

    /**
     * Queues an event addressed to this session alone (a Bayeux delivery to one client, a service reply).
     * Returns false when the session has ended. Subject to the slow-consumer limits like any event.
     */
    public boolean queue(Event event) {
        return offer(event, null, -1);
    }

    /** Takes {@code e} out of the queue if it has not been handed to a connection yet. */
    synchronized boolean withdraw(QueuedEvent e) {
        if (e.state != QueuedEvent.State.PENDING || !pending.remove(e)) {
            return false;
        }
        e.state = QueuedEvent.State.DONE;
        queuedBytes -= cost(e.event());
        hub.stats().eventFailed();
        lost(e);
        return true;
    }

    /**
     * {@code e} will never be written here: a browser resuming from an id before it must be told (reset)
     * rather than silently miss it. The ring entries after that id are still replayed after the reset.
     */
    private void lost(QueuedEvent e) {
        failedUpTo = Math.max(failedUpTo, e.seq());
    }

    /**
     * The deadline passed while {@code e}'s write was under way: a write that has not finished in
     * {@code event.deadline} is stuck behind a browser that stopped reading, so its connection is
     * aborted; the failed write then decides the recipient (it fails).
     */
    synchronized void abortStuckWrite(QueuedEvent e) {
        if (e.state == QueuedEvent.State.INFLIGHT && e.connection != null) {
            Connection c = e.connection;
            attached.remove(c);
            c.abort();
            startGraceIfIdle(c);
        }
    }

    /** A connection reports the end of a write it accepted. */
    public synchronized void written(Connection c, QueuedEvent e, boolean ok) {
        if (e.state != QueuedEvent.State.INFLIGHT || e.connection != c) {
            return; // a replay, or a connection that was already reclaimed
        }
        if (closed) {
            // Terminated as a slow consumer while this write was under way: the write decides.
            inflight.remove(e);
            e.connection = null;
            if (ok) {
                queuedBytes -= cost(e.event());
                hub.stats().eventWritten();
                e.state = QueuedEvent.State.DONE;
                e.resolve(true);
            } else {
                finish(e, false);
            }
            return;
        }
        if (!ok) {
            // The session stops using c, so it must neither hang open nor leave the session without a
            // grace timer when its transport never reports the close.
            if (attached.remove(c)) {
                c.close(null);
            }
            reclaim(c, true);
            startGraceIfIdle(c);
            pump();
            return;
        }
        inflight.remove(e);
        e.connection = null;
        if (c.resumable() && limits.replayLimit() > 0) {
            if (ring == null) {
                ring = new ArrayDeque<>(8);
            }
            ring.addLast(e);
            e.state = QueuedEvent.State.WRITTEN;
            while (ring.size() > limits.replayLimit()) {
                replayFloor = Math.max(replayFloor, ring.pollFirst().seq());
            }
        } else {
            replayFloor = Math.max(replayFloor, e.seq());
        }
        queuedBytes -= cost(e.event());
        hub.stats().eventWritten();
        if (e.state != QueuedEvent.State.WRITTEN) {
            e.state = QueuedEvent.State.DONE;
        }
        e.resolve(true);
    }

    /**
     * Moves the events in flight on {@code c} back to the head of the queue, in order; those out of
     * attempts or past their deadline fail instead.
     */
    private void reclaim(Connection c, boolean countAttempt) {
        reclaim(x -> x == c, countAttempt, false);
    }

    /**
     * Moves the events in flight on connections matching {@code which} back to the head of the queue,
     * in order. A copy past its deadline may not wait for another write: it fails, or, with
     * {@code leavePastDeadline}, stays with the write under way, which decides its recipient.
     */
    private void reclaim(java.util.function.Predicate<Connection> which, boolean countAttempt,
                         boolean leavePastDeadline) {
        if (inflight.isEmpty()) {
            return;
        }
        List<QueuedEvent> back = null;
        for (Iterator<QueuedEvent> it = inflight.iterator(); it.hasNext(); ) {
            QueuedEvent e = it.next();
            if (which.test(e.connection) && !(leavePastDeadline && e.pastDeadline())) {
                it.remove();
                if (back == null) {
                    back = new ArrayList<>();
                }
                back.add(e);
            }
        }
        if (back == null) {
            return;
        }
        for (int i = back.size() - 1; i >= 0; i--) {
            QueuedEvent e = back.get(i);
            e.connection = null;
            if ((countAttempt && ++e.attempts > hub.retryLimit()) || e.pastDeadline()) {
                finish(e, false);
            } else {
                e.state = QueuedEvent.State.PENDING;
                pending.addFirst(e);
            }
        }
    }

    /** Hands pending events to the attached connections while both exist. */
    private void pump() {
        while (!pending.isEmpty() && !attached.isEmpty()) {
            Connection c = attached.peekFirst();
            int limit = Math.min(c.batchLimit(), pending.size());
            List<QueuedEvent> batch;
            if (limit == 1) {
                batch = Collections.singletonList(pending.peekFirst());
            } else {
                batch = new ArrayList<>(limit);
                Iterator<QueuedEvent> it = pending.iterator();
                for (int i = 0; i < limit; i++) {
                    batch.add(it.next());
                }
            }
            int n = c.send(this, batch, false);
            if (n == Connection.REJECT_FIRST) {
                finish(pending.pollFirst(), false);
                continue;
            }
            for (int i = 0; i < n; i++) {
                QueuedEvent e = pending.pollFirst();
                e.state = QueuedEvent.State.INFLIGHT;
                e.connection = c;
                inflight.addLast(e);
            }
            if (c.oneShot() || n == 0 || !c.accepting()) {
                attached.remove(c);
                startGraceIfIdle(c);
            }
        }
    }

    private void finish(QueuedEvent e, boolean ok) {
        if (e.state == QueuedEvent.State.DONE) {
            return;
        }
        e.state = QueuedEvent.State.DONE;
        queuedBytes -= cost(e.event());
        if (!ok) {
            hub.stats().eventFailed();
            lost(e);
        }
        e.resolve(ok);
    }

    private synchronized void expireIfIdle() {
        graceTimer = null;
        if (!closed && attached.isEmpty()) {
            terminate(null);
        }
    }

    /**
     * Sends {@code c} its reconnect instruction if it is attached here (a route move of that one connection);
     * the session keeps its queue and waits for the browser as after any connection. Returns whether it was.
     */
    public synchronized boolean reconnect(Connection c) {
        if (!attached.remove(c)) {
            return false;
        }
        c.close(DisconnectReason.RECONNECT);
        startGraceIfIdle(c);
        return true;
    }

    /** Sends every attached connection its reconnect instruction (shutdown, route move). */
    public synchronized void reconnect() {
        Connection last = null;
        while (!attached.isEmpty()) {
            last = attached.pollFirst();
            // Writes already handed over are flushed before the reconnect instruction; they decide their
            // recipients (a failed one comes back to the queue through written()).
            last.close(DisconnectReason.RECONNECT);
        }
        if (last != null) {
            startGraceIfIdle(last); // the browser may never come back
        }
    }

    /**
     * Ends the session now: closes its connections with {@code reason} (null: silently), fails every
     * event not yet written and removes it from the hub, so the next connection starts a new session.
     * For {@link DisconnectReason#SLOW_CONSUMER} the writes already handed to the connection, which still
     * flushes them before its close notice, are decided by their outcome instead.
     */
    public synchronized void terminate(DisconnectReason reason) {
        if (closed) {
            return;
        }
        closed = true;
        endedBy = reason;
        hub.removed(this); // first, so a Failure reply never precedes the session's removal
        if (graceTimer != null) {
            graceTimer.cancel();
            graceTimer = null;
        }
        while (!attached.isEmpty()) {
            attached.pollFirst().close(reason);
        }
        // A slow consumer's connection still flushes the writes it accepted before its close notice, so
        // those are decided by their writes (a Failure must mean "not written"); the rest fail now.
        List<QueuedEvent> failed = new ArrayList<>();
        if (reason != DisconnectReason.SLOW_CONSUMER) {
            failed.addAll(inflight);
            inflight.clear();
        }
        failed.addAll(pending);
        pending.clear();
        ring = null;
        for (QueuedEvent e : failed) {
            finish(e, false);
        }
        if (reason == DisconnectReason.SLOW_CONSUMER) {
            hub.stats().slowConsumer();
        }
        Runnable end = onEnd;
        onEnd = null;
        if (end != null) {
            end.run();
        }
    }
}
