package org.orbited.webirc.helpdesk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;

/**
 * The desk's JSON: reading request fields strictly (a field of the wrong type is {@code helpdesk_bad_data}, never
 * guessed) and the shapes clients see: answers, messages, conversation summaries, offline messages, helper counts
 * (docs/webirc.md "Local mode: the help desk", "Protocol"). Times are ISO-8601 UTC with milliseconds. Stateless,
 * any thread.
 */
final class HelpDeskJson {
    static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private HelpDeskJson() {
    }

    /** The request's data as an object: absent or null is an empty object, anything else not an object refused. */
    static JsonNode object(JsonNode data) {
        if (data == null || data.isNull() || data.isMissingNode()) {
            return JSON.objectNode();
        }
        if (!data.isObject()) {
            throw new HelpDeskRefusal(HelpDeskCodes.BAD_DATA, "the request's data must be a JSON object");
        }
        return data;
    }

    /** Text field {@code key}: null when absent or null (refused when {@code required}), refused when not text. */
    static String string(JsonNode data, String key, boolean required) {
        JsonNode v = data.get(key);
        if (v == null || v.isNull()) {
            if (required) {
                throw new HelpDeskRefusal(HelpDeskCodes.BAD_DATA, key + " is required");
            }
            return null;
        }
        if (!v.isTextual()) {
            throw new HelpDeskRefusal(HelpDeskCodes.BAD_DATA, key + " must be a string");
        }
        return v.asText();
    }

    /** Boolean field {@code key}, required. */
    static boolean bool(JsonNode data, String key) {
        JsonNode v = data.get(key);
        if (v == null || !v.isBoolean()) {
            throw new HelpDeskRefusal(HelpDeskCodes.BAD_DATA, key + " must be true or false");
        }
        return v.booleanValue();
    }

    static ObjectNode ok() {
        return JSON.objectNode().put("ok", true);
    }

    static ObjectNode failure(String code, String message) {
        return JSON.objectNode().put("ok", false).put("code", code).put("message", message);
    }

    static String time(Instant t) {
        return TIME.format(t);
    }

    /** Parses a time written by {@link #time} (or any ISO-8601 instant), to milliseconds. */
    static Instant parseTime(String s) {
        return Instant.parse(s).truncatedTo(ChronoUnit.MILLIS);
    }

    /** {@code {id, from, name, text, time}}. */
    static ObjectNode message(Message m) {
        return JSON.objectNode().put("id", m.id()).put("from", m.from()).put("name", m.name()).put("text", m.text())
                .put("time", time(m.time()));
    }

    static ArrayNode messages(Collection<Message> ms) {
        ArrayNode a = JSON.arrayNode();
        ms.forEach(m -> a.add(message(m)));
        return a;
    }

    /**
     * {@code {id, desk, name, page, lang, started, last, lastText, waiting, helper, online, closed}}: what helpers
     * list ({@code helper} null while nobody took it, {@code online}: the visitor has a client at the desk now).
     */
    static ObjectNode summary(Conversation c, boolean online) {
        ObjectNode o = JSON.objectNode().put("id", c.id()).put("desk", c.desk()).put("name", c.name())
                .put("page", c.page()).put("lang", c.lang()).put("started", time(c.started()))
                .put("last", time(c.last())).put("lastText", c.lastText()).put("waiting", c.waiting());
        o.put("helper", c.helper());
        return o.put("online", online).put("closed", c.closed());
    }

    /** {@code {id, desk, name, email, text, page, time}}. */
    static ObjectNode offline(OfflineMessage m) {
        return JSON.objectNode().put("id", m.id()).put("desk", m.desk()).put("name", m.name()).put("email", m.email())
                .put("text", m.text()).put("page", m.page()).put("time", time(m.time()));
    }

    /** {@code {online, names}}: the helpers signed in, by distinct name. */
    static ObjectNode helpers(List<String> names) {
        ObjectNode o = JSON.objectNode().put("online", names.size());
        ArrayNode a = o.putArray("names");
        names.forEach(a::add);
        return o;
    }

    static ArrayNode strings(Collection<String> values) {
        ArrayNode a = JSON.arrayNode();
        values.stream().sorted().forEach(a::add);
        return a;
    }
}
