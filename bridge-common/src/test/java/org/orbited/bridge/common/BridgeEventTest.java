package org.orbited.bridge.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The shared event JSON; IRC's exact bytes are pinned by bridge-irc's IrcEventTest. */
class BridgeEventTest {
    private final Instant t = Instant.parse("2026-05-06T07:08:09Z");

    @Test
    void presenceCarriesShowAndItsStatusText() {
        assertThat(BridgeEvent.presence("lobby", "alice", "away", "lunch", t).toJson().toString()).isEqualTo(
                "{\"type\":\"presence\",\"channel\":\"lobby\",\"sender\":\"alice\",\"text\":\"lunch\","
                        + "\"show\":\"away\",\"time\":\"2026-05-06T07:08:09.000Z\"}");
        assertThat(BridgeEvent.presence("lobby", "bob", null, null, t).toJson().has("show")).isFalse();
    }

    @Test
    void historyTruncatedOccupantAndCodeAreOptionalAndAbsentByDefault() {
        BridgeEvent plain = BridgeEvent.of(BridgeEvent.Type.MESSAGE, "lobby", "alice", "hi", t);
        assertThat(plain.toJson().toString()).isEqualTo("{\"type\":\"message\",\"channel\":\"lobby\","
                + "\"sender\":\"alice\",\"text\":\"hi\",\"time\":\"2026-05-06T07:08:09.000Z\"}");
        assertThat(plain.asHistory().asTruncated().withOccupant("alice@localhost").toJson().toString()).isEqualTo(
                "{\"type\":\"message\",\"channel\":\"lobby\",\"sender\":\"alice\",\"text\":\"hi\","
                        + "\"occupant\":\"alice@localhost\",\"history\":true,\"truncated\":true,"
                        + "\"time\":\"2026-05-06T07:08:09.000Z\"}");
        assertThat(BridgeEvent.status("lobby", "disconnected", "gone", t).withCode("xmpp_connection_lost").toJson()
                .toString()).isEqualTo("{\"type\":\"status\",\"channel\":\"lobby\",\"text\":\"gone\","
                + "\"status\":\"disconnected\",\"time\":\"2026-05-06T07:08:09.000Z\","
                + "\"code\":\"xmpp_connection_lost\"}");
    }

    @Test
    void anErrorEventHasCodeAndMessageRightAfterItsType() {
        assertThat(BridgeEvent.error("xmpp_not_confirmed", "no reflection", t).toString()).isEqualTo(
                "{\"type\":\"error\",\"code\":\"xmpp_not_confirmed\",\"message\":\"no reflection\","
                        + "\"time\":\"2026-05-06T07:08:09.000Z\"}");
    }

    @Test
    void aNickChangeMayNameItsRoom() {
        assertThat(BridgeEvent.nickChange("old", "new", t).withChannel("lobby").toJson().toString()).isEqualTo(
                "{\"type\":\"nick\",\"channel\":\"lobby\",\"sender\":\"old\",\"nick\":\"new\","
                        + "\"time\":\"2026-05-06T07:08:09.000Z\"}");
    }

    @Test
    void namesMayCarryTheNickOfTheConnectionThatSawThem() {
        assertThat(BridgeEvent.names("#help", java.util.List.of("@op", "bridge"), "bridge", t).toJson().toString())
                .isEqualTo("{\"type\":\"names\",\"channel\":\"#help\",\"names\":[\"@op\",\"bridge\"],"
                        + "\"self\":\"bridge\",\"time\":\"2026-05-06T07:08:09.000Z\"}");
        assertThat(BridgeEvent.names("#help", java.util.List.of("op"), t).toJson().has("self")).isFalse();
        assertThat(BridgeEvent.names("#help", java.util.List.of("op"), "me", t).asHistory().self()).isEqualTo("me");
    }
}
