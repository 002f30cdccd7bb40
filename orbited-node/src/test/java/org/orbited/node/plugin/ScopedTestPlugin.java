package org.orbited.node.plugin;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.orbited.plugin.OrbitedPlugin;
import org.orbited.plugin.PluginContext;
import org.orbited.plugin.SecurityPolicy;

/**
 * Test plugin {@code scoped-test}: adds a scoped {@link SecurityPolicy} that denies, with reason
 * {@value #REASON}, publishes and subscriptions on channels starting with option {@code deny} (default
 * {@value #DEFAULT_DENY}), and claims the reserved namespace {@value #CLAIM}. With option {@code fail = 1} its {@code start} throws after adding the policy. Each
 * started instance is recorded by its id ({@link #started()}).
 */
public final class ScopedTestPlugin implements OrbitedPlugin {
    public static final String NAME = "scoped-test";
    public static final String REASON = "scoped_test";
    public static final String DEFAULT_DENY = "/policed/";
    /** The part of the reserved {@code /irc/**} namespace each instance claims. */
    public static final String CLAIM = "/irc/scoped/**";

    /** What one instance saw at start: its context, the object started, the thread it started on. */
    public record Started(PluginContext context, OrbitedPlugin instance, String thread) {
    }

    private static final Map<String, Started> STARTED = new ConcurrentHashMap<>();
    private static final java.util.Set<String> ASKED_ON = ConcurrentHashMap.newKeySet();

    /** The threads the policies were asked on. */
    public static java.util.Set<String> askedOn() {
        return java.util.Set.copyOf(ASKED_ON);
    }

    /** Instance id to what it saw at start. */
    public static Map<String, Started> started() {
        return Map.copyOf(STARTED);
    }

    public static void reset() {
        STARTED.clear();
        ASKED_ON.clear();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void start(PluginContext context) {
        String prefix = context.options().getOrDefault("deny", DEFAULT_DENY);
        context.addSecurityPolicy(new SecurityPolicy() {
            @Override
            public Decision canPublish(String clientId, String channel) {
                ASKED_ON.add(Thread.currentThread().getName());
                return channel.startsWith(prefix) ? Decision.deny(REASON) : Decision.ALLOW;
            }

            @Override
            public Decision canSubscribe(String clientId, String channelOrPattern) {
                ASKED_ON.add(Thread.currentThread().getName());
                return channelOrPattern.startsWith(prefix) ? Decision.deny(REASON) : Decision.ALLOW;
            }
        });
        context.claimChannels(CLAIM);
        STARTED.put(context.name(), new Started(context, this, Thread.currentThread().getName()));
        if ("1".equals(context.options().get("fail"))) {
            throw new IllegalStateException("scoped-test fails to start on purpose");
        }
    }
}
