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
    /** Name and options; channels that accept registrations and do nothing (the node's are tested elsewhere). */
    private static PluginContext context(String name, Map<String, String> options) {
        ServerChannels inert = (ServerChannels) java.lang.reflect.Proxy.newProxyInstance(
                ServerChannels.class.getClassLoader(), new Class<?>[] {ServerChannels.class},
                (proxy, method, args) -> method.getReturnType() == Registration.class ? (Registration) () -> { }
                        : method.getReturnType() == int.class ? 0 : null);
        return new PluginContext() {
            public String name() { return name; }
            public Map<String, String> options() { return options; }
            public ServerChannels channels() { return inert; }
            public Executor executor() { return Runnable::run; }
            public Registration addSecurityPolicy(SecurityPolicy policy) { return () -> { }; }
            public Registration claimChannels(String pattern) { return () -> { }; }
        };
    }

    @Test
    void foundByServiceLoaderUnderTheNameIrc() {
        assertThat(ServiceLoader.load(OrbitedPlugin.class).stream().map(ServiceLoader.Provider::get)
                .filter(p -> p instanceof IrcBridgePlugin)).singleElement()
                .satisfies(p -> assertThat(p.name()).isEqualTo("irc"));
    }

    @Test
    void startReadsTheOptionsAndABadOptionFailsItWithTheKey() throws Exception {
        IrcBridgePlugin plugin = new IrcBridgePlugin();
        plugin.start(context("irc.local", Map.of("host", "127.0.0.1", "tls", "0", "channels", "#help")));
        assertThat(plugin.mapping().network()).isEqualTo("local");
        assertThat(plugin.options().port()).isEqualTo(6667);
        plugin.stop();
        assertThatThrownBy(() -> new IrcBridgePlugin().start(context("irc.local", Map.of("host", "h", "channels",
                "#a", "port", "0")))).hasMessageContaining("[plugin:irc.local] port:");
    }

    @Test
    void badMirrorOptionsFailTheStartNamingTheKey() {
        Map<String, String> base = Map.of("host", "127.0.0.1", "tls", "0", "channels", "#help");
        java.util.function.BiConsumer<Map<String, String>, String> fails = (extra, message) -> {
            Map<String, String> options = new java.util.HashMap<>(base);
            options.putAll(extra);
            assertThatThrownBy(() -> new IrcBridgePlugin().start(context("irc.local", options)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
        };
        String secret = "0123456789abcdef0123456789abcdef";
        fails.accept(Map.of("mirror", "/chat/**"), "[plugin:irc.local] mirror.secret: is required with mirror");
        fails.accept(Map.of("mirror", "/irc/local/*", "mirror.secret", secret),
                "[plugin:irc.local] mirror: '/irc/local/*' overlaps /irc/**");
        fails.accept(Map.of("mirror", "/chat/**", "mirror.secret", "short"),
                "[plugin:irc.local] mirror.secret: is 5 bytes; at least 32 are required");
    }
}
