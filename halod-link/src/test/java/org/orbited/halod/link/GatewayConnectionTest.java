package org.orbited.halod.link;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** How the link names its gateway in logs: as configured, never {@code 127.0.0.1/<unresolved>:17700}. */
class GatewayConnectionTest {
    @Test
    void aGatewayIsShownAsHostColonPortResolvedOrNot() {
        assertThat(GatewayConnection.display(InetSocketAddress.createUnresolved("127.0.0.1", 17700)))
                .isEqualTo("127.0.0.1:17700");
        assertThat(GatewayConnection.display(InetSocketAddress.createUnresolved("gw.example", 17700)))
                .isEqualTo("gw.example:17700");
        assertThat(GatewayConnection.display(new InetSocketAddress("127.0.0.1", 17700))).isEqualTo("127.0.0.1:17700");
        assertThat(GatewayConnection.display(InetSocketAddress.createUnresolved("::1", 17700))).isEqualTo("[::1]:17700");
    }
}
