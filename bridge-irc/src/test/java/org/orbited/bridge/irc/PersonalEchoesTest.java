package org.orbited.bridge.irc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PersonalEchoesTest {
    private final AtomicLong now = new AtomicLong(1_000);
    private final PersonalEchoes echoes = new PersonalEchoes(now::get);

    @Test
    void eachSaidLineHidesExactlyOneIrcCopyOfItselfAndNothingElse() {
        echoes.expect("#help", false, "hi");
        echoes.expect("#help", false, "hi");
        assertThat(echoes.consume("#help", true, "hi")).as("an action is another line").isFalse();
        assertThat(echoes.consume("#other", false, "hi")).as("another channel").isFalse();
        assertThat(echoes.consume("#help", false, "hi")).isTrue();
        assertThat(echoes.consume("#help", false, "hi")).isTrue();
        assertThat(echoes.consume("#help", false, "hi")).as("two said, two hidden, the third is someone's").isFalse();
        echoes.expect("#help", false, "\u0002bold\u0002 move");
        assertThat(echoes.consume("#help", false, "bold move")).as("compared as the bridge reads it").isTrue();
        assertThat(echoes.size()).isZero();
    }

    @Test
    void anExpectationNoLineConsumedLapsesAndTheTotalIsBounded() {
        echoes.expect("#help", false, "refused by the server");
        now.addAndGet(PersonalEchoes.TTL_NANOS + 1);
        assertThat(echoes.consume("#help", false, "refused by the server")).isFalse();
        for (int i = 0; i < PersonalEchoes.MAX + 10; i++) {
            echoes.expect("#help", false, "line " + i);
        }
        assertThat(echoes.size()).isEqualTo(PersonalEchoes.MAX);
        assertThat(echoes.consume("#help", false, "line 0")).as("the oldest went first").isFalse();
        assertThat(echoes.consume("#help", false, "line " + (PersonalEchoes.MAX + 9))).isTrue();
    }
}
