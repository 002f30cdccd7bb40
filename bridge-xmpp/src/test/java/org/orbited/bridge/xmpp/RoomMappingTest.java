package org.orbited.bridge.xmpp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.orbited.bridge.common.Refused;
import org.orbited.plugin.ChannelId;

class RoomMappingTest {
    private final RoomMapping mapping = new RoomMapping("Conference.Example.org", List.of("lobby", "Support-*", "r?"));

    private String codeOf(String channel) {
        try {
            mapping.toRoom(ChannelId.parse(channel));
            return null;
        } catch (Refused e) {
            return e.code();
        }
    }

    @Test
    void roomsMapToTheEscapedServiceAndNormalisedLocalpart() throws Exception {
        assertThat(mapping.muc()).isEqualTo("conference.example.org");
        assertThat(mapping.toBayeux("lobby").name()).isEqualTo("/xmpp/conference$2Eexample$2Eorg/lobby");
        assertThat(mapping.claim()).isEqualTo("/xmpp/conference$2Eexample$2Eorg/**");
        assertThat(mapping.servicePrefix()).isEqualTo("/service/xmpp/conference$2Eexample$2Eorg/");
        assertThat(mapping.toRoom(mapping.toBayeux("support-1"))).isEqualTo("support-1");
        assertThat(mapping.roomJid("lobby").toString()).isEqualTo("lobby@conference.example.org");
        assertThat(RoomMapping.normalise("Lobby")).isEqualTo("lobby");
        assertThat(mapping.allowed("LOBBY")).isEqualTo("lobby");
        assertThat(mapping.toBayeux("caf\u00e9").name()).isEqualTo("/xmpp/conference$2Eexample$2Eorg/caf$C3$A9");
    }

    @Test
    void theAllowlistUsesGlobs() {
        assertThat(mapping.isAllowed("support-")).isTrue();
        assertThat(mapping.isAllowed("support-abc")).isTrue();
        assertThat(mapping.isAllowed("r1")).isTrue();
        assertThat(mapping.isAllowed("r12")).isFalse();
        assertThat(mapping.isAllowed("other")).isFalse();
    }

    @Test
    void refusalsCarryStableCodesInOrder() {
        assertThat(codeOf("/xmpp/conference$2Eexample$2Eorg/*")).isEqualTo("xmpp_not_xmpp_room");
        assertThat(codeOf("/xmpp/conference$2Eexample$2Eorg/lobby/x")).isEqualTo("xmpp_not_xmpp_room");
        assertThat(codeOf("/irc/x/lobby")).isEqualTo("xmpp_not_xmpp_room");
        assertThat(codeOf("/xmpp/conference$2Eother$2Eorg/lobby")).isEqualTo("xmpp_other_service");
        assertThat(codeOf("/xmpp/conference$2Eexample$2Eorg/$41")).isEqualTo("xmpp_bad_escape");
        assertThat(codeOf("/xmpp/conference$2Eexample$2Eorg/a$20b")).isEqualTo("xmpp_invalid_room_name");
        assertThat(codeOf("/xmpp/conference$2Eexample$2Eorg/Lobby")).isEqualTo("xmpp_not_canonical");
        assertThat(codeOf("/xmpp/conference$2Eexample$2Eorg/secret")).isEqualTo("xmpp_channel_not_allowed");
        assertThat(codeOf("/xmpp/conference$2Eexample$2Eorg/lobby")).isNull();
        assertThat(mapping.roomOrNull("/xmpp/conference$2Eexample$2Eorg/secret")).isNull();
    }

    @Test
    void badConfigurationIsRefused() {
        assertThatThrownBy(() -> new RoomMapping("conference.example.org", List.of())).hasMessageContaining("no room");
        assertThatThrownBy(() -> new RoomMapping("conference.example.org", List.of("a b")))
                .hasMessageContaining("allowlist entry 'a b'");
        assertThatThrownBy(() -> RoomMapping.normalise("a\u0000b")).isInstanceOf(Refused.class);
    }
}
