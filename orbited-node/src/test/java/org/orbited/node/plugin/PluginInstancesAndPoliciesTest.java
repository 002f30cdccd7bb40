package org.orbited.node.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.orbited.node.plugin.PluginStatus.State;
import org.orbited.plugin.SecurityPolicy.Decision;

/**
 * Instances ({@code [plugin:NAME.INSTANCE]}) and scoped security policies in {@link PluginHost}, with the test
 * plugin {@link ScopedTestPlugin} and a {@link PolicyRegistry} as the node wires it.
 */
class PluginInstancesAndPoliciesTest {
    private static final PluginHost.Limits FAST =
            new PluginHost.Limits(Duration.ofSeconds(5), Duration.ofSeconds(5), 10_000);
    private static final ServerChannelsFactory CHANNELS =
            (name, executor) -> new RecordingServerChannels(name, executor);

    private final PolicyRegistry policies = new PolicyRegistry(List.of(), true);
    private final List<PluginHost> hosts = new ArrayList<>();

    @BeforeEach
    void reset() {
        ScopedTestPlugin.reset();
        LifecycleTestPlugin.reset();
    }

    @AfterEach
    void stopHosts() {
        hosts.forEach(PluginHost::stop);
    }

    private PluginHost host(Map<String, Map<String, String>> plugins) {
        PluginHost h = new PluginHost(plugins, getClass().getClassLoader(), CHANNELS, FAST, policies);
        hosts.add(h);
        return h;
    }

    @Test
    void twoSectionsOfOnePluginAreTwoInstancesWithTheirOwnOptionsThreadsAndStatus() {
        PluginHost host = host(Map.of(
                "scoped-test", Map.of("deny", "/a/", "nick", "first"),
                "scoped-test.second", Map.of("deny", "/b/", "nick", "second"))).start();

        assertThat(host.started()).containsExactly("scoped-test", "scoped-test.second");
        assertThat(host.statuses()).extracting(PluginStatus::name, PluginStatus::state).containsExactly(
                org.assertj.core.groups.Tuple.tuple("scoped-test", State.STARTED),
                org.assertj.core.groups.Tuple.tuple("scoped-test.second", State.STARTED));
        Map<String, ScopedTestPlugin.Started> started = ScopedTestPlugin.started();
        ScopedTestPlugin.Started first = started.get("scoped-test");
        ScopedTestPlugin.Started second = started.get("scoped-test.second");
        assertThat(first.context().name()).isEqualTo("scoped-test");
        assertThat(second.context().name()).isEqualTo("scoped-test.second");
        assertThat(first.context().options()).isEqualTo(Map.of("deny", "/a/", "nick", "first"));
        assertThat(second.context().options()).isEqualTo(Map.of("deny", "/b/", "nick", "second"));
        assertThat(first.instance()).as("each instance is its own object").isNotSameAs(second.instance());
        assertThat(first.thread()).isEqualTo("plugin-scoped-test");
        assertThat(second.thread()).isEqualTo("plugin-scoped-test.second");
        // Each instance's policy uses its own options.
        assertThat(policies.canPublish("c", "/a/x").reason()).isEqualTo(ScopedTestPlugin.REASON);
        assertThat(policies.canPublish("c", "/b/x").reason()).isEqualTo(ScopedTestPlugin.REASON);
        assertThat(policies.canPublish("c", "/c/x")).isEqualTo(Decision.ALLOW);
    }

    @ParameterizedTest
    @ValueSource(strings = {"scoped-test.", "scoped-test.OFTC", "scoped-test.a.b", "Scoped-test", ".oftc",
            "scoped-test.a b"})
    void aSectionNameThatBreaksTheGrammarStopsTheHostNamingIt(String section) {
        assertThatThrownBy(() -> host(Map.of(section, Map.of(), LifecycleTestPlugin.NAME, Map.of())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[plugin:" + section + "]: '" + section + "' is not a valid plugin section name")
                .hasMessageContaining("NAME.INSTANCE");
    }

    @Test
    void anInstanceOfAnUnknownPluginNamesTheSectionAndThePlugin() {
        assertThatThrownBy(() -> host(Map.of("irc.oftc", Map.of())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[plugin:irc.oftc] is active, but no plugin on the class path is named 'irc'")
                .hasMessageContaining(ScopedTestPlugin.NAME);
    }

    @Test
    void aScopedPolicyAppliesWhileItsPluginIsStartedAndNotAfterItStops() {
        PluginHost host = host(Map.of(ScopedTestPlugin.NAME, Map.of()));
        assertThat(policies.active()).isFalse();

        host.start();
        assertThat(policies.active()).isTrue();
        assertThat(policies.canPublish("c", "/policed/x")).isEqualTo(Decision.deny(ScopedTestPlugin.REASON));
        assertThat(policies.canSubscribe("c", "/policed/**")).isEqualTo(Decision.deny(ScopedTestPlugin.REASON));
        assertThat(policies.canPublish("c", "/free/x")).isEqualTo(Decision.ALLOW);

        host.stop();
        assertThat(policies.active()).isFalse();
        assertThat(policies.canPublish("c", "/policed/x")).isEqualTo(Decision.ALLOW);
        assertThat(policies.scopedCount()).as("removed, not just switched off").isZero();
    }

    @Test
    void aScopedPolicyOfAPluginWhoseStartFailedNeverApplies() {
        PluginHost host = host(Map.of(ScopedTestPlugin.NAME, Map.of("fail", "1"))).start();

        assertThat(host.statuses()).extracting(PluginStatus::state).containsExactly(State.FAILED);
        assertThat(ScopedTestPlugin.started()).containsKey(ScopedTestPlugin.NAME); // it did add its policy
        assertThat(policies.active()).isFalse();
        assertThat(policies.canPublish("c", "/policed/x")).isEqualTo(Decision.ALLOW);
        assertThat(policies.scopedCount()).isZero();
    }

    @Test
    void aPolicyAddedAfterTheInstanceStoppedIsIgnored() {
        PluginHost host = host(Map.of(ScopedTestPlugin.NAME, Map.of())).start();
        var context = ScopedTestPlugin.started().get(ScopedTestPlugin.NAME).context();
        host.stop();

        context.addSecurityPolicy(new org.orbited.plugin.SecurityPolicy() {
            @Override
            public Decision canPublish(String clientId, String channel) {
                return Decision.deny("late");
            }
        }).cancel();
        context.addSecurityPolicy(new org.orbited.plugin.SecurityPolicy() {
            @Override
            public Decision canPublish(String clientId, String channel) {
                return Decision.deny("late");
            }
        });

        assertThat(policies.canPublish("c", "/x")).isEqualTo(Decision.ALLOW);
        assertThat(policies.scopedCount()).isZero();
    }
}
