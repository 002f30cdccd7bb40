package org.orbited.bridge.irc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The personal services' request data and replies ({@link PersonalSessions}, {@link SayService}): a text field of a
 * request, a private message request checked and split into lines, and the {@code {"ok": false, "code": ...}}
 * failure reply. Pure: no state, any thread.
 */
final class PersonalRequests {
    static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private PersonalRequests() {
    }

    /** What a personal publication becomes: its pieces (each one line) and whether it is an action. */
    record Personal(List<String> pieces, boolean action) {
    }

    /**
     * Checks and splits a private message request: {@code {"text": "..."}}, {@code {"text": "...", "type":
     * "action"}} or {@code {"action": "..."}}, under the line budget of {@code nick} on {@code target}. Pure.
     */
    static Personal lines(JsonNode data, String nick, String target) throws RelayMessage.Refused {
        String action = text(data, "action");
        String text = action != null ? action : text(data, "text");
        boolean isAction = action != null || "action".equals(text(data, "type"));
        if (!data.isObject() || text == null) {
            throw new RelayMessage.Refused("irc_bad_data", "{\"to\": \"nick\", \"text\": \"...\"}");
        }
        return split(text, isAction, nick, target);
    }

    /** Checks and splits {@code text} under the line budget of {@code nick} speaking to {@code target}. */
    static Personal split(String text, boolean action, String nick, String target) throws RelayMessage.Refused {
        try {
            return new Personal(IrcText.split(text, LineBudget.forSender(nick, null, null, target),
                    RelayMessage.MAX_LINES), action);
        } catch (IrcTextException e) {
            throw new RelayMessage.Refused(e.reason().code(), e.getMessage());
        }
    }

    /** A failure reply: {@code ok} false, {@code code}, {@code message}, and {@code suggestion} unless null. */
    static ObjectNode failure(String code, String message, String suggestion) {
        ObjectNode o = JSON.objectNode().put("ok", false).put("code", code).put("message", message);
        if (suggestion != null) {
            o.put("suggestion", suggestion);
        }
        return o;
    }

    /** {@code data}'s text field {@code key}, or null when absent or not text. */
    static String text(JsonNode data, String key) {
        JsonNode v = data == null ? null : data.get(key);
        return v != null && v.isTextual() ? v.asText() : null;
    }
}
