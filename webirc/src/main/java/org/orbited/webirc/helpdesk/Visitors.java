package org.orbited.webirc.helpdesk;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Every visitor the desk knows, and which visitor (and desk) each Bayeux client said hello as. At most
 * {@code visitors.max}: to make room for a new one, the visitor seen longest ago that has no client and no
 * conversation is forgotten; when there is none, a new visitor is refused ({@code helpdesk_full}). Visitors without
 * a client or conversation are also forgotten after {@link #IDLE} (the widget then gets a new id at its next hello).
 * Used on the plugin's thread only.
 */
final class Visitors {
    /** How long a visitor without clients and conversation is remembered. */
    static final Duration IDLE = Duration.ofHours(1);

    private final int max;
    private final Map<String, Visitor> byId = new HashMap<>();
    private final Map<String, Visitor> byClient = new HashMap<>();

    Visitors(int max) {
        this.max = max;
    }

    /** The visitor {@code id} if {@code key} is its key; empty for an unknown id or a wrong key. */
    Optional<Visitor> resume(String id, String key) {
        Visitor v = id == null || key == null ? null : byId.get(id);
        return v != null && v.hasKey(key) ? Optional.of(v) : Optional.empty();
    }

    /**
     * A new visitor with {@code key}, making room first.
     *
     * @param keep visitors that must not be forgotten to make room (those with a conversation)
     */
    Visitor create(String key, String name, Instant now, Predicate<Visitor> keep) {
        if (byId.size() >= max) {
            Visitor oldest = byId.values().stream().filter(v -> !v.hasClients() && !keep.test(v))
                    .min(Comparator.comparing(Visitor::lastSeen))
                    .orElseThrow(() -> new HelpDeskRefusal(HelpDeskCodes.FULL,
                            "the help desk has too many visitors now; try again later"));
            byId.remove(oldest.id());
        }
        Visitor v = new Visitor(Ids.id('v'), Ids.hash(key), name, now);
        byId.put(v.id(), v);
        return v;
    }

    /** Puts back a visitor from the store. */
    void restore(Visitor v) {
        byId.put(v.id(), v);
    }

    /** Makes {@code clientId} a client of {@code v} at {@code desk} (after unbinding it from whoever had it). */
    void bind(String clientId, Visitor v, String desk) {
        v.bind(clientId, desk);
        byClient.put(clientId, v);
    }

    /** Removes the client; returns its former visitor, if any. */
    Optional<Visitor> unbind(String clientId) {
        Visitor v = byClient.remove(clientId);
        if (v != null) {
            v.unbind(clientId);
        }
        return Optional.ofNullable(v);
    }

    /** The visitor client {@code clientId} said hello as. */
    Optional<Visitor> ofClient(String clientId) {
        return Optional.ofNullable(byClient.get(clientId));
    }

    Optional<Visitor> get(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** Forgets visitors without clients, not kept by {@code keep}, not seen for {@link #IDLE}; returns how many. */
    int forgetIdle(Instant now, Predicate<Visitor> keep) {
        Instant before = now.minus(IDLE);
        List<Visitor> idle = byId.values().stream()
                .filter(v -> !v.hasClients() && !keep.test(v) && v.lastSeen().isBefore(before)).toList();
        idle.forEach(v -> byId.remove(v.id()));
        return idle.size();
    }

    /** Every client id bound to a visitor. */
    Collection<String> clientIds() {
        return List.copyOf(byClient.keySet());
    }

    Collection<Visitor> all() {
        return byId.values();
    }

    int size() {
        return byId.size();
    }
}
