package org.orbited.bridge.xmpp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import org.jxmpp.jid.EntityBareJid;
import org.orbited.bridge.common.BridgeEvent;

/**
 * One room the occupant wants to be in because browsers subscribed to it ({@link XmppRelay}): its join state, what
 * it knows of the room (occupants with their names prefix and presence, the subject, the last {@code history.max}
 * messages), who subscribed and who still waits for its welcome, the lines held until the join, and its timers
 * (leave after {@code join.grace}, rejoin, the end of the join's history). One future of each timer at most.
 *
 * <p>Plugin thread only. Bounded: occupants by the room, subscribers by the node's clients, history by
 * {@code history.max}, held lines by {@code flood.queue}.
 */
final class RoomState {
    /** Where the occupant is with this room. */
    enum State {
        /** Not joined: a join is due or sent (first subscriber, after a reconnect or a kick): lines are held. */
        JOINING,
        /** Our own presence came back: the room's history and subject are arriving; lines are held. */
        HISTORY,
        /** In the room, history received: lines go out. */
        JOINED,
        /** The room refused the join: lines are refused. */
        REFUSED
    }

    /** An occupant as the names list shows it. */
    record Member(String prefix, String show, String status) {
    }

    /** A message kept for late subscribers: its dedup key and JSON (without {@code history}). */
    record Kept(String key, ObjectNode json) {
    }

    final String room;
    final String bayeux;
    final EntityBareJid jid;
    State state = State.JOINING;
    /** The nick asked for in this room now (the configured one, or a fallback after a conflict). */
    String nick;
    /** Fallback number used for {@link #nick} (0: the configured nick). */
    int nickFallback;
    /** Why the room refused the join (REFUSED). */
    String refusal;
    /** Consecutive rejoins after a kick or failed join (for the backoff). */
    int rejoins;
    /** A join was handed to the link and has not been answered yet. */
    boolean joinInFlight;
    /** Whether a join completed since the room became wanted (the next one is a rejoin). */
    boolean everJoined;
    final Map<String, Member> members = new LinkedHashMap<>();
    String topic;
    String topicSetter;
    private final int historyMax;
    private final ArrayDeque<Kept> history = new ArrayDeque<>();
    private final Set<String> historyKeys = new HashSet<>();
    /** Items of history new to us, received during a rejoin: current subscribers get them once. */
    final List<Kept> gap = new ArrayList<>();
    /** Subscribed clients (concrete subscriptions of this room's channel). */
    final Set<String> subscribers = new LinkedHashSet<>();
    /** Subscribers that have not had names, topic and history yet. */
    final Set<String> awaiting = new LinkedHashSet<>();
    /** Lines waiting for the join. */
    final List<RelayedLines.Line> held = new ArrayList<>();
    private ScheduledFuture<?> partTimer;
    private ScheduledFuture<?> rejoinTimer;
    private ScheduledFuture<?> welcomeTimer;

    RoomState(String room, String bayeux, EntityBareJid jid, String nick, int historyMax) {
        this.room = Objects.requireNonNull(room);
        this.bayeux = bayeux;
        this.jid = jid;
        this.nick = nick;
        this.historyMax = historyMax;
    }

    /** Forgets the occupants (the link dropped or we left); subject and history are kept for late subscribers. */
    void leftRoom() {
        members.clear();
        gap.clear();
    }

    /** Keeps {@code json} (a message, action or notice) for late subscribers; false when its key is known already. */
    boolean keep(String key, ObjectNode json) {
        if (historyMax == 0) {
            return true;  // nothing kept, nothing to compare with
        }
        if (!historyKeys.add(key)) {
            return false;
        }
        history.addLast(new Kept(key, json));
        while (history.size() > historyMax) {
            historyKeys.remove(history.removeFirst().key());
        }
        return true;
    }

    /** Whether {@code key} is in the kept history. */
    boolean isKept(String key) {
        return historyKeys.contains(key);
    }

    /** The kept history, oldest first, each marked {@code "history": true}. */
    List<ObjectNode> history() {
        List<ObjectNode> out = new ArrayList<>(history.size());
        for (Kept k : history) {
            out.add(k.json().deepCopy().put("history", true));
        }
        return out;
    }

    /**
     * The {@code names} event: members with their prefixes, in join order (IRC's shape), and {@code roles}: each
     * member's exact nick to its prefix ({@code ""} for none), in the same order. XMPP nicks may start with
     * {@code ~ & @ +} themselves, so {@code "@bob"} in {@code names} may be moderator {@code bob} or plain
     * {@code @bob}; {@code roles} tells them apart. {@code self} is the occupant's own nick in the room.
     */
    ObjectNode names(Instant time) {
        List<String> names = new ArrayList<>(members.size());
        members.forEach((n, m) -> names.add(m.prefix() + n));
        ObjectNode json = BridgeEvent.names(room, names, nick, time).toJson();
        ObjectNode roles = json.putObject("roles");
        members.forEach((n, m) -> roles.put(n, m.prefix()));
        return json;
    }

    /** The {@code topic} event, or null when the room has no subject. */
    ObjectNode topic(Instant time) {
        return topic == null || topic.isEmpty() ? null
                : BridgeEvent.of(BridgeEvent.Type.TOPIC, room, topicSetter, topic, time).toJson();
    }

    /** Takes the held lines out (they go to the flood queues or fail). */
    List<RelayedLines.Line> takeHeld() {
        List<RelayedLines.Line> out = new ArrayList<>(held);
        held.clear();
        return out;
    }

    void partTimer(ScheduledFuture<?> next) {
        cancelPart();
        partTimer = next;
    }

    void cancelPart() {
        partTimer = cancel(partTimer);
    }

    void rejoinTimer(ScheduledFuture<?> next) {
        cancelRejoin();
        rejoinTimer = next;
    }

    void cancelRejoin() {
        rejoinTimer = cancel(rejoinTimer);
    }

    void welcomeTimer(ScheduledFuture<?> next) {
        cancelWelcome();
        welcomeTimer = next;
    }

    void cancelWelcome() {
        welcomeTimer = cancel(welcomeTimer);
    }

    void cancelAll() {
        cancelPart();
        cancelRejoin();
        cancelWelcome();
    }

    private static ScheduledFuture<?> cancel(ScheduledFuture<?> f) {
        if (f != null) {
            f.cancel(false);
        }
        return null;
    }
}
