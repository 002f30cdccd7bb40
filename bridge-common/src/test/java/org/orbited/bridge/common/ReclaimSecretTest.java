package org.orbited.bridge.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The reclaim secret: enough randomness, exact matching, and the answers built from it. */
class ReclaimSecretTest {
    @Test
    void aSecretIsAtLeast128RandomBitsAndNeverRepeats() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String s = ReclaimSecret.issue();
            assertThat(Base64.getUrlDecoder().decode(s)).hasSizeGreaterThanOrEqualTo(16);
            assertThat(s).matches("[A-Za-z0-9_-]{32}");
            assertThat(seen.add(s)).isTrue();
        }
    }

    @Test
    void onlyTheExactSecretMatches() {
        String s = ReclaimSecret.issue();
        assertThat(ReclaimSecret.matches(s, s)).isTrue();
        assertThat(ReclaimSecret.matches(s, new String(s.toCharArray()))).isTrue();
        assertThat(ReclaimSecret.matches(s, s.substring(1))).isFalse();
        assertThat(ReclaimSecret.matches(s, s + "x")).isFalse();
        assertThat(ReclaimSecret.matches(s, s.toUpperCase())).isFalse();
        assertThat(ReclaimSecret.matches(s, "")).isFalse();
        assertThat(ReclaimSecret.matches(s, null)).isFalse();
        assertThat(ReclaimSecret.matches(null, s)).isFalse();
        assertThat(ReclaimSecret.matches(null, null)).isFalse();
        assertThat(ReclaimSecret.matches(s, "a".repeat(100_000))).isFalse();
    }

    @Test
    void theAnswersHaveTheDocumentedShape() {
        assertThat(ReclaimSecret.reclaimedAnswer("alice", "S").toString())
                .isEqualTo("{\"ok\":true,\"nick\":\"alice\",\"reclaimed\":true,\"reclaim\":\"S\"}");
        assertThat(ReclaimSecret.takenOverEvent("alice", Instant.parse("2026-01-02T03:04:05Z")).toString())
                .isEqualTo("{\"type\":\"status\",\"text\":\"another page took over this connection\","
                        + "\"status\":\"reclaimed\",\"time\":\"2026-01-02T03:04:05.000Z\",\"nick\":\"alice\"}");
    }
}
