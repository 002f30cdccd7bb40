package org.orbited.webirc.helpdesk;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The messages visitors left, oldest first, until a helper marks each done. At most {@code offline.max}: a message
 * beyond that is refused ({@code helpdesk_full}), never one already left dropped. Used on the plugin's thread only.
 */
final class OfflineMessages {
    private final int max;
    private final Map<String, OfflineMessage> byId = new LinkedHashMap<>();
    private long bytes;

    OfflineMessages(int max) {
        this.max = max;
    }

    /** Refuses ({@code helpdesk_full}) when {@code offline.max} messages wait already. */
    void checkRoom() {
        if (byId.size() >= max) {
            throw new HelpDeskRefusal(HelpDeskCodes.FULL,
                    "the help desk cannot take more messages now; please try again later");
        }
    }

    /** Keeps {@code m}; refuses it when {@code offline.max} messages wait already. */
    void add(OfflineMessage m) {
        checkRoom();
        put(m);
    }

    private void put(OfflineMessage m) {
        byId.put(m.id(), m);
        bytes += TextBudget.of(m);
    }

    /** Puts back a message from the store, unless full; true when kept. */
    boolean restore(OfflineMessage m) {
        if (byId.size() >= max) {
            return false;
        }
        put(m);
        return true;
    }

    /** Removes a handled message; false when there was none with that id (already done). */
    boolean done(String id) {
        OfflineMessage m = byId.remove(id);
        if (m != null) {
            bytes -= TextBudget.of(m);
        }
        return m != null;
    }

    /** What the waiting messages cost against the text budget ({@link TextBudget}). */
    long bytes() {
        return bytes;
    }

    /** The newest {@code n} waiting messages, oldest first. */
    List<OfflineMessage> newest(int n) {
        List<OfflineMessage> all = all();
        return all.subList(Math.max(0, all.size() - n), all.size());
    }

    /** Every waiting message, oldest first (a copy). */
    List<OfflineMessage> all() {
        return List.copyOf(byId.values());
    }

    int size() {
        return byId.size();
    }
}
