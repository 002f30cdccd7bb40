package org.orbited.halod.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orbited.halod.link.LinkClient;
import org.orbited.halod.link.LinkLimits;
import org.slf4j.LoggerFactory;

/**
 * Bad input on the control port ends only the offending link, with BYE and a logged reason, while a registered
 * node keeps heartbeating and keeps its routes.
 */
class ControlBadInputTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;
    private RunningGateway g;
    private LinkClient client;
    private final RecordingNode a = new RecordingNode();
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

    @BeforeEach
    void start() throws Exception {
        logged.start();
        ((Logger) LoggerFactory.getLogger(ClusterController.class)).addAppender(logged);
        g = RunningGateway.start(dir, 24, new HashMap<>(Map.of("heartbeat_ms", "200", "miss_limit", "25",
                "fence_ms", "4000", "recovery.grace_ms", "60000")));
        client = g.client("orb-a", "127.0.0.1:1", "127.0.0.1:2", a);
        await().atMost(WAIT).until(() -> a.owned().size() == 24);
    }

    @AfterEach
    void stop() {
        client.close();
        g.close();
        ((Logger) LoggerFactory.getLogger(ClusterController.class)).detachAppender(logged);
    }

    private String byeFor(byte[] bytes) throws Exception {
        try (RawLink raw = new RawLink(g)) {
            raw.write(bytes);
            String bye = raw.readUntil("BYE", WAIT);
            assertThat(raw.closedWithin(WAIT)).isTrue();
            return bye;
        }
    }

    private void assertLogged(String fragment) {
        await().atMost(WAIT).until(() -> logged.list.stream().anyMatch(e -> e.getFormattedMessage().contains(fragment)));
    }

    private void assertOrbAUnharmed() throws Exception {
        long heartbeatsBefore = g.status().get("nodes").get(0).get("lastHeartbeatMs").asLong();
        assertThat(heartbeatsBefore).isLessThan(4000);
        assertThat(a.owned()).hasSize(24);
        assertThat(a.registered).hasSize(1);
        assertThat(a.fences.get()).isZero();
        assertThat(g.status().get("version").asLong()).isEqualTo(1);
    }

    @Test
    void garbageUnknownTypeAndBadTokenGetByeProtocol() throws Exception {
        assertThat(byeFor("hello there\n".getBytes(StandardCharsets.UTF_8))).contains("\"reason\":\"protocol\"");
        assertLogged("not a JSON line");
        assertThat(byeFor("{\"type\":\"WHATEVER\"}\n".getBytes(StandardCharsets.UTF_8))).contains("protocol");
        assertLogged("WHATEVER");
        assertThat(byeFor(RawLink.registerLine("wrong", "orb-x", 0).getBytes(StandardCharsets.UTF_8)))
                .contains("protocol");
        assertLogged("wrong token");
        assertOrbAUnharmed();
    }

    @Test
    void anOversizedLineIsRefusedWithByeProtocol() throws Exception {
        byte[] big = new byte[LinkLimits.MAX_LINE_BYTES + 1];
        Arrays.fill(big, (byte) 'x');
        assertThat(byeFor(big)).contains("protocol");
        assertLogged("line longer than");
        assertOrbAUnharmed();
    }

    @Test
    void aTruncatedLineThenCloseIsLogged() throws Exception {
        try (RawLink raw = new RawLink(g)) {
            raw.send("{\"type\":\"REGIS");
        }
        assertLogged("closed in the middle of a line (14 bytes unterminated)");
        assertOrbAUnharmed();
    }

    @Test
    void aDuplicateNameGetsByeDuplicateName() throws Exception {
        assertThat(byeFor(RawLink.registerLine(RunningGateway.TOKEN, "orb-a", 0).getBytes(StandardCharsets.UTF_8)))
                .contains("\"reason\":\"duplicate-name\"");
        assertLogged("held by a live link");
        assertOrbAUnharmed();
    }

    @Test
    void aReclaimOfAnUnknownIdDuringTheGraceGetsByeProtocol() throws Exception {
        g.restart(); // grace of 60 s: orb-a re-claims id 1; a claim of id 9 is refused
        await().atMost(WAIT).until(() -> a.registered.size() == 2);
        assertThat(byeFor(RawLink.registerLine(RunningGateway.TOKEN, "orb-x", 9).getBytes(StandardCharsets.UTF_8)))
                .contains("protocol");
        assertLogged("re-claims id 9, which the stored table does not know");
        assertThat(a.owned()).hasSize(24);
        assertThat(g.status().get("version").asLong()).isEqualTo(1);
    }

    @Test
    void aMessageBeforeRegisterIsRefused() throws Exception {
        assertThat(byeFor("{\"type\":\"DRAIN\"}\n".getBytes(StandardCharsets.UTF_8))).contains("protocol");
        assertLogged("DRAIN before REGISTER");
        assertOrbAUnharmed();
    }
}
