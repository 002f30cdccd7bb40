package org.orbited.bridge.irc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.orbited.bridge.common.BridgeEvent;

class IrcEventTest {
    private final Clock clock = Clock.fixed(Instant.parse("2026-05-06T07:08:09Z"), ZoneOffset.UTC);

    @Test
    void messageJsonHasTheDocumentedFields() {
        BridgeEvent e = BridgeEvent.of(BridgeEvent.Type.MESSAGE, "#help", "alice", "hi \"<b>\"",
                Instant.parse("2026-01-02T03:04:05.678Z"));
        assertThat(e.toJson().toString()).isEqualTo(
                "{\"type\":\"message\",\"channel\":\"#help\",\"sender\":\"alice\",\"text\":\"hi \\\"<b>\\\"\","
                        + "\"time\":\"2026-01-02T03:04:05.678Z\"}");
    }

    @Test
    void everyTypeHasItsLowerCaseWireName() {
        assertThat(BridgeEvent.Type.values()).extracting(BridgeEvent.Type::wireName).containsExactly("message",
                "action", "notice", "join", "part", "kick", "quit", "nick", "topic", "names", "status", "presence",
                "error");
    }

    @Test
    void webEventsAndKicksCarryTheirOwnFields() {
        assertThat(BridgeEvent.fromWeb(false, "#help", "alice_web", "hi", clock.instant(), true).toJson().toString())
                .isEqualTo("{\"type\":\"message\",\"channel\":\"#help\",\"sender\":\"alice_web\",\"text\":\"hi\","
                        + "\"web\":true,\"relay\":true,\"time\":\"2026-05-06T07:08:09.000Z\"}");
        assertThat(BridgeEvent.fromWeb(true, "#help", "alice", "waves", clock.instant(), false).toJson().toString())
                .isEqualTo("{\"type\":\"action\",\"channel\":\"#help\",\"sender\":\"alice\",\"text\":\"waves\","
                        + "\"web\":true,\"time\":\"2026-05-06T07:08:09.000Z\"}");
        assertThat(BridgeEvent.kick("#help", "op", "bridge", "out", clock.instant()).toJson().toString())
                .isEqualTo("{\"type\":\"kick\",\"channel\":\"#help\",\"sender\":\"op\",\"text\":\"out\","
                        + "\"nick\":\"bridge\",\"time\":\"2026-05-06T07:08:09.000Z\"}");
    }

    @Test
    void nickNamesAndStatusCarryTheirOwnFields() {
        assertThat(BridgeEvent.nickChange("old", "new", clock.instant()).toJson().toString())
                .isEqualTo("{\"type\":\"nick\",\"sender\":\"old\",\"nick\":\"new\",\"time\":\"2026-05-06T07:08:09.000Z\"}");
        assertThat(BridgeEvent.names("#c", List.of("@op", "visitor"), clock.instant()).toJson().get("names").toString())
                .isEqualTo("[\"@op\",\"visitor\"]");
        assertThat(BridgeEvent.status("#c", "reconnecting", "server closed the connection", clock.instant()).toJson()
                .get("status").asText()).isEqualTo("reconnecting");
    }

    @Test
    void serverTimeTagWinsOverTheLocalClock() {
        assertThat(IrcEventTranslator.timeOf(Map.of("time", "2025-12-31T23:59:59.123Z"), clock))
                .isEqualTo(Instant.parse("2025-12-31T23:59:59.123Z"));
        assertThat(IrcEventTranslator.timeOf(Map.of(), clock)).isEqualTo(clock.instant());
        assertThat(IrcEventTranslator.timeOf(null, clock)).isEqualTo(clock.instant());
        assertThat(IrcEventTranslator.timeOf(Map.of("time", "yesterday"), clock)).isEqualTo(clock.instant());
        assertThat(BridgeEvent.formatTime(Instant.parse("2026-01-01T00:00:00.123456Z"))).isEqualTo("2026-01-01T00:00:00.123Z");
    }
}
