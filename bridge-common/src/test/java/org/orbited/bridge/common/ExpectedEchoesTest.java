package org.orbited.bridge.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ExpectedEchoesTest {
    private record Key(String room, String id) {
    }

    private final AtomicLong now = new AtomicLong(1_000);
    private final ExpectedEchoes<Key> echoes = new ExpectedEchoes<>(Duration.ofSeconds(30), 3, now::get);

    @Test
    void eachExpectationIsConsumedOnceByItsKeyAlone() {
        echoes.expect(new Key("lobby", "a1"));
        echoes.expect(new Key("lobby", "a1"));
        assertThat(echoes.consume(new Key("other", "a1"))).isFalse();
        assertThat(echoes.consume(new Key("lobby", "a1"))).isTrue();
        assertThat(echoes.consume(new Key("lobby", "a1"))).isTrue();
        assertThat(echoes.consume(new Key("lobby", "a1"))).as("two expected, two consumed").isFalse();
        assertThat(echoes.size()).isZero();
    }

    @Test
    void expectationsLapseAfterTheirTtlAndTheOldestGoFirstWhenFull() {
        echoes.expect(new Key("lobby", "late"));
        now.addAndGet(Duration.ofSeconds(30).toNanos() + 1);
        assertThat(echoes.consume(new Key("lobby", "late"))).isFalse();
        for (int i = 0; i < 5; i++) {
            echoes.expect(new Key("lobby", "m" + i));
        }
        assertThat(echoes.size()).isEqualTo(3);
        assertThat(echoes.consume(new Key("lobby", "m1"))).as("the oldest went first").isFalse();
        assertThat(echoes.consume(new Key("lobby", "m4"))).isTrue();
    }
}
