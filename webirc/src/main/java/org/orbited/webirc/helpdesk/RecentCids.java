package org.orbited.webirc.helpdesk;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The last {@link #MAX} client-chosen ids ({@code cid}) of one speaker's lines and the message each became, so that
 * a line sent again after a reconnect (the widget could not know whether the first try arrived) is answered with the
 * original message instead of being said twice. One per visitor, and one per helper per conversation. Memory only
 * (a restart forgets them). Used on the plugin's thread only.
 */
final class RecentCids {
    /** How many cids one speaker's memory keeps. */
    static final int MAX = 64;
    private static final Pattern CID = Pattern.compile("[A-Za-z0-9_-]{1,32}");

    private final Map<String, Message> byCid = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Message> eldest) {
            return size() > MAX;
        }
    };

    /** The request's {@code cid}: null when absent; refused ({@code helpdesk_bad_data}) when not 1-32 of {@code [A-Za-z0-9_-]}. */
    static String parse(JsonNode data) {
        String cid = HelpDeskJson.string(data, "cid", false);
        if (cid != null && !CID.matcher(cid).matches()) {
            throw new HelpDeskRefusal(HelpDeskCodes.BAD_DATA, "cid must be 1-32 letters, digits, '_' or '-'");
        }
        return cid;
    }

    /** The message a line with {@code cid} became, or null (never seen, forgotten, or no cid). */
    Message get(String cid) {
        return cid == null ? null : byCid.get(cid);
    }

    /** Remembers that the line with {@code cid} became {@code m} (nothing without a cid). */
    void put(String cid, Message m) {
        if (cid != null) {
            byCid.put(cid, m);
        }
    }
}
