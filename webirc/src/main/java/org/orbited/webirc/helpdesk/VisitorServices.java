package org.orbited.webirc.helpdesk;

import static org.orbited.webirc.helpdesk.HelpDeskJson.string;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The visitor services {@code /service/helpdesk/hello, say, typing, name, leave, bye} (docs/webirc.md "Local mode:
 * the help desk", "Protocol"). Each takes the requesting client and the request's data (an object) and returns the
 * answer, or throws a {@link HelpDeskRefusal}. On the plugin's thread.
 */
final class VisitorServices {
    /** Hellos one client may send per 10 s (a widget sends one per handshake). */
    static final int HELLO_RATE = 10;
    /** Typing notices one client may send per 10 s. */
    static final int TYPING_RATE = 20;

    private final Desk desk;
    private final HelpDeskOptions options;

    VisitorServices(Desk desk) {
        this.desk = desk;
        this.options = desk.options;
    }

    /** {@code {desk, visitor?, key?, name?, page?, lang?}}: a new visitor, or the one {@code visitor}+{@code key} name. */
    ObjectNode hello(String clientId, JsonNode d) {
        String at = requireDesk(d);
        String name = optionalName(d);
        String page = HelpDeskText.page(string(d, "page", false));
        String lang = HelpDeskText.lang(string(d, "lang", false));
        Instant now = desk.now();
        rate(clientId + " hello", HELLO_RATE, now);
        String key = string(d, "key", false);
        Optional<Visitor> resumed = desk.visitors.resume(string(d, "visitor", false), key);
        Visitor v;
        if (resumed.isPresent()) {
            v = resumed.get();
            makeRoomForClient(v, clientId);
        } else {
            desk.addressRate(Addresses.of(desk.channels(), clientId), "new visitors", now);
            key = Ids.secret();
            v = desk.visitors.create(key, name != null ? name : guestName(), now,
                    x -> desk.conversations.hasAny(x.id()));
        }
        Optional<Visitor> before = desk.visitors.ofClient(clientId);
        if (before.isEmpty() || before.get() != v || !at.equals(v.deskOf(clientId))) {
            desk.unbindVisitorClient(clientId);
            desk.visitors.bind(clientId, v, at);
        }
        v.seen(now);
        v.visiting(page, lang);
        if (name != null && !name.equals(v.name())) {
            rename(v, name);
        }
        Optional<Conversation> c = desk.conversations.of(v.id(), at);
        c.ifPresent(conversation -> {
            if (conversation.visitorOn(page, lang)) {
                desk.conversationChanged(conversation);   // on another page
            } else {
                desk.showToHelpers(conversation);         // online again
            }
        });
        ObjectNode answer = HelpDeskJson.ok().put("visitor", v.id()).put("key", key).put("name", v.name())
                .put("desk", at);
        answer.set("helpers", HelpDeskJson.helpers(desk.helperNames()));
        answer.set("messages", HelpDeskJson.messages(c.map(Conversation::messages).orElse(List.of())));
        answer.put("open", c.map(x -> !x.closed()).orElse(true)).put("conversation", c.map(Conversation::id).orElse(null));
        return answer.put("typing", options.typing());
    }

    /**
     * {@code {text, cid?}}: a line to the desk; the first one starts the conversation. A {@code cid} the visitor
     * used lately answers the message it became, with {@code duplicate: true}, and says nothing again.
     */
    ObjectNode say(String clientId, JsonNode d) {
        Visitor v = requireVisitor(clientId);
        String cid = RecentCids.parse(d);
        Message earlier = v.cids.get(cid);
        if (earlier != null) {
            return HelpDeskJson.ok().<ObjectNode>set("message", HelpDeskJson.message(earlier)).put("duplicate", true);
        }
        String text = HelpDeskText.text(string(d, "text", true), options.textMax());
        Instant now = desk.now();
        if (!v.takeLine(options.visitorRate(), now)) {
            throw tooFast();
        }
        String at = v.deskOf(clientId);
        String address = Addresses.of(desk.channels(), clientId);
        Message m = new Message(Ids.id('m'), Message.VISITOR, v.name(), text, now);
        List<Message> lines = new ArrayList<>(2);
        Optional<Conversation> existing = desk.conversations.of(v.id(), at);
        Conversation c;
        if (existing.isPresent()) {
            c = existing.get();
            if (c.closed()) {
                desk.room.capAddress(address, c);   // reopened: counts as open again
            }
        } else {
            desk.addressRate(address, "new conversations", now);
            desk.room.forConversation();
            desk.room.forBytes(TextBudget.of(m) + greetingBytes(now), null);
            c = start(v, at, now, lines);
            desk.room.capAddress(address, c);
        }
        desk.room.addLine(c, m);
        lines.add(m);
        v.cids.put(cid, m);
        desk.conversationChanged(c);    // first, so that helpers know a new conversation before its lines
        for (Message line : lines) {
            desk.toHelpers(HelpDeskEvents.helperMessage(c.id(), line));
            desk.toVisitor(v, at, HelpDeskEvents.visitorMessage(line));
        }
        return HelpDeskJson.ok().set("message", HelpDeskJson.message(m));
    }

    /** {@code {typing}}: the visitor is typing, or stopped; passed to helpers when {@code typing = 1}. */
    ObjectNode typing(String clientId, JsonNode d) {
        Visitor v = requireVisitor(clientId);
        boolean typing = HelpDeskJson.bool(d, "typing");
        rate(clientId + " typing", TYPING_RATE, desk.now());
        if (options.typing()) {
            desk.conversations.of(v.id(), v.deskOf(clientId)).ifPresent(c ->
                    desk.toHelpers(HelpDeskEvents.helperTyping(c.id(), v.name(), typing)));
        }
        return HelpDeskJson.ok();
    }

    /** {@code {name}}: the visitor's new name, at every desk. */
    ObjectNode name(String clientId, JsonNode d) {
        Visitor v = requireVisitor(clientId);
        String name = HelpDeskText.name(string(d, "name", true));
        if (!v.takeLine(options.visitorRate(), desk.now())) {
            throw tooFast();
        }
        rename(v, name);
        return HelpDeskJson.ok().put("name", name);
    }

    /** {@code {desk, text, email?, name?, page?}}: a message for later, with or without a hello. */
    ObjectNode leave(String clientId, JsonNode d) {
        String at = requireDesk(d);
        String text = HelpDeskText.text(string(d, "text", true), options.textMax());
        String email = HelpDeskText.email(string(d, "email", false));
        String name = optionalName(d);
        String page = HelpDeskText.page(string(d, "page", false));
        Instant now = desk.now();
        Optional<Visitor> v = desk.visitors.ofClient(clientId);
        boolean allowed = v.isPresent() ? v.get().takeLine(options.visitorRate(), now)
                : desk.buckets.take(clientId + " leave", options.visitorRate(), now.toEpochMilli());
        if (!allowed) {
            throw tooFast();
        }
        desk.addressRate(Addresses.of(desk.channels(), clientId), "offline messages", now);
        OfflineMessage m = new OfflineMessage(Ids.id('o'), at,
                name != null ? name : v.map(Visitor::name).orElseGet(VisitorServices::guestName), email, text,
                page != null ? page : v.map(Visitor::page).orElse(null), now);
        desk.room.addOffline(m);
        desk.changed();
        desk.toHelpers(HelpDeskEvents.offline(m));
        return HelpDeskJson.ok().put("id", m.id());
    }

    /** {@code {}}: the visitor ends its conversation at this client's desk (speaking again opens it again). */
    ObjectNode bye(String clientId, JsonNode d) {
        Visitor v = requireVisitor(clientId);
        String at = v.deskOf(clientId);
        desk.conversations.of(v.id(), at).filter(c -> !c.closed()).ifPresent(c -> {
            c.close();
            desk.conversationChanged(c);
            desk.toVisitor(v, at, HelpDeskEvents.closed(c.id()));
        });
        return HelpDeskJson.ok();
    }

    /** A new conversation, starting with the greeting (added to {@code lines}) when one is configured. */
    private Conversation start(Visitor v, String at, Instant now, List<Message> lines) {
        Conversation c = desk.conversations.start(v.id(), at, v.name(), now);
        c.visitorOn(v.page(), v.lang());
        if (options.greeting() != null) {
            Message greeting = new Message(Ids.id('m'), Message.SYSTEM, "", options.greeting(), now);
            desk.room.addLine(c, greeting);
            lines.add(greeting);
        }
        return c;
    }

    private long greetingBytes(Instant now) {
        return options.greeting() == null ? 0
                : TextBudget.of(new Message("m", Message.SYSTEM, "", options.greeting(), now));
    }

    private void rename(Visitor v, String name) {
        v.rename(name);
        desk.changed();
        for (Conversation c : desk.conversations.ofVisitor(v.id())) {
            c.rename(name);
            desk.conversationChanged(c);
        }
    }

    /**
     * A resumed visitor takes one more client; with {@link Visitor#MAX_CLIENTS} live ones already, its oldest
     * client is dropped (it gets no more events): a page's client lingers after a navigation, so the newest is the
     * one in use.
     */
    private void makeRoomForClient(Visitor v, String clientId) {
        if (v.deskOf(clientId) != null) {
            return;
        }
        for (int i = 0; i < Visitor.MAX_CLIENTS && v.clients().size() >= Visitor.MAX_CLIENTS; i++) {
            String old = v.oldestClient();
            if (desk.channels().client(old).isEmpty()) {
                desk.clientEnded(old);          // gone, its end not yet seen
            } else {
                desk.unbindVisitorClient(old);  // still connected: no longer this visitor's
            }
        }
    }

    private Visitor requireVisitor(String clientId) {
        return desk.visitors.ofClient(clientId).orElseThrow(() -> new HelpDeskRefusal(HelpDeskCodes.NO_HELLO,
                "say hello first (helpdesk/hello)"));
    }

    private String requireDesk(JsonNode d) {
        String at = string(d, "desk", true);
        if (!options.allows(at)) {
            throw new HelpDeskRefusal(HelpDeskCodes.UNKNOWN_DESK, "there is no desk '" + shorten(at) + "' here");
        }
        return at;
    }

    private static String optionalName(JsonNode d) {
        String name = string(d, "name", false);
        return name == null || name.isEmpty() ? null : HelpDeskText.name(name);
    }

    private void rate(String key, int rate, Instant now) {
        if (!desk.buckets.take(key, rate, now.toEpochMilli())) {
            throw tooFast();
        }
    }

    private static HelpDeskRefusal tooFast() {
        return new HelpDeskRefusal(HelpDeskCodes.RATE, "too fast: wait a few seconds");
    }

    static String guestName() {
        return "Guest " + Ids.guestNumber();
    }

    /** A desk name as echoed in a message: at most 32 characters of it, controls dropped. */
    private static String shorten(String s) {
        String t = s.codePoints().filter(cp -> cp >= 0x20 && !HelpDeskText.invisible(cp)).limit(32)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return t.length() < s.length() ? t + "…" : t;
    }
}
