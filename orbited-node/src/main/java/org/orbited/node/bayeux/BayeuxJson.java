package org.orbited.node.bayeux;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import org.orbited.node.core.Event;

/** JSON values to event bodies and back, for publications and plugin listeners. Stateless, thread-safe. */
final class BayeuxJson {
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private BayeuxJson() {
    }

    /** The UTF-8 JSON bytes of {@code data}: an event body. */
    static byte[] toBytes(JsonNode data) {
        try {
            return MAPPER.writeValueAsBytes(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON data", e);
        }
    }

    /**
     * The data of an event that came without a parsed value (an Orbit app's body): one JSON value when the body
     * is one, otherwise its text as a JSON string.
     */
    static JsonNode parse(Event e) {
        if (e.isJson() || DeliveryFrames.isOneJsonValue(e.body())) {
            try {
                return MAPPER.readTree(e.body());
            } catch (IOException ex) {
                // fall through: treat as text
            }
        }
        return NODES.textNode(e.text());
    }
}
