package org.orbited.bridge.common;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The answers of a bridge's services ({@code say}, {@code login}, ...) and reading their request data: success is
 * {@code {"ok":true}}, a failure {@code {"ok":false,"code":...,"message":...}} plus {@code suggestion} when one is
 * offered (a free nick). Pure: no state, any thread.
 */
public final class Replies {
    /** The node factory every reply is built with. */
    public static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private Replies() {
    }

    /** {@code {"ok":true}}. */
    public static ObjectNode ok() {
        return JSON.objectNode().put("ok", true);
    }

    /** A failure reply: {@code ok} false, {@code code}, {@code message}, and {@code suggestion} unless null. */
    public static ObjectNode failure(String code, String message, String suggestion) {
        ObjectNode o = JSON.objectNode().put("ok", false).put("code", code).put("message", message);
        if (suggestion != null) {
            o.put("suggestion", suggestion);
        }
        return o;
    }

    /** The failure reply of a refusal: its code and message. */
    public static ObjectNode failure(Refused refused) {
        return failure(refused.code(), refused.getMessage(), null);
    }

    /** {@code data}'s text field {@code key}, or null when {@code data} is null or the field absent or not text. */
    public static String text(JsonNode data, String key) {
        JsonNode v = data == null ? null : data.get(key);
        return v != null && v.isTextual() ? v.asText() : null;
    }
}
