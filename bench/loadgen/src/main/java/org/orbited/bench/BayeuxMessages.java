package org.orbited.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The few Bayeux 1.0 messages the bench sends, as bytes, and the few facts it reads from replies. Plain Java
 * (no Netty), so the clients' protocol is testable against captured exchanges.
 */
public final class BayeuxMessages {
    /** The CometD browser cookie that binds a clientId to its client over HTTP. */
    public static final String BROWSER_COOKIE = "BAYEUX_BROWSER";

    private static final ObjectMapper JSON = new ObjectMapper();

    private BayeuxMessages() {
    }

    public static byte[] handshake(long id, String connectionType) {
        return bytes("[{\"id\":\"" + id + "\",\"version\":\"1.0\",\"minimumVersion\":\"1.0\",\"channel\":\"/meta/handshake\","
                + "\"supportedConnectionTypes\":[\"" + connectionType + "\"]}]");
    }

    public static byte[] subscribe(long id, String clientId, String channel) {
        return bytes("[{\"id\":\"" + id + "\",\"channel\":\"/meta/subscribe\",\"subscription\":\"" + channel
                + "\",\"clientId\":\"" + clientId + "\"}]");
    }

    /** A connect; {@code immediate} asks the server to answer at once ({@code advice.timeout 0}). */
    public static byte[] connect(long id, String clientId, String connectionType, boolean immediate) {
        return bytes("[{\"id\":\"" + id + "\",\"channel\":\"/meta/connect\",\"connectionType\":\"" + connectionType
                + "\"" + (immediate ? ",\"advice\":{\"timeout\":0}" : "") + ",\"clientId\":\"" + clientId + "\"}]");
    }

    /** A publish of {@code data}, which must be one JSON value (the bench payload is an object). */
    public static byte[] publish(long id, String clientId, String channel, byte[] data) {
        byte[] head = bytes("[{\"id\":\"" + id + "\",\"channel\":\"" + channel + "\",\"clientId\":\"" + clientId
                + "\",\"data\":");
        byte[] out = new byte[head.length + data.length + 2];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(data, 0, out, head.length, data.length);
        out[out.length - 2] = '}';
        out[out.length - 1] = ']';
        return out;
    }

    /** The clientId of a successful handshake reply, or null (unsuccessful, or not a handshake reply). */
    public static String clientId(byte[] reply, int length) {
        try {
            for (JsonNode m : JSON.readTree(reply, 0, length)) {
                if ("/meta/handshake".equals(m.path("channel").asText()) && m.path("successful").asBoolean()) {
                    return m.path("clientId").asText(null);
                }
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }

    /** True when a reply on {@code metaChannel} in this batch is unsuccessful (cheap text check first). */
    public static boolean failed(byte[] reply, int length, String metaChannel) {
        String text = new String(reply, 0, length, StandardCharsets.UTF_8);
        if (!text.contains("\"successful\":false")) {
            return false;
        }
        try {
            for (JsonNode m : JSON.readTree(text)) {
                if (metaChannel.equals(m.path("channel").asText()) && !m.path("successful").asBoolean(true)) {
                    return true;
                }
            }
        } catch (IOException e) {
            return true;
        }
        return false;
    }

    /** True when the batch holds a reply on {@code metaChannel}. */
    public static boolean hasReply(byte[] reply, int length, String metaChannel) {
        return new String(reply, 0, length, StandardCharsets.UTF_8).contains("\"channel\":\"" + metaChannel + "\"");
    }

    /** {@code BAYEUX_BROWSER=value} from a response's {@code Set-Cookie} headers, or null. */
    public static String browserCookie(List<String> setCookies) {
        for (String c : setCookies) {
            String pair = c.split(";", 2)[0].trim();
            if (pair.startsWith(BROWSER_COOKIE + "=")) {
                return pair;
            }
        }
        return null;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
