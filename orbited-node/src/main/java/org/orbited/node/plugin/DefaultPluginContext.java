package org.orbited.node.plugin;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.orbited.plugin.PluginContext;
import org.orbited.plugin.Registration;
import org.orbited.plugin.SecurityPolicy;
import org.orbited.plugin.ServerChannels;

/**
 * The {@link PluginContext} {@link PluginHost} gives a plugin instance: its id, options, tracked channels, executor,
 * and where its scoped policies go ({@link HostedPlugin#addPolicy}).
 */
record DefaultPluginContext(String name, Map<String, String> options, ServerChannels channels, Executor executor,
                            Function<SecurityPolicy, Registration> policies,
                            Function<String, Registration> claims) implements PluginContext {
    DefaultPluginContext {
        options = Map.copyOf(options);
    }

    @Override
    public Registration addSecurityPolicy(SecurityPolicy policy) {
        return policies.apply(Objects.requireNonNull(policy, "policy"));
    }

    @Override
    public Registration claimChannels(String pattern) {
        return claims.apply(Objects.requireNonNull(pattern, "pattern"));
    }
}
