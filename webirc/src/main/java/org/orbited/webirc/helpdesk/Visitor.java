package org.orbited.webirc.helpdesk;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A visitor: an id and a secret key (kept by the widget in the site's localStorage; the desk keeps only the key's
 * hash), a name, and the Bayeux clients (tabs) that said hello as this visitor, each at one desk. Mutable; used on
 * the plugin's thread only.
 */
final class Visitor {
    /** The most clients (tabs) one visitor has at once. */
    static final int MAX_CLIENTS = 8;

    private final String id;
    private final String keyHash;
    private final Map<String, String> clients = new LinkedHashMap<>();  // clientId -> desk
    private String name;
    private String page;
    private String lang;
    private Instant lastSeen;
    private RateBucket lines;
    /** The cids of the visitor's recent lines ({@code helpdesk/say}). */
    final RecentCids cids = new RecentCids();

    Visitor(String id, String keyHash, String name, Instant lastSeen) {
        this.id = Objects.requireNonNull(id, "id");
        this.keyHash = Objects.requireNonNull(keyHash, "keyHash");
        this.name = Objects.requireNonNull(name, "name");
        this.lastSeen = Objects.requireNonNull(lastSeen, "lastSeen");
    }

    /** Whether {@code key} is this visitor's key (constant time). */
    boolean hasKey(String key) {
        return Ids.matchesHash(key, keyHash);
    }

    /** Takes a token from the visitor's line bucket ({@code visitor.rate} per 10 s, shared by all its tabs). */
    boolean takeLine(int rate, Instant now) {
        if (lines == null) {
            lines = new RateBucket(rate, now.toEpochMilli());
        }
        return lines.take(now.toEpochMilli());
    }

    void bind(String clientId, String desk) {
        clients.put(clientId, desk);
    }

    /** Removes a client; returns its desk, or null when it was not this visitor's. */
    String unbind(String clientId) {
        return clients.remove(clientId);
    }

    /** The desk client {@code clientId} said hello at, or null when it is not this visitor's. */
    String deskOf(String clientId) {
        return clients.get(clientId);
    }

    /** The visitor's clients at {@code desk}. */
    Set<String> clientsAt(String desk) {
        Set<String> out = new java.util.LinkedHashSet<>();
        clients.forEach((c, d) -> {
            if (d.equals(desk)) {
                out.add(c);
            }
        });
        return out;
    }

    /** Every client id of this visitor (a copy). */
    Set<String> clients() {
        return Set.copyOf(clients.keySet());
    }

    /** The client that said hello first of those it has now (null: none). */
    String oldestClient() {
        return clients.isEmpty() ? null : clients.keySet().iterator().next();
    }

    boolean hasClients() {
        return !clients.isEmpty();
    }

    void seen(Instant now) {
        lastSeen = now;
    }

    void rename(String newName) {
        name = Objects.requireNonNull(newName, "name");
    }

    /** Where the visitor is now (from its latest hello); kept on the conversation it starts. */
    void visiting(String newPage, String newLang) {
        if (newPage != null) {
            page = newPage;
        }
        if (newLang != null) {
            lang = newLang;
        }
    }

    String page() { return page; }
    String lang() { return lang; }
    String id() { return id; }
    String keyHash() { return keyHash; }
    String name() { return name; }
    Instant lastSeen() { return lastSeen; }
}
