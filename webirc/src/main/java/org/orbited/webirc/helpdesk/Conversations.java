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
 * Every conversation, by id and by visitor and desk (one per visitor per desk). The limits ({@code conversations.max},
 * the text budget) are kept by {@link Room}, which removes conversations to make room. Open conversations whose
 * visitor has been gone for {@code conversation.idle} are closed by {@link #closeIdle}. Used on the plugin's thread
 * only.
 */
final class Conversations {
    private final Map<String, Conversation> byId = new HashMap<>();
    private final Map<String, Map<String, Conversation>> byVisitor = new HashMap<>();  // visitor -> desk -> c

    Optional<Conversation> get(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** The conversation of {@code visitorId} at {@code desk}, if there is one. */
    Optional<Conversation> of(String visitorId, String desk) {
        return Optional.ofNullable(byVisitor.getOrDefault(visitorId, Map.of()).get(desk));
    }

    /** The visitor's conversations, one per desk. */
    Collection<Conversation> ofVisitor(String visitorId) {
        return List.copyOf(byVisitor.getOrDefault(visitorId, Map.of()).values());
    }

    /** Whether the visitor has a conversation at some desk. */
    boolean hasAny(String visitorId) {
        return byVisitor.containsKey(visitorId);
    }

    /** A new conversation for a visitor that has none at {@code desk} (the caller made room: {@link Room}). */
    Conversation start(String visitorId, String desk, String name, Instant now) {
        Conversation c = new Conversation(Ids.id('c'), desk, visitorId, name, now);
        put(c);
        return c;
    }

    /** Puts back a conversation from the store. */
    void restore(Conversation c) {
        put(c);
    }

    /**
     * Closes the open conversations whose last line is older than {@code idle} and whose visitor is not
     * {@code online}; returns them. Zero {@code idle}: none.
     */
    List<Conversation> closeIdle(Instant now, Duration idle, Predicate<Conversation> online) {
        if (idle.isZero()) {
            return List.of();
        }
        Instant before = now.minus(idle);
        List<Conversation> stale = byId.values().stream()
                .filter(c -> !c.closed() && c.last().isBefore(before) && !online.test(c)).toList();
        stale.forEach(Conversation::close);
        return stale;
    }

    /** Every conversation, the latest line first. */
    List<Conversation> newestFirst() {
        return byId.values().stream().sorted(Comparator.comparing(Conversation::last).reversed()).toList();
    }

    Collection<Conversation> all() {
        return byId.values();
    }

    int size() {
        return byId.size();
    }

    private void put(Conversation c) {
        byId.put(c.id(), c);
        byVisitor.computeIfAbsent(c.visitorId(), v -> new HashMap<>()).put(c.desk(), c);
    }

    void remove(Conversation c) {
        byId.remove(c.id());
        Map<String, Conversation> desks = byVisitor.get(c.visitorId());
        if (desks != null) {
            desks.remove(c.desk());
            if (desks.isEmpty()) {
                byVisitor.remove(c.visitorId());
            }
        }
    }
}
