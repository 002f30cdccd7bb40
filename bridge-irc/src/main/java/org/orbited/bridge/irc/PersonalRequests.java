package org.orbited.bridge.irc;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.orbited.bridge.common.FloodQueueFullException;
import org.orbited.bridge.common.Refused;
import org.orbited.bridge.common.Replies;
import org.orbited.plugin.ServiceRequest;

/**
 * The personal services' request data ({@link PersonalSessions}): a private message request checked and split into
 * lines, and a service's answer from its refusals (the replies and the text fields of requests are
 * {@link Replies}'). Pure: no state, any thread.
 */
final class PersonalRequests {
    private PersonalRequests() {
    }

    /** A service's work, which may refuse. */
    interface Step {
        void run() throws Refused;
    }

    /**
     * Runs {@code step} and answers {@code r}: {@code {"ok":true}}, or the refusal's code and message (a
     * {@link Refused}, a text rule, a full flood queue).
     */
    static void answer(ServiceRequest r, Step step) {
        try {
            step.run();
            r.reply(Replies.ok());
        } catch (Refused e) {
            r.reply(Replies.failure(e.code(), e.getMessage(), null));
        } catch (IrcTextException e) {
            r.reply(Replies.failure(e.reason().code(), e.getMessage(), null));
        } catch (FloodQueueFullException e) {
            r.reply(Replies.failure(e.code(), e.getMessage(), null));
        }
    }

    /** What a personal publication becomes: its pieces (each one line) and whether it is an action. */
    record Personal(List<String> pieces, boolean action) {
    }

    /**
     * Checks and splits a private message request: {@code {"text": "..."}}, {@code {"text": "...", "type":
     * "action"}} or {@code {"action": "..."}}, under the line budget of {@code nick} on {@code target}. Pure.
     */
    static Personal lines(JsonNode data, String nick, String target) throws Refused {
        String action = Replies.text(data, "action");
        String text = action != null ? action : Replies.text(data, "text");
        boolean isAction = action != null || "action".equals(Replies.text(data, "type"));
        if (!data.isObject() || text == null) {
            throw new Refused("irc_bad_data", "{\"to\": \"nick\", \"text\": \"...\"}");
        }
        return split(text, isAction, nick, target);
    }

    /** Checks and splits {@code text} under the line budget of {@code nick} speaking to {@code target}. */
    static Personal split(String text, boolean action, String nick, String target) throws Refused {
        try {
            return new Personal(IrcText.split(text, LineBudget.forSender(nick, null, null, target),
                    RelayMessage.MAX_LINES), action);
        } catch (IrcTextException e) {
            throw new Refused(e.reason().code(), e.getMessage());
        }
    }
}
