package org.orbited.webirc.helpdesk;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Keeps the desk within its limits without letting anyone lock it: {@code conversations.max} conversations, the
 * text budget {@code store.max_bytes} (every kept line and offline message, {@link TextBudget}) and
 * {@code address.conversations} open conversations per client address. To make room it removes, oldest last line
 * first, a conversation no helper answered whose visitor is offline, else a closed one; helpers get
 * {@code {type:"conversation-removed", conversation}}. Only when nothing can go is the request refused
 * ({@code helpdesk_full}); an offline message is never removed to make room. Used on the plugin's thread only.
 */
final class Room {
    private final Desk desk;
    private long used;

    Room(Desk desk) {
        this.desk = desk;
    }

    /** Bytes of the budget in use. */
    long used() {
        return used;
    }

    /** Counts the budget again from what the desk holds (after the store was loaded). */
    void recount() {
        used = desk.offline.bytes() + desk.conversations.all().stream().mapToLong(Conversation::bytes).sum();
    }

    /** Makes room for one more conversation (removing one when the desk has {@code conversations.max}). */
    void forConversation() {
        if (desk.conversations.size() >= desk.options.conversationsMax()) {
            evict(victim(null).orElseThrow(() -> full("too many open conversations")));
        }
    }

    /** Makes room for {@code need} more bytes of text, never removing {@code keep} (null: none to keep). */
    void forBytes(long need, Conversation keep) {
        int bound = desk.conversations.size();
        while (used + need > desk.options.storeMaxBytes() && bound-- >= 0) {
            evict(victim(keep).orElseThrow(() -> full("too much text kept")));
        }
    }

    /** Adds a line to {@code c} within the budget. */
    void addLine(Conversation c, Message m) {
        forBytes(TextBudget.of(m), c);
        used += c.add(m, desk.options.historyMax());
    }

    /** Keeps an offline message within {@code offline.max} and the budget. */
    void addOffline(OfflineMessage m) {
        desk.offline.checkRoom();
        forBytes(TextBudget.of(m), null);
        desk.offline.add(m);
        used += TextBudget.of(m);
    }

    /** Removes a handled offline message; false when it was gone already. */
    boolean offlineDone(String id) {
        long before = desk.offline.bytes();
        boolean done = desk.offline.done(id);
        used -= before - desk.offline.bytes();
        return done;
    }

    /**
     * {@code keep} (just started or reopened from {@code address}) counts against the address's open conversations:
     * beyond {@code address.conversations}, the address's oldest open conversations no helper answered are closed.
     */
    void capAddress(String address, Conversation keep) {
        int cap = desk.options.addressConversations();
        keep.from(address);
        if (cap == 0) {
            return;
        }
        List<Conversation> others = desk.conversations.all().stream()
                .filter(c -> c != keep && !c.closed() && address.equals(c.address())).toList();
        List<Conversation> closable = others.stream().filter(c -> c.helper() == null)
                .sorted(Comparator.comparing(Conversation::started)).toList();
        for (int i = 0; i < closable.size() && others.size() - i >= cap; i++) {
            Conversation c = closable.get(i);
            c.close();
            desk.conversationChanged(c);
            desk.visitors.get(c.visitorId()).ifPresent(v -> desk.toVisitor(v, c.desk(), HelpDeskEvents.closed(c.id())));
        }
    }

    /** The conversation to remove first: unanswered with its visitor offline, else closed; oldest last line first. */
    private Optional<Conversation> victim(Conversation keep) {
        Comparator<Conversation> oldest = Comparator.comparing(Conversation::last);
        Optional<Conversation> unanswered = desk.conversations.all().stream()
                .filter(c -> c != keep && c.helper() == null && !desk.online(c)).min(oldest);
        return unanswered.isPresent() ? unanswered
                : desk.conversations.all().stream().filter(c -> c != keep && c.closed()).min(oldest);
    }

    private void evict(Conversation c) {
        desk.conversations.remove(c);
        used -= c.bytes();
        desk.changed();
        desk.toHelpers(HelpDeskEvents.conversationRemoved(c.id()));
    }

    private static HelpDeskRefusal full(String why) {
        return new HelpDeskRefusal(HelpDeskCodes.FULL,
                "the help desk is full (" + why + "); please leave a message or try again later");
    }
}
