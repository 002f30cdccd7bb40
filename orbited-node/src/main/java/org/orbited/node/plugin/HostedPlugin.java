package org.orbited.node.plugin;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.orbited.plugin.OrbitedPlugin;
import org.orbited.plugin.PluginContext;
import org.orbited.plugin.Registration;
import org.orbited.plugin.SecurityPolicy;
import org.orbited.plugin.ServerChannels;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One configured plugin instance inside {@link PluginHost}: the object, its id ({@code irc} or {@code irc.oftc}),
 * its executor (thread {@code plugin-ID}), its tracked channels, its scoped security policies (asked only while it
 * is {@link PluginStatus.State#STARTED}, removed when it is released) and its state. The host drives it from one thread; {@link #status()} may be read from any.
 */
final class HostedPlugin {
    private static final Logger LOG = LoggerFactory.getLogger(HostedPlugin.class);

    private final OrbitedPlugin plugin;
    private final String name;
    private final Map<String, String> options;
    private final PluginExecutor executor;
    private final PolicyRegistry policies;
    private final Set<Registration> policyRegistrations = ConcurrentHashMap.newKeySet();
    private volatile boolean released;
    private volatile TrackingServerChannels channels;
    private volatile PluginStatus.State state = PluginStatus.State.STARTING;
    private volatile String failure;

    HostedPlugin(PluginCatalog.Resolved resolved, int queueCapacity, PolicyRegistry policies) {
        this.policies = policies;
        this.plugin = resolved.plugin();
        this.name = resolved.name();
        this.options = resolved.options();
        this.executor = new PluginExecutor(name, queueCapacity, resolved.loader());
    }

    String name() {
        return name;
    }

    PluginStatus.State state() {
        return state;
    }

    /**
     * Asks {@code factory} for channels and queues {@code start} on the plugin thread.
     *
     * @return completes when {@code start} returns, or exceptionally with what it threw
     * @throws RuntimeException what the factory threw
     */
    CompletableFuture<Void> beginStart(ServerChannelsFactory factory) {
        ServerChannels engine = factory.create(name, executor);
        TrackingServerChannels tracked = new TrackingServerChannels(name, engine, executor);
        channels = tracked;
        PluginContext context = new DefaultPluginContext(name, options, tracked, executor,
                this::addPolicy, this::addClaim);
        return executor.submitLifecycle("start", () -> plugin.start(context));
    }

    /** Adds a scoped policy, asked while this instance is started; a no-op registration once released. */
    Registration addPolicy(SecurityPolicy policy) {
        if (released) {
            return () -> { };
        }
        return tracked(policies.add(name, policy, () -> state == PluginStatus.State.STARTED));
    }

    /** Claims part of a reserved namespace while this instance is started; a no-op registration once released. */
    Registration addClaim(String pattern) {
        if (released) {
            org.orbited.plugin.ChannelId.parse(pattern); // still reject a bad name
            return () -> { };
        }
        return tracked(policies.claims().add(name, pattern, () -> state == PluginStatus.State.STARTED));
    }

    /** {@code r}, cancelled with this instance's other policy registrations when it is released. */
    private Registration tracked(Registration r) {
        Registration tracked = new Registration() {
            @Override
            public void cancel() {
                policyRegistrations.remove(this);
                r.cancel();
            }
        };
        policyRegistrations.add(tracked);
        if (released) { // release() may have run before the add
            tracked.cancel();
        }
        return tracked;
    }

    void started() {
        state = PluginStatus.State.STARTED;
        LOG.info("[plugin:{}] started ({})", name, plugin.getClass().getName());
    }

    /** Marks it failed, cancels what it registered and ends its thread (interrupting a hung start). */
    void fail(String reason, Throwable cause) {
        failure = reason;
        state = PluginStatus.State.FAILED;
        LOG.error("[plugin:{}] failed: {}; the node runs on without it", name, reason, cause);
        release(true);
    }

    /** Queues {@code stop} on the plugin thread. */
    CompletableFuture<Void> beginStop() {
        return executor.submitLifecycle("stop", plugin::stop);
    }

    /** Cancels its registrations, makes its channels inert and ends its thread. Idempotent. */
    void release(boolean interrupt) {
        released = true;
        for (Registration r : policyRegistrations) {
            r.cancel();
        }
        TrackingServerChannels c = channels;
        if (c != null) {
            c.close();
        }
        if (interrupt) {
            executor.shutdownNow();
        } else {
            executor.shutdown();
        }
        if (state == PluginStatus.State.STARTED) {
            state = PluginStatus.State.STOPPED;
        }
    }

    boolean awaitTermination(long millis) throws InterruptedException {
        return executor.awaitTermination(millis);
    }

    PluginStatus status() {
        return new PluginStatus(name, state, executor.droppedTasks(), failure);
    }
}
