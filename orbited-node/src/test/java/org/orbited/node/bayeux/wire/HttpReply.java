package org.orbited.node.bayeux.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpHeaders;
import java.util.ArrayList;
import java.util.List;

/** One HTTP response from the Bayeux endpoint, with its body read as a Bayeux array when it is one. */
record HttpReply(int status, HttpHeaders headers, String body) {
    static final ObjectMapper JSON = new ObjectMapper();

    /** The first value of header {@code name}, or null. */
    String header(String name) {
        return headers.firstValue(name).orElse(null);
    }

    /** The body as a JSON array of messages (fails the test if it is not one). */
    List<JsonNode> messages() {
        JsonNode tree = parse(body);
        if (!tree.isArray()) {
            throw new AssertionError("not a JSON array (HTTP " + status + "): " + body);
        }
        List<JsonNode> out = new ArrayList<>();
        tree.forEach(out::add);
        return out;
    }

    /** The single reply (a message with {@code successful}) on {@code channel}. */
    JsonNode reply(String channel) {
        List<JsonNode> r = messages().stream()
                .filter(m -> m.has("successful") && channel.equals(m.path("channel").asText())).toList();
        if (r.size() != 1) {
            throw new AssertionError("expected one reply on " + channel + " in " + body);
        }
        return r.get(0);
    }

    /** The deliveries (messages with {@code data} and no {@code successful}), in order. */
    List<JsonNode> deliveries() {
        return messages().stream().filter(m -> m.has("data") && !m.has("successful")).toList();
    }

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + json, e);
        }
    }
}
