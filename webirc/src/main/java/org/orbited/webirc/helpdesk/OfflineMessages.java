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

    OfflineMessages(int max) {
        this.max = max;
    }

    /** Keeps {@code m}; refuses it when {@code offline.max} messages wait already. */
    void add(OfflineMessage m) {
        if (byId.size() >= max) {
            throw new HelpDeskRefusal(HelpDeskCodes.FULL,
                    "the help desk cannot take more messages now; please try again later");
        }
        byId.put(m.id(), m);
    }

    /** Puts back a message from the store, unless full; true when kept. */
    boolean restore(OfflineMessage m) {
        if (byId.size() >= max) {
            return false;
        }
        byId.put(m.id(), m);
        return true;
    }

    /** Removes a handled message; false when there was none with that id (already done). */
    boolean done(String id) {
        return byId.remove(id) != null;
    }

    /** Every waiting message, oldest first (a copy). */
    List<OfflineMessage> all() {
        return List.copyOf(byId.values());
    }

    int size() {
        return byId.size();
    }
}
