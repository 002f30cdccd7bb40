package org.orbited.bridge.irc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.orbited.bridge.common.BridgeEvent;

class ChannelRosterTest {
    private static final Instant T = Instant.parse("2026-01-02T03:04:05Z");

    @Test
    void followsNamesJoinsPartsKicksQuitsNickChangesAndTheTopic() {
        ChannelRoster r = new ChannelRoster(CaseMapping.RFC1459::fold);
        r.apply(BridgeEvent.of(BridgeEvent.Type.JOIN, "#c", "bridge", null, T));
        assertThat(r.isKnown()).isFalse();
        r.apply(BridgeEvent.names("#c", List.of("@Op", "+voiced", "bridge", "guest"), T));
        assertThat(r.isKnown()).isTrue();
        r.apply(BridgeEvent.of(BridgeEvent.Type.JOIN, "#c", "newbie", null, T));
        r.apply(BridgeEvent.of(BridgeEvent.Type.PART, "#c", "guest", "bye", T));
        r.apply(BridgeEvent.kick("#c", "Op", "VOICED", "out", T));   // folded: the same member
        r.apply(BridgeEvent.nickChange("op", "Boss", T));
        r.apply(BridgeEvent.of(BridgeEvent.Type.QUIT, null, "newbie", null, T));
        r.apply(BridgeEvent.of(BridgeEvent.Type.TOPIC, "#c", "Boss", "rules", T));
        assertThat(r.members()).containsExactly("bridge", "@Boss");
        assertThat(r.names("#c", "bridge", T).names()).containsExactly("bridge", "@Boss");
        assertThat(r.names("#c", "bridge", T).self()).isEqualTo("bridge");
        assertThat(r.topic("#c", T).text()).isEqualTo("rules");
        assertThat(r.topic("#c", T).sender()).isEqualTo("Boss");
        r.clear();
        assertThat(r.isKnown()).isFalse();
        assertThat(r.topic("#c", T)).isNull();
    }

    @Test
    void channelLimitTakesTheSmallestGivenLimitAndJoinBatchesFitTheirBytes() {
        assertThat(ServerIsupport.channelLimit("#&:10")).isEqualTo(10);
        assertThat(ServerIsupport.channelLimit("#:20,&:5")).isEqualTo(5);
        assertThat(ServerIsupport.channelLimit("#:,&:")).isZero();
        assertThat(ServerIsupport.channelLimit("#:x")).isZero();
        List<String> many = java.util.stream.IntStream.range(0, 30).mapToObj(i -> "#chan-" + "x".repeat(40) + i)
                .toList();
        List<String> first = JoinPacer.firstBatch(many, JoinPacer.MAX_LINE_BYTES);
        String line = "JOIN " + String.join(",", first);
        assertThat(line.length()).isLessThanOrEqualTo(JoinPacer.MAX_LINE_BYTES);
        assertThat(line.length() + 1 + many.get(first.size()).length()).isGreaterThan(JoinPacer.MAX_LINE_BYTES);
        assertThat(first).isEqualTo(many.subList(0, first.size()));
        assertThat(JoinPacer.firstBatch(List.of("#" + "y".repeat(600)), 100)).hasSize(1);
    }
}
