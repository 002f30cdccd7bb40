package org.orbited.bridge.xmpp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.orbited.bridge.common.BridgeCodes;
import org.orbited.plugin.ServerChannels;

/** The error events of relayed lines, without a server: what the speaker alone receives. */
class XmppRelayedLinesTest {
    record Delivered(String clientId, String channel, JsonNode data) {
    }

    final List<Delivered> delivered = new CopyOnWriteArrayList<>();
    final AtomicLong nanos = new AtomicLong();

    /** ServerChannels recording {@code deliver}; nothing else is used by what is tested. */
    ServerChannels channels() {
        return (ServerChannels) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ServerChannels.class}, (proxy, method, args) -> {
                    if (method.getName().equals("deliver")) {
                        delivered.add(new Delivered((String) args[0], (String) args[1], (JsonNode) args[2]));
                        return true;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    RelayedLines lines() {
        XmppOptions options = XmppOptions.parse("xmpp", Map.of("host", "xmpp.example.org", "domain", "example.org",
                "muc", "conference.example.org", "rooms", "lobby", "anon.domain", "anon.example.org"), k -> null);
        RoomMapping mapping = new RoomMapping("conference.example.org", List.of("lobby"));
        return new RelayedLines(options, mapping, channels(),
                Clock.fixed(Instant.parse("2026-12-07T08:00:00Z"), ZoneOffset.UTC), new BridgeCodes("xmpp"),
                (task, ns) -> { }, () -> null, new RoomEchoes(nanos::get));
    }

    @Test
    void notConfirmedCarriesTheRoomAsChannelLikeEveryRoomError() {
        RelayedLines lines = lines();
        lines.echoes().expect("lobby", "orb-1", "client-1", "alice_web", "hello", false, true);
        nanos.addAndGet(java.util.concurrent.TimeUnit.SECONDS.toNanos(OutgoingLines.CONFIRM_SECONDS + 1));
        lines.expireEchoes();
        assertThat(delivered).singleElement().satisfies(d -> {
            assertThat(d.clientId()).isEqualTo("client-1");
            assertThat(d.channel()).isEqualTo("/xmpp/conference$2Eexample$2Eorg/lobby");
            assertThat(d.data().get("type").asText()).isEqualTo("error");
            assertThat(d.data().get("code").asText()).isEqualTo("xmpp_not_confirmed");
            assertThat(d.data().get("channel").asText()).isEqualTo("lobby");
        });
    }
}
