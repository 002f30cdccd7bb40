package org.orbited.bridge.xmpp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.orbited.plugin.ChannelId;

/** Mirror room names, the carrier Bayeux names the mirror's policy refuses, and what a frame body may contain. */
class XmppMirrorNamesTest {
    final XmppMirrorNames names = new XmppMirrorNames("conference.localhost", "orbited-mirror-");

    boolean carrier(String name) {
        return names.isCarrier(ChannelId.parse(name));
    }

    @Test
    void aMirrorRoomIsARoomOfTheMucServiceWhoseLocalpartStartsWithThePrefixAsXmppFoldsIt() {
        assertThat(names.room("orbited-mirror-abcdefghijklmnop").toString())
                .isEqualTo("orbited-mirror-abcdefghijklmnop@conference.localhost");
        assertThat(carrier("/xmpp/conference$2Elocalhost/orbited-mirror-abcdefghijklmnop")).isTrue();
        assertThat(carrier("/xmpp/conference$2Elocalhost/orbited-mirror-")).isTrue();
        // XMPP localparts are case-insensitive: the room a browser would reach is the same one.
        assertThat(carrier("/xmpp/conference$2Elocalhost/Orbited-Mirror-ABC")).isTrue();

        assertThat(carrier("/xmpp/conference$2Elocalhost/lobby")).isFalse();
        assertThat(carrier("/xmpp/conference$2Elocalhost/orbited-mirro")).isFalse();
        assertThat(carrier("/xmpp/other$2Elocalhost/orbited-mirror-abc")).isFalse();      // another service
        assertThat(carrier("/xmpp/conference$2Elocalhost/*")).isFalse();                  // patterns: the bridge's
        assertThat(carrier("/xmpp/conference$2Elocalhost/**")).isFalse();                 // policy judges them
        assertThat(carrier("/xmpp/conference$2Elocalhost/orbited-mirror-a/x")).isFalse(); // not a room channel
        assertThat(carrier("/xmpp/conference$2Elocalhost/orbited-mirror-$4")).isFalse();  // bad escape
        assertThat(carrier("/chat/orbited-mirror-abc")).isFalse();
    }

    @Test
    void anInvalidCarrierIsAConfigurationError() {
        assertThatThrownBy(() -> names.room("a@b")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a@b@conference.localhost");
    }

    @Test
    void originsAreSixteenBase32CharactersAndFresh() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            String o = XmppMirror.newOrigin();
            assertThat(o).matches("[a-z2-7]{16}");
            seen.add(o);
        }
        assertThat(seen).hasSize(100);
    }
}
