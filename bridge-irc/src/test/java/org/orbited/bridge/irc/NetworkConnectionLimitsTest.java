package org.orbited.bridge.irc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.orbited.bridge.common.LoginRateLimit;

/** B7 and B8 pure logic: topic line size, QUIT reason cut, the per-client login rate. */
class NetworkConnectionLimitsTest {

    @Test
    void aTopicIsRefusedByTheBytesOfItsLineNotItsCharacters() {
        OutgoingLimits.checkTopic("#c", "x".repeat(500), 0);  // "TOPIC #c :" is 10 bytes: 510 fits
        assertThatThrownBy(() -> OutgoingLimits.checkTopic("#c", "x".repeat(501), 0))
                .isInstanceOfSatisfying(IrcTextException.class,
                        e -> assertThat(e.reason().code()).isEqualTo("irc_text_too_long"))
                .hasMessageContaining("at most 500");
        // 300 euro signs are 300 characters but 900 bytes
        assertThatThrownBy(() -> OutgoingLimits.checkTopic("#c", "€".repeat(300), 0))
                .isInstanceOf(IrcTextException.class).hasMessageContaining("900 bytes");
        OutgoingLimits.checkTopic("#c", "€".repeat(166), 0);
        // the server's TOPICLEN
        OutgoingLimits.checkTopic("#c", "x".repeat(390), 390);
        assertThatThrownBy(() -> OutgoingLimits.checkTopic("#c", "x".repeat(391), 390))
                .isInstanceOf(IrcTextException.class).hasMessageContaining("at most 390");
    }

    @Test
    void aQuitReasonIsCutAtACodePointBoundaryWithinTheByteCap() {
        assertThat(OutgoingLimits.quitReason("see you")).isEqualTo("see you");
        String euros = OutgoingLimits.quitReason("€".repeat(300));
        assertThat(euros).isEqualTo("€".repeat(100));
        String emoji = OutgoingLimits.quitReason("a" + "😀".repeat(200));  // 1 + 4n bytes
        assertThat(emoji.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(300).isEqualTo(297);
        assertThat(Character.isHighSurrogate(emoji.charAt(emoji.length() - 1))).isFalse();
        assertThat(OutgoingLimits.quitReason("y".repeat(300))).hasSize(300);
        assertThat(OutgoingLimits.quitReason("y".repeat(301))).hasSize(300);
    }

    @Test
    void loginsArePacedPerClientOverASlidingMinuteAndTheMapIsBounded() {
        AtomicLong now = new AtomicLong(1);
        LoginRateLimit rate = new LoginRateLimit(3, 2, now::get);
        assertThat(rate.tryAcquire("a")).isTrue();
        assertThat(rate.tryAcquire("a")).isTrue();
        assertThat(rate.tryAcquire("a")).isTrue();
        assertThat(rate.tryAcquire("a")).isFalse();
        assertThat(rate.tryAcquire("b")).as("per client").isTrue();
        assertThat(rate.tryAcquire("c")).as("two clients at most while both are recent").isFalse();
        now.addAndGet(TimeUnit.SECONDS.toNanos(59));
        assertThat(rate.tryAcquire("a")).isFalse();
        now.addAndGet(TimeUnit.SECONDS.toNanos(1));
        assertThat(rate.tryAcquire("a")).as("a minute later").isTrue();
        rate.forget("b");
        assertThat(rate.tryAcquire("c")).isTrue();
        assertThat(rate.clients()).isEqualTo(2);
    }
}
