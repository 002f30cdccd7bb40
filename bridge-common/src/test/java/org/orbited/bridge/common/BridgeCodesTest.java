package org.orbited.bridge.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BridgeCodesTest {
    @Test
    void aCodeIsThePrefixAnUnderscoreAndTheSuffix() {
        assertThat(new BridgeCodes("xmpp").of("flood_queue_full")).isEqualTo("xmpp_flood_queue_full");
        assertThat(new BridgeCodes("irc").of("not_sent")).isEqualTo("irc_not_sent");
        assertThat(new BridgeCodes("irc").prefix()).isEqualTo("irc");
    }

    @Test
    void malformedPrefixesAndSuffixesAreRefused() {
        assertThatThrownBy(() -> new BridgeCodes("IRC")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BridgeCodes("irc_")).isInstanceOf(IllegalArgumentException.class);
        BridgeCodes codes = new BridgeCodes("irc");
        assertThatThrownBy(() -> codes.of("Not_Sent")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> codes.of("_sent")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> codes.of("a__b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> codes.of("")).isInstanceOf(IllegalArgumentException.class);
    }
}
