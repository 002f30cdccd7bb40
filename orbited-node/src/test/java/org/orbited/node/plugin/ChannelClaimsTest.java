package org.orbited.node.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.orbited.plugin.ChannelId;
import org.orbited.plugin.Registration;

class ChannelClaimsTest {
    private static ChannelId id(String name) {
        return ChannelId.parse(name);
    }

    @Test
    void reservedRootsAreClosedUntilClaimedAndOnlyWhileTheGuardHolds() {
        ChannelClaims claims = new ChannelClaims();
        AtomicBoolean started = new AtomicBoolean(true);
        assertThat(claims.allows(id("/irc/local/$23help"))).isFalse();
        assertThat(claims.allows(id("/chat/room"))).isTrue();
        assertThat(claims.allows(id("/**"))).as("not under a reserved root").isTrue();

        Registration r = claims.add("irc.local", "/irc/local/**", started::get);
        assertThat(claims.allows(id("/irc/local/$23help"))).isTrue();
        assertThat(claims.allows(id("/irc/local/*"))).isTrue();
        assertThat(claims.allows(id("/irc/local/**"))).isTrue();
        assertThat(claims.allows(id("/irc/local"))).as("the claim's own prefix is not a channel under it").isFalse();
        assertThat(claims.allows(id("/irc/**"))).as("wider than the claim").isFalse();
        assertThat(claims.allows(id("/irc/*"))).isFalse();
        assertThat(claims.allows(id("/irc/other/$23help"))).isFalse();
        assertThat(claims.allows(id("/xmpp/local/room"))).isFalse();

        started.set(false);
        assertThat(claims.allows(id("/irc/local/$23help"))).as("guard off").isFalse();
        started.set(true);
        r.cancel();
        r.cancel();
        assertThat(claims.allows(id("/irc/local/$23help"))).as("cancelled").isFalse();
        assertThat(claims.size()).isZero();
    }

    @Test
    void aConcreteClaimCoversExactlyThatChannel() {
        ChannelClaims claims = new ChannelClaims();
        claims.add("x", "/xmpp/muc/lobby", () -> true);
        assertThat(claims.allows(id("/xmpp/muc/lobby"))).isTrue();
        assertThat(claims.allows(id("/xmpp/muc/other"))).isFalse();
        assertThat(claims.allows(id("/xmpp/muc/*"))).isFalse();
    }

    @Test
    void claimsOutsideTheReservedRootsOrWithOneSegmentWildcardsAreRefused() {
        ChannelClaims claims = new ChannelClaims();
        assertThatThrownBy(() -> claims.add("x", "/chat/**", () -> true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not under /irc/ or /xmpp/");
        assertThatCode(() -> claims.add("x", "/irc/**", () -> true)).as("the whole root may be claimed")
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> claims.add("x", "/irc/local/*", () -> true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("end in /**");
        assertThatThrownBy(() -> claims.add("x", "/irc/bad name", () -> true))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
