package org.orbited.bridge.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReconnectBackoffTest {
    @Test
    void delaysDoubleUpToTheCapWithAtMostAFifthOfJitterAndRegistrationResets() {
        ReconnectBackoff b = new ReconnectBackoff(Duration.ofSeconds(2), Duration.ofSeconds(10));
        assertThat(b.next(false)).isBetween(2000L, 2400L);
        assertThat(b.next(false)).isBetween(4000L, 4800L);
        assertThat(b.next(false)).isBetween(8000L, 9600L);
        assertThat(b.next(false)).isBetween(10_000L, 12_000L);
        assertThat(b.next(true)).as("lost after registration: the first failure").isBetween(2000L, 2400L);
        b.next(false);
        b.registered();
        assertThat(b.next(false)).isBetween(2000L, 2400L);
    }
}
