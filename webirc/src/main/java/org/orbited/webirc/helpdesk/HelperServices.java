package org.orbited.webirc.helpdesk;

import static org.orbited.webirc.helpdesk.HelpDeskJson.string;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import org.orbited.plugin.ClientInfo;
import org.orbited.plugin.Identity;

/**
 * The helper services {@code /service/helpdesk/helper/login, open, say, typing, close, done} (docs/webirc.md "Local
 * mode: the help desk", "Protocol"). Every one but {@code login} refuses a client that has not signed in as a helper
 * ({@code helpdesk_not_helper}). Each takes the requesting client and the request's data (an object) and returns
 * the answer, or throws a {@link HelpDeskRefusal}. On the plugin's thread.
 */
final class HelperServices {
    /** Sign-in attempts one client may make per 10 s (guessing keys is hopeless anyway: 192 bits). */
    static final int LOGIN_RATE = 5;
    /** The most conversations (the latest) and offline messages (the newest) a login answer lists. */
    static final int LOGIN_LIST = 200;

    private final Desk desk;
    private final HelpDeskOptions options;

    HelperServices(Desk desk) {
        this.desk = desk;
        this.options = desk.options;
    }

    /** {@code {key?, name?}}: signs the client in; answers the desk's state (conversations, offline messages). */
    ObjectNode login(String clientId, JsonNode d) {
        String key = blankIsNull(string(d, "key", false));
        String name = blankIsNull(string(d, "name", false));
        Instant now = desk.now();
        if (!desk.buckets.take(clientId + " login", LOGIN_RATE, now.toEpochMilli())) {
            throw new HelpDeskRefusal(HelpDeskCodes.RATE, "too many sign-in attempts: wait a few seconds");
        }
        Identity identity = desk.channels().client(clientId).map(ClientInfo::identity).orElse(Identity.ANONYMOUS);
        String helper = desk.helpers.authenticate(identity, key, name);
        desk.helpers.signIn(clientId, helper, options.helperRate(), now);
        desk.helpersChanged();
        ObjectNode answer = HelpDeskJson.ok().put("name", helper);
        answer.set("desks", HelpDeskJson.strings(options.deskList()));
        List<Conversation> all = desk.conversations.newestFirst();
        ArrayNode conversations = answer.putArray("conversations");
        all.stream().limit(LOGIN_LIST).forEach(c -> conversations.add(HelpDeskJson.summary(c, desk.online(c))));
        ArrayNode offline = answer.putArray("offline");
        desk.offline.newest(LOGIN_LIST).forEach(m -> offline.add(HelpDeskJson.offline(m)));
        answer.putObject("more").put("conversations", Math.max(0, all.size() - LOGIN_LIST))
                .put("offline", Math.max(0, desk.offline.size() - LOGIN_LIST));
        answer.set("helpers", HelpDeskJson.helpers(desk.helperNames()));
        return answer.put("typing", options.typing());
    }

    /** {@code {conversation}}: its summary and every kept line. */
    ObjectNode open(String clientId, JsonNode d) {
        desk.helpers.require(clientId);
        Conversation c = conversation(d);
        ObjectNode answer = HelpDeskJson.ok();
        answer.set("conversation", HelpDeskJson.summary(c, desk.online(c)));
        return answer.set("messages", HelpDeskJson.messages(c.messages()));
    }

    /**
     * {@code {conversation, text, cid?}}: an answer to the visitor; the first helper to answer takes the
     * conversation. A {@code cid} this helper used lately in this conversation answers the message it became, with
     * {@code duplicate: true}, and says nothing again.
     */
    ObjectNode say(String clientId, JsonNode d) {
        String helper = desk.helpers.require(clientId);
        Conversation c = conversation(d);
        String cid = RecentCids.parse(d);
        Message earlier = c.helperCids(helper).get(cid);
        if (earlier != null) {
            return HelpDeskJson.ok().<ObjectNode>set("message", HelpDeskJson.message(earlier)).put("duplicate", true);
        }
        String text = HelpDeskText.text(string(d, "text", true), options.textMax());
        Instant now = desk.now();
        if (!desk.helpers.takeLine(clientId, now)) {
            throw new HelpDeskRefusal(HelpDeskCodes.RATE, "too fast: wait a few seconds");
        }
        Message m = new Message(Ids.id('m'), Message.HELPER, helper, text, now);
        desk.room.addLine(c, m);
        c.takeFor(helper);
        c.helperCids(helper).put(cid, m);
        desk.conversationChanged(c);
        desk.toHelpers(HelpDeskEvents.helperMessage(c.id(), m));
        desk.visitors.get(c.visitorId()).ifPresent(v -> desk.toVisitor(v, c.desk(), HelpDeskEvents.visitorMessage(m)));
        return HelpDeskJson.ok().set("message", HelpDeskJson.message(m));
    }

    /** {@code {conversation, typing}}: the helper is typing to the visitor, or stopped. */
    ObjectNode typing(String clientId, JsonNode d) {
        String helper = desk.helpers.require(clientId);
        Conversation c = conversation(d);
        boolean typing = HelpDeskJson.bool(d, "typing");
        if (!desk.buckets.take(clientId + " typing", VisitorServices.TYPING_RATE, desk.now().toEpochMilli())) {
            throw new HelpDeskRefusal(HelpDeskCodes.RATE, "too fast: wait a few seconds");
        }
        if (options.typing()) {
            desk.visitors.get(c.visitorId()).ifPresent(v ->
                    desk.toVisitor(v, c.desk(), HelpDeskEvents.visitorTyping(helper, typing)));
        }
        return HelpDeskJson.ok();
    }

    /** {@code {conversation}}: ends the conversation (the visitor's tabs get {@code closed}); idempotent. */
    ObjectNode close(String clientId, JsonNode d) {
        desk.helpers.require(clientId);
        Conversation c = conversation(d);
        if (!c.closed()) {
            c.close();
            desk.conversationChanged(c);
            desk.visitors.get(c.visitorId()).ifPresent(v -> desk.toVisitor(v, c.desk(), HelpDeskEvents.closed(c.id())));
        }
        return HelpDeskJson.ok();
    }

    /** {@code {offline}}: an offline message is handled and leaves every helper's list; idempotent. */
    ObjectNode done(String clientId, JsonNode d) {
        desk.helpers.require(clientId);
        String id = string(d, "offline", true);
        if (!HelpDeskText.isId(id)) {
            throw new HelpDeskRefusal(HelpDeskCodes.BAD_DATA, "offline must be an offline message's id");
        }
        if (desk.room.offlineDone(id)) {
            desk.changed();
            desk.toHelpers(HelpDeskEvents.offlineDone(id));
        }
        return HelpDeskJson.ok();
    }

    private Conversation conversation(JsonNode d) {
        String id = string(d, "conversation", true);
        return desk.conversations.get(id).orElseThrow(() -> new HelpDeskRefusal(HelpDeskCodes.UNKNOWN_CONVERSATION,
                "no conversation " + (HelpDeskText.isId(id) ? id : "with that id")));
    }

    private static String blankIsNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
