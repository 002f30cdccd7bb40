package org.orbited.webirc.helpdesk;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The store file's JSON, version 1: {@code {"format":"orbited-helpdesk","version":1,"saved":TIME,"visitors":[...],
 * "conversations":[...],"offline":[...]}} (docs/webirc.md "Persistence"). Writing streams one conversation at a time;
 * reading refuses a file that is not such an object ({@link StoreFormatException}: the caller moves it aside) and
 * skips single entries that do not make sense, counting them. Plain Java and Jackson; stateless, any thread.
 */
final class StoreCodec {
    static final String FORMAT = "orbited-helpdesk";
    static final int VERSION = 1;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private StoreCodec() {
    }

    /** The file is not a help-desk store (not JSON, another format or version). */
    static final class StoreFormatException extends IOException {
        StoreFormatException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** What was read, and how many entries were skipped as invalid. */
    record Read(StoreData data, int skipped) {
    }

    static void write(StoreData data, Instant saved, OutputStream out) throws IOException {
        try (JsonGenerator g = MAPPER.getFactory().createGenerator(out)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);   // the caller forces the file to disk afterwards
            g.writeStartObject();
            g.writeStringField("format", FORMAT);
            g.writeNumberField("version", VERSION);
            g.writeStringField("saved", HelpDeskJson.time(saved));
            g.writeArrayFieldStart("visitors");
            for (StoreData.StoredVisitor v : data.visitors()) {
                g.writeStartObject();
                g.writeStringField("id", v.id());
                g.writeStringField("keyHash", v.keyHash());
                g.writeStringField("name", v.name());
                g.writeStringField("lastSeen", HelpDeskJson.time(v.lastSeen()));
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("conversations");
            for (Conversation.Stored c : data.conversations()) {
                MAPPER.writeTree(g, conversation(c));
            }
            g.writeEndArray();
            g.writeArrayFieldStart("offline");
            for (OfflineMessage m : data.offline()) {
                MAPPER.writeTree(g, HelpDeskJson.offline(m));
            }
            g.writeEndArray();
            g.writeEndObject();
        }
    }

    private static ObjectNode conversation(Conversation.Stored c) {
        ObjectNode o = HelpDeskJson.JSON.objectNode().put("id", c.id()).put("desk", c.desk())
                .put("visitor", c.visitorId()).put("name", c.name()).put("page", c.page()).put("lang", c.lang())
                .put("started", HelpDeskJson.time(c.started())).put("last", HelpDeskJson.time(c.last()))
                .put("waiting", c.waiting()).put("helper", c.helper()).put("closed", c.closed());
        o.set("messages", HelpDeskJson.messages(c.messages()));
        return o;
    }

    static Read read(InputStream in) throws IOException {
        JsonNode root;
        try {
            root = MAPPER.readTree(in);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {   // other I/O errors are not the file's fault
            throw new StoreFormatException("not JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject() || !FORMAT.equals(root.path("format").asText())
                || root.path("version").asInt() != VERSION) {
            throw new StoreFormatException("not a help-desk store of version " + VERSION, null);
        }
        int[] skipped = {0};
        List<StoreData.StoredVisitor> visitors = each(root.path("visitors"), skipped, v -> new StoreData.StoredVisitor(
                id(v, "id"), text(v, "keyHash"), name(v), time(v, "lastSeen")));
        List<Conversation.Stored> conversations = each(root.path("conversations"), skipped, StoreCodec::conversation);
        List<OfflineMessage> offline = each(root.path("offline"), skipped, m -> new OfflineMessage(id(m, "id"),
                desk(m), name(m), HelpDeskText.email(optional(m, "email")), text(m, "text"),
                HelpDeskText.page(optional(m, "page")), time(m, "time")));
        return new Read(new StoreData(visitors, conversations, offline), skipped[0]);
    }

    private static Conversation.Stored conversation(JsonNode c) {
        List<Message> messages = new ArrayList<>();
        for (JsonNode m : c.path("messages")) {
            messages.add(new Message(id(m, "id"), text(m, "from"), text(m, "name"), text(m, "text"), time(m, "time")));
        }
        return new Conversation.Stored(id(c, "id"), desk(c), id(c, "visitor"), name(c),
                HelpDeskText.page(optional(c, "page")), HelpDeskText.lang(optional(c, "lang")), time(c, "started"),
                time(c, "last"), c.path("waiting").asBoolean(), optional(c, "helper"), c.path("closed").asBoolean(),
                messages);
    }

    @FunctionalInterface
    private interface Entry<T> {
        T read(JsonNode node);
    }

    /** Each entry of an array, skipping (and counting) those that throw. */
    private static <T> List<T> each(JsonNode array, int[] skipped, Entry<T> entry) {
        List<T> out = new ArrayList<>();
        for (JsonNode n : array) {
            try {
                out.add(entry.read(n));
            } catch (RuntimeException e) {   // a field missing or invalid: this entry only
                skipped[0]++;
            }
        }
        return out;
    }

    private static String text(JsonNode n, String key) {
        JsonNode v = n.get(key);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException(key + " missing");
        }
        return v.asText();
    }

    private static String optional(JsonNode n, String key) {
        JsonNode v = n.get(key);
        return v == null || !v.isTextual() ? null : v.asText();
    }

    private static String id(JsonNode n, String key) {
        String id = text(n, key);
        if (!HelpDeskText.isId(id)) {
            throw new IllegalArgumentException(key + " is not an id");
        }
        return id;
    }

    private static String desk(JsonNode n) {
        String desk = text(n, "desk");
        if (!HelpDeskText.isDeskName(desk)) {
            throw new IllegalArgumentException("desk is not a desk name");
        }
        return desk;
    }

    private static String name(JsonNode n) {
        return HelpDeskText.name(text(n, "name"));
    }

    private static Instant time(JsonNode n, String key) {
        return HelpDeskJson.parseTime(text(n, key));
    }
}
