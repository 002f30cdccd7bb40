package org.orbited.node.plugin;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.orbited.plugin.OrbitedPlugin;
import org.orbited.plugin.PluginContext;
import org.orbited.plugin.ServerChannels;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One configured plugin inside {@link PluginHost}: the instance, its executor (thread {@code plugin-NAME}), its
 * tracked channels and its state. The host drives it from one thread; {@link #status()} may be read from any.
 */
final class HostedPlugin {
    private static final Logger LOG = LoggerFactory.getLogger(HostedPlugin.class);

    private final OrbitedPlugin plugin;
    private final String name;
    private final Map<String, String> options;
    private final PluginExecutor executor;
    private volatile TrackingServerChannels channels;
    private volatile PluginStatus.State state = PluginStatus.State.STARTING;
    private volatile String failure;

    HostedPlugin(PluginCatalog.Resolved resolved, int queueCapacity) {
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
        PluginContext context = new DefaultPluginContext(name, options, tracked, executor);
        return executor.submitLifecycle("start", () -> plugin.start(context));
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
