package org.orbited.webirc.helpdesk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * A desk on {@link FakeChannels} and a {@link MutableClock}, with options from {@code key, value} pairs (memory
 * only unless given a store), and calls by client id: {@code call("v1", "say", "text", "hi")}.
 */
final class DeskFixture {
    static final String HELPER_KEY = "a-helper-key-for-tests-0123456789";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    final FakeChannels channels = new FakeChannels();
    final MutableClock clock = new MutableClock(Instant.parse("2030-01-02T03:04:05.678Z"));
    final HelpDeskOptions options;
    final Desk desk;
    final HelpDeskService service;

    DeskFixture(String... options) {
        Map<String, String> o = new HashMap<>();
        o.put("store", "");
        o.put("helper.key", HELPER_KEY);
        for (int i = 0; i + 1 < options.length; i += 2) {
            o.put(options[i], options[i + 1]);
        }
        this.options = HelpDeskOptions.parse("helpdesk", o);
        this.desk = new Desk(this.options, this.options.helperKey(), channels, clock);
        this.service = new HelpDeskService(desk);
    }

    /** Calls {@code /service/helpdesk/<service>} as {@code clientId} (connecting it if new) with key, value pairs. */
    JsonNode call(String clientId, String service, Object... fields) {
        if (channels.client(clientId).isEmpty()) {
            channels.connect(clientId);
        }
        ObjectNode data = MAPPER.createObjectNode();
        for (int i = 0; i + 1 < fields.length; i += 2) {
            data.set((String) fields[i], MAPPER.valueToTree(fields[i + 1]));
        }
        return this.service.handle(clientId, HelpDeskService.ROOT + service, data);
    }

    /** A new visitor at desk {@code support} on a new client {@code clientId} from {@code host}: its hello answer. */
    JsonNode helloFrom(String host, String clientId, Object... more) {
        channels.connectFrom(clientId, host + ":40000");
        return hello(clientId, more);
    }

    /** A visitor at desk {@code support}: its hello answer. */
    JsonNode hello(String clientId, Object... more) {
        Object[] fields = new Object[more.length + 2];
        fields[0] = "desk";
        fields[1] = "support";
        System.arraycopy(more, 0, fields, 2, more.length);
        return call(clientId, "hello", fields);
    }

    /** A helper signed in with the key. */
    JsonNode helper(String clientId, String name) {
        return call(clientId, "helper/login", "key", HELPER_KEY, "name", name);
    }

    /** The client's end, as the node reports it. */
    void end(String clientId) {
        channels.disconnect(clientId);
        desk.clientEnded(clientId);
    }
}
