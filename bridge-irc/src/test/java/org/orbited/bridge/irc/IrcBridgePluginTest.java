package org.orbited.bridge.irc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;
import org.orbited.plugin.OrbitedPlugin;
import org.orbited.plugin.PluginContext;
import org.orbited.plugin.Registration;
import org.orbited.plugin.SecurityPolicy;
import org.orbited.plugin.ServerChannels;

class IrcBridgePluginTest {
    /** Only what start() uses so far: name and options. */
    private static PluginContext context(String name, Map<String, String> options) {
        return new PluginContext() {
            public String name() { return name; }
            public Map<String, String> options() { return options; }
            public ServerChannels channels() { throw new UnsupportedOperationException("not used yet"); }
            public Executor executor() { return Runnable::run; }
            public Registration addSecurityPolicy(SecurityPolicy policy) { throw new UnsupportedOperationException(); }
        };
    }

    @Test
    void foundByServiceLoaderUnderTheNameIrc() {
        assertThat(ServiceLoader.load(OrbitedPlugin.class).stream().map(ServiceLoader.Provider::get)
                .filter(p -> p instanceof IrcBridgePlugin)).singleElement()
                .satisfies(p -> assertThat(p.name()).isEqualTo("irc"));
    }

    @Test
    void startReadsTheOptionsAndABadOptionFailsItWithTheKey() {
        IrcBridgePlugin plugin = new IrcBridgePlugin();
        plugin.start(context("irc.local", Map.of("host", "127.0.0.1", "tls", "0", "channels", "#help")));
        assertThat(plugin.mapping().network()).isEqualTo("local");
        assertThat(plugin.options().port()).isEqualTo(6667);
        assertThatThrownBy(() -> new IrcBridgePlugin().start(context("irc.local", Map.of("host", "h", "channels",
                "#a", "port", "0")))).hasMessageContaining("[plugin:irc.local] port:");
    }
}
