package org.orbited.bridge.xmpp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The lines waiting for their room's reflection: reflected once, withdrawn, expired, bounded. */
class RoomEchoesTest {
    private final AtomicLong clock = new AtomicLong();
    private final RoomEchoes echoes = new RoomEchoes(clock::get, 1_000);

    @Test
    void aReflectionTakesTheLineOnce() {
        echoes.expect("lobby", "id1", "c1", "alice", "hi", false, false);
        assertThat(echoes.reflected("lobby", "id1")).extracting(RoomEchoes.Pending::sender).isEqualTo("alice");
        assertThat(echoes.reflected("lobby", "id1")).isNull();
        assertThat(echoes.reflected("other", "id1")).isNull();
    }

    @Test
    void aWithdrawnLineIsNeitherPublishedNorReportedUnconfirmed() {
        echoes.expect("lobby", "id1", "c1", "alice", "hi", false, false);
        echoes.expect("lobby", "id2", "c1", "alice", "there", false, false);
        echoes.withdraw("lobby", "id1");
        echoes.withdraw("lobby", null);
        echoes.withdraw("lobby", "unknown");
        clock.set(5_000);
        assertThat(echoes.expired()).extracting(RoomEchoes.Pending::id).containsExactly("id2");
        assertThat(echoes.reflected("lobby", "id1")).isNull();
    }

    @Test
    void boundedTheOldestIsExpiredAtOnce() {
        for (int i = 0; i <= RoomEchoes.MAX; i++) {
            echoes.expect("lobby", "id" + i, "c1", "alice", "x", false, false);
        }
        assertThat(echoes.size()).isEqualTo(RoomEchoes.MAX);
        assertThat(echoes.expired()).extracting(RoomEchoes.Pending::id).containsExactly("id0");
    }
}
