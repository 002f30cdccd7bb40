package org.orbited.webirc.helpdesk;

import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the store keeps, as an immutable snapshot: the visitors that have a conversation (id, key hash, name),
 * the conversations with their kept lines, and the offline messages. {@link #of} is taken on the plugin's thread
 * (cheap: lines are immutable and shared); the snapshot is then written on the store's own thread.
 */
record StoreData(List<StoredVisitor> visitors, List<Conversation.Stored> conversations, List<OfflineMessage> offline) {
    static final StoreData EMPTY = new StoreData(List.of(), List.of(), List.of());

    StoreData {
        visitors = List.copyOf(visitors);
        conversations = List.copyOf(conversations);
        offline = List.copyOf(offline);
    }

    /** A visitor as stored: never the key itself, only its SHA-256 hash. */
    record StoredVisitor(String id, String keyHash, String name, Instant lastSeen) {
        StoredVisitor {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(keyHash, "keyHash");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(lastSeen, "lastSeen");
        }
    }

    /** The desk's state now (on the plugin's thread). */
    static StoreData of(Desk desk) {
        List<StoredVisitor> visitors = desk.visitors.all().stream().filter(v -> desk.conversations.hasAny(v.id()))
                .map(v -> new StoredVisitor(v.id(), v.keyHash(), v.name(), v.lastSeen())).toList();
        List<Conversation.Stored> conversations = desk.conversations.all().stream().map(Conversation::snapshot)
                .toList();
        return new StoreData(visitors, conversations, desk.offline.all());
    }

    /**
     * Puts this state into an empty desk, within its limits: the conversations with the latest lines
     * ({@code conversations.max}), the last {@code history.max} lines of each, the newest {@code offline.max}
     * offline messages; a conversation whose visitor is missing is skipped. Returns how many entries were left out.
     */
    int applyTo(Desk desk) {
        HelpDeskOptions o = desk.options;
        Map<String, StoredVisitor> byId = new HashMap<>();
        visitors.forEach(v -> byId.put(v.id(), v));
        List<Conversation.Stored> kept = conversations.stream().filter(c -> byId.containsKey(c.visitorId()))
                .sorted(Comparator.comparing(Conversation.Stored::last).reversed()).limit(o.conversationsMax())
                .toList();
        int left = conversations.size() - kept.size();
        for (Conversation.Stored c : kept) {
            if (desk.visitors.get(c.visitorId()).isEmpty()) {
                StoredVisitor v = byId.get(c.visitorId());
                desk.visitors.restore(new Visitor(v.id(), v.keyHash(), v.name(), v.lastSeen()));
            }
            desk.conversations.restore(Conversation.restore(c, o.historyMax()));
        }
        List<OfflineMessage> newest = offline.subList(Math.max(0, offline.size() - o.offlineMax()), offline.size());
        newest.forEach(desk.offline::restore);
        desk.room.recount();
        return left + offline.size() - newest.size();
    }
}
