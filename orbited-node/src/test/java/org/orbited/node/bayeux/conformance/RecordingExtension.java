package org.orbited.node.bayeux.conformance;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.cometd.bayeux.Message;
import org.cometd.bayeux.client.ClientSession;

/**
 * A client extension that records copies of the meta messages the client receives and sends, as the server wrote
 * them. Add it first: incoming extensions run in the order added and outgoing ones in reverse, so it then sees
 * replies before and requests after every other extension. Read-only: passes everything.
 */
final class RecordingExtension implements ClientSession.Extension {
    final List<Map<String, Object>> received = new CopyOnWriteArrayList<>();
    final List<Map<String, Object>> sent = new CopyOnWriteArrayList<>();

    @Override
    public boolean rcvMeta(ClientSession session, Message.Mutable message) {
        received.add(copy(message));
        return true;
    }

    @Override
    public boolean sendMeta(ClientSession session, Message.Mutable message) {
        sent.add(copy(message));
        return true;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> copy(Map<String, Object> map) {
        Map<String, Object> out = new HashMap<>();
        map.forEach((k, v) -> out.put(k, v instanceof Map ? copy((Map<String, Object>) v) : v));
        return out;
    }

    /** The received meta messages on {@code channel}. */
    List<Map<String, Object>> receivedOn(String channel) {
        return received.stream().filter(m -> channel.equals(m.get(Message.CHANNEL_FIELD))).toList();
    }

    List<Map<String, Object>> sentOn(String channel) {
        return sent.stream().filter(m -> channel.equals(m.get(Message.CHANNEL_FIELD))).toList();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> ext(Map<String, Object> message) {
        Object ext = message.get(Message.EXT_FIELD);
        return ext instanceof Map ? (Map<String, Object>) ext : null;
    }
}
