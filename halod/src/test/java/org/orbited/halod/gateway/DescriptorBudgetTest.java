package org.orbited.halod.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The relayed-connection limit fits the descriptor limit: 2 descriptors each, 6 with splice (two pipes). */
class DescriptorBudgetTest {
    private static GatewayConfig config(String splice, String max) throws Exception {
        return GatewayConfigParser.parse(null, Map.of("token", "t", "relay.splice", splice,
                "relay.max_connections", max), k -> null);
    }

    @Test
    void aLimitThatFitsIsKept() throws Exception {
        assertThat(DescriptorBudget.maxRelayed(config("0", "9000"), 20_000)).isEqualTo(9000);
        assertThat(DescriptorBudget.maxRelayed(config("0", "9000"), 0)).as("limit unknown").isEqualTo(9000);
    }

    @Test
    void spliceCountsSixDescriptorsPerConnectionAndTheLimitIsLowered() throws Exception {
        // 20,000 - 200 reserved - 2 x 24 route listeners = 19,752; / 6 = 3,292
        assertThat(DescriptorBudget.maxRelayed(config("1", "9000"), 20_000)).isEqualTo(3292);
        // the plain relay: / 2 = 9,876
        assertThat(DescriptorBudget.maxRelayed(config("0", "12000"), 20_000)).isEqualTo(9876);
    }
}
