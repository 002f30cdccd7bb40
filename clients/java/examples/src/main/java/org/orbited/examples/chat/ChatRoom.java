package org.orbited.examples.chat;

import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.orbited.client.Key;
import org.orbited.client.OrbitClient;
import org.orbited.client.Recipient;
import org.orbited.client.SendResult;

/**
 * The chat's state and its pushes. Every member is a browser connected to the node as the key
 * {@code (name, token, /chat)}, where the token is 128 random bits known only to that browser, so
 * nobody can listen in as someone else.
 *
 * <p>Why keys and not a channel: the per-key results tell the app who is really there. A newcomer
 * is announced only once the node has delivered its {@code welcome} event (the join is retried until
 * the browser has connected), and a member whose key fails on a broadcast (its session expired: the
 * tab closed without saying goodbye) is dropped and its departure announced, as CherryChat did.
 *
 * <p>Thread-safe: HTTP handler threads and client callbacks meet on this object's monitor; pushes are
 * sent outside it.
 */
final class ChatRoom {
    /** The comet location the page opens; the node's {@code [proxy]} maps it to {@code ORBITED}. */
    static final String LOCATION = "/chat";
    private static final int HISTORY = 50;
    private static final int WELCOME_TRIES = 60;
    private static final long WELCOME_RETRY_MILLIS = 250;

    /** A joined (or joining) user. */
    record Member(String name, String token) {
        Key key() {
            return Key.of(name, token, LOCATION);
        }
    }

    /** A user error the HTTP layer turns into a 4xx answer. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        final int status;

        Refused(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    private final OrbitClient orbit;
    private final ScheduledExecutorService timer;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Member> members = new LinkedHashMap<>(); // announced
    private final Map<String, Member> joining = new LinkedHashMap<>(); // waiting for their browser
    private final Deque<Map<String, Object>> history = new ArrayDeque<>();
    private long said; // messages ever said, to find what a newcomer missed while joining

    ChatRoom(OrbitClient orbit, ScheduledExecutorService timer) {
        this.orbit = orbit;
        this.timer = timer;
    }

    /** Reserves {@code name} and starts welcoming its browser; returns the member with its token. */
    Member join(String rawName) throws Refused {
        String name = rawName == null ? "" : rawName.strip();
        if (name.isEmpty() || name.length() > 24 || !name.matches("[\\p{L}\\p{N} _.\\-]+")) {
            throw new Refused(400, "pick a name of 1-24 letters, digits, spaces, _ . or -");
        }
        byte[] bits = new byte[16];
        random.nextBytes(bits);
        Member m = new Member(name, Base64.getUrlEncoder().withoutPadding().encodeToString(bits));
        synchronized (this) {
            if (members.containsKey(name) || joining.containsKey(name)) {
                throw new Refused(409, "the name " + name + " is taken");
            }
            joining.put(name, m);
        }
        welcome(m, 1);
        return m;
    }

    /** Pushes {@code text} from the member {@code name} to everybody. */
    void say(String name, String token, String text) throws Refused {
        if (text == null || text.isBlank() || text.length() > 500) {
            throw new Refused(400, "a message has 1-500 characters");
        }
        Map<String, Object> event;
        List<Member> to;
        synchronized (this) {
            requireMember(name, token);
            event = Map.of("type", "say", "name", name, "text", text, "at", System.currentTimeMillis());
            history.addLast(event);
            if (history.size() > HISTORY) {
                history.removeFirst();
            }
            said++;
            to = List.copyOf(members.values());
        }
        broadcast(to, event);
    }

    /** Removes the member and tells everybody. */
    void leave(String name, String token) throws Refused {
        synchronized (this) {
            requireMember(name, token);
            members.remove(name);
        }
        announce("leave", name);
    }

    private void requireMember(String name, String token) throws Refused {
        Member m = members.get(name);
        if (m == null || !m.token().equals(token)) {
            throw new Refused(403, "not a member: join first");
        }
    }

    /**
     * Sends the newcomer the member list and recent history until its browser has connected (the node
     * fails a key with no session at once), then announces it.
     */
    private void welcome(Member m, int attempt) {
        Map<String, Object> event;
        long seen;
        synchronized (this) {
            seen = said;
            event = Map.of("type", "welcome", "name", m.name(), "members", names(m.name()), "history", List.copyOf(history));
        }
        orbit.sendJson(List.of(m.key()), event).whenComplete((r, e) -> {
            if (e == null && r.ok()) {
                admit(m, seen);
            } else if (attempt < WELCOME_TRIES) {
                timer.schedule(() -> welcome(m, attempt + 1), WELCOME_RETRY_MILLIS, TimeUnit.MILLISECONDS);
            } else {
                synchronized (this) {
                    joining.remove(m.name(), m);
                }
            }
        });
    }

    private void admit(Member m, long seen) {
        List<Map<String, Object>> missed;
        synchronized (this) {
            if (joining.remove(m.name()) != m) {
                return;
            }
            members.put(m.name(), m);
            List<Map<String, Object>> all = new ArrayList<>(history);
            int fresh = (int) Math.min(said - seen, all.size());
            missed = all.subList(all.size() - fresh, all.size());
        }
        for (Map<String, Object> e : missed) { // said between the welcome and now
            orbit.sendJson(List.of(m.key()), e);
        }
        announce("join", m.name());
    }

    private void announce(String type, String name) {
        List<Member> to;
        Map<String, Object> event;
        synchronized (this) {
            to = List.copyOf(members.values());
            event = Map.of("type", type, "name", name, "members", names(null));
        }
        broadcast(to, event);
    }

    /** One request to every member's key; members the node could not reach are gone. */
    private void broadcast(List<Member> to, Map<String, Object> event) {
        if (to.isEmpty()) {
            return;
        }
        List<Recipient> keys = to.stream().map(m -> (Recipient) m.key()).toList();
        orbit.sendJson(keys, event).thenAccept((SendResult r) -> {
            for (Recipient gone : r.failed()) {
                Key k = (Key) gone;
                boolean removed;
                synchronized (this) {
                    Member m = members.get(k.user());
                    removed = m != null && m.key().equals(k) && members.remove(k.user(), m);
                }
                if (removed) {
                    announce("leave", k.user());
                }
            }
        });
    }

    private List<String> names(String plus) {
        List<String> out = new ArrayList<>(members.keySet());
        if (plus != null && !out.contains(plus)) {
            out.add(plus);
        }
        return out;
    }
}
