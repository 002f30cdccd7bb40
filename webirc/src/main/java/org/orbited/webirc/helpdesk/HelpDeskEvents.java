package org.orbited.webirc.helpdesk;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The events the desk delivers on {@link #CHANNEL} to one client at a time (docs/webirc.md "Local mode: the help
 * desk", "Events"). To a visitor's clients: {@code message}, {@code typing}, {@code helpers}, {@code closed}. To
 * every signed-in helper: {@code conversation}, {@code conversation-removed}, {@code message}, {@code typing},
 * {@code offline}, {@code offline-done}, {@code helpers}. Stateless, any thread.
 */
final class HelpDeskEvents {
    /** Where events are delivered (to one client each, never broadcast). */
    static final String CHANNEL = "/service/helpdesk/events";

    private HelpDeskEvents() {
    }

    private static ObjectNode event(String type) {
        return HelpDeskJson.JSON.objectNode().put("type", type);
    }

    /** To a visitor: {@code {type:"message", message}}. */
    static ObjectNode visitorMessage(Message m) {
        ObjectNode e = event("message");
        e.set("message", HelpDeskJson.message(m));
        return e;
    }

    /** To a visitor: {@code {type:"typing", name, typing}} (a helper types). */
    static ObjectNode visitorTyping(String helperName, boolean typing) {
        return event("typing").put("name", helperName).put("typing", typing);
    }

    /** To a visitor: {@code {type:"closed"}} (a helper or another of the visitor's tabs ended the conversation). */
    static ObjectNode closed(String conversationId) {
        return event("closed").put("conversation", conversationId);
    }

    /** To visitors and helpers: {@code {type:"helpers", online, names}}. */
    static ObjectNode helpers(List<String> names) {
        return event("helpers").setAll(HelpDeskJson.helpers(names));
    }

    /** To helpers: {@code {type:"conversation", conversation: summary}} (new or changed). */
    static ObjectNode conversation(Conversation c, boolean online) {
        ObjectNode e = event("conversation");
        e.set("conversation", HelpDeskJson.summary(c, online));
        return e;
    }

    /** To helpers: {@code {type:"conversation-removed", conversation}} (removed to make room: gone for good). */
    static ObjectNode conversationRemoved(String conversationId) {
        return event("conversation-removed").put("conversation", conversationId);
    }

    /** To helpers: {@code {type:"message", conversation, message}}. */
    static ObjectNode helperMessage(String conversationId, Message m) {
        ObjectNode e = event("message").put("conversation", conversationId);
        e.set("message", HelpDeskJson.message(m));
        return e;
    }

    /** To helpers: {@code {type:"typing", conversation, name, typing}} (the visitor types). */
    static ObjectNode helperTyping(String conversationId, String visitorName, boolean typing) {
        return event("typing").put("conversation", conversationId).put("name", visitorName).put("typing", typing);
    }

    /** To helpers: {@code {type:"offline", offline}}. */
    static ObjectNode offline(OfflineMessage m) {
        ObjectNode e = event("offline");
        e.set("offline", HelpDeskJson.offline(m));
        return e;
    }

    /** To helpers: {@code {type:"offline-done", id}}. */
    static ObjectNode offlineDone(String id) {
        return event("offline-done").put("id", id);
    }
}
