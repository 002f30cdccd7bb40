package org.orbited.bridge.xmpp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What {@link RoomState} shows of a room, without a server. */
class XmppRoomStateTest {
    @Test
    void rolesTellANickStartingWithAPrefixFromAModerator() {
        RoomState w = new RoomState("lobby", "/xmpp/conference$2Elocalhost/lobby", null, "orbited", 20);
        w.members.put("bob", new RoomState.Member("@", null, null));
        w.members.put("@bob", new RoomState.Member("", null, null));
        w.members.put("~x", new RoomState.Member("~", null, null));
        ObjectNode names = w.names(Instant.parse("2026-12-07T08:00:00Z"));
        List<String> list = new ArrayList<>();
        names.get("names").forEach(n -> list.add(n.asText()));
        assertThat(list).containsExactly("@bob", "@bob", "~~x");  // IRC's shape, ambiguous by itself
        ObjectNode roles = (ObjectNode) names.get("roles");
        List<String> nicks = new ArrayList<>();
        roles.fieldNames().forEachRemaining(nicks::add);
        assertThat(nicks).containsExactly("bob", "@bob", "~x");
        assertThat(roles.get("bob").asText()).isEqualTo("@");
        assertThat(roles.get("@bob").asText()).isEmpty();
        assertThat(roles.get("~x").asText()).isEqualTo("~");
    }
}
